// Hakefile syntax: the layout rule, the expression forms Barrelfish Hakefiles use, located
// syntax errors, and the real Barrelfish Hakefiles of the corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalHakefile } from '../../compiler/hake/hakefile.ts';
import { BLOCK_CLOSE, BLOCK_OPEN, BLOCK_SEP, layout } from '../../compiler/hake/layout.ts';
import { parseHakefile } from '../../compiler/hake/parse.ts';
import type { ProgramRule } from '../../compiler/hake/records.ts';

const CORPUS = '../shared/corpus/barrelfish/hake/';
const visible = (s: string) => s.replaceAll(BLOCK_OPEN, '{').replaceAll(BLOCK_SEP, ';').replaceAll(BLOCK_CLOSE, '}');
const rules = (src: string) => {
  const r = evalHakefile(src, 'Hakefile');
  expect(r.diagnostics).toEqual([]);
  return r.rules as ProgramRule[];
};

describe('layout', () => {
  it('opens a block at the first token after let/where/of and separates items at its column', () => {
    const src = 'let a = 1\n    b = f x\n      where f y = y\nin a';
    expect(visible(layout(src).text)).toBe('let {a = 1\n    ;b = f x\n      where {f y = y\n}}in a');
  });
  it('closes blocks at a closing bracket and keeps the map to original offsets', () => {
    const src = '[(let x = 1 in x), (case y of "a" -> 1)]';
    const l = layout(src);
    expect(visible(l.text)).toBe('[(let {x = 1 }in x), (case y of {"a" -> 1})]');
    const close = l.text.indexOf(BLOCK_CLOSE, l.text.indexOf('"a"'));
    expect(l.origin[close]).toBe(src.indexOf(')]'));
  });
  it('ignores layout keywords inside strings and comments', () => {
    expect(visible(layout('[ "let x" -- where\n {- of -} ]').text)).toBe('[ "let x" -- where\n {- of -} ]');
  });
});

describe('Hakefile expressions', () => {
  it('reads records, lists, ++, comments and the fields of a shoal application', () => {
    const [r] = rules(`-- a comment
      {- a {- nested -} block comment -}
      [ build application { target = "hello", finFiles = [ "hello.fin" ] ++ [ "util.fin" ],
          flounderBindings = [ "echo" ], flounderDefs = [ "mem" ], mackerelDevices = [ "pc16550" ],
          addLibraries = [ "os" ], architectures = [ "x86", "arm" ] } ]`);
    expect(r).toMatchObject({
      kind: 'application', target: 'hello', finFiles: ['hello.fin', 'util.fin'], flounderBindings: ['echo'],
      flounderDefs: ['mem'], mackerelDevices: ['pc16550'], addLibraries: ['os'], architectures: ['x86', 'arm'],
      at: { line: 3, col: 9 },
    });
  });
  it('evaluates let, pattern-matching helpers, where, case, if, lambdas and comprehensions', () => {
    const rs = rules(`
let
    arch_srcs "x86" = [ "start.x86.s" ]
    arch_srcs _     = [ "start." ++ a ++ ".s" | a <- [ "arm" ] ]
    common = map (\\f -> f ++ ".fin") names
      where names = [ "a", "b" ]
    kind a = case a of
        "x86" -> "pc"
        _     -> if a == "arm" then "board" else "other"
in
[ build library { target = "lib-" ++ kind arch, finFiles = common,
                  assemblyFiles = arch_srcs arch, architectures = [ arch ] }
  | arch <- allArchitectures, arch /= "none" ]`);
    expect(rs.map((r) => [r.target, r.assemblyFiles, r.finFiles, r.architectures])).toEqual([
      ['lib-pc', ['start.x86.s'], ['a.fin', 'b.fin'], ['x86']],
      ['lib-board', ['start.arm.s'], ['a.fin', 'b.fin'], ['arm']],
    ]);
  });
  it('updates a record built by a function (Barrelfish\'s `build (f x) { … }`) and selects fields', () => {
    const rs = rules(`
let base t = application { target = t, finFiles = [ "main.fin" ] }
in [ build (base "a") { finFiles = Args.finFiles (base "a") ++ [ "extra.fin" ] } ]`);
    expect(rs[0]).toMatchObject({ target: 'a', finFiles: ['main.fin', 'extra.fin'] });
  });
  it('evaluates operator sections and composition', () => {
    const [r] = rules('[ build application { target = (++) "t" "1", finFiles = [ (.) takeBaseName id "b.x", (takeBaseName . id) "c.y" ] } ]');
    expect(r).toMatchObject({ target: 't1', finFiles: ['b', 'c'] });
  });
  it('defaults architectures to every personality', () => {
    expect(rules('[ build application { target = "x" } ]')[0].architectures).toEqual(['x86', 'arm']);
  });
});

describe('syntax errors are located', () => {
  const first = (src: string) => parseHakefile(src, 'os-src/x/Hakefile').diagnostics[0];
  it('names the line and column of the unexpected token', () => {
    expect(first('[ build application { target = "x",\n  finFiles = [ "a" ++ ] } ]')).toMatchObject({ code: 'H0001', line: 2, col: 23 });
    expect(first('[ build application { target = "x" ]')).toMatchObject({ code: 'H0001', line: 1, col: 36 });
  });
  it('reports an unterminated string or block comment', () => {
    expect(first('[ "abc ]')).toMatchObject({ code: 'H0001', line: 1 });
    expect(first('{- open\n[ ]')).toMatchObject({ code: 'H0001' });
  });
  it('reports Haskell that Hake does not evaluate where it is', () => {
    const r = evalHakefile('[ x | x <- do ]', 'Hakefile');
    expect(r.diagnostics[0]).toMatchObject({ code: 'H0002', line: 1, col: 12 });
  });
});

describe('the Barrelfish corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('Hakefile')).sort();
  it.each(files)('%s parses', (f) => {
    const r = parseHakefile(readFileSync(CORPUS + f, 'utf8'), f);
    expect(r.diagnostics).toEqual([]);
    expect(r.expr).toBeDefined();
  });
  it('evaluates to located errors where it uses what shoal does not have', () => {
    const errs = Object.fromEntries(files.map((f) => {
      const d = evalHakefile(readFileSync(CORPUS + f, 'utf8'), f).diagnostics[0];
      return [f, d && `${d.line}:${d.col} ${d.code}`];
    }));
    expect(errs).toEqual({
      'devices.Hakefile': '17:3 H0100', // mackerel2
      'if.Hakefile': '17:3 H0100', // flounderGenIfTypes
      'lib_barrelfish.Hakefile': '129:25 H0100', // Config.libbarrelfish_pmap_array
      'lib_mm.Hakefile': '13:34 H0105', // cFiles
      'platforms.Hakefile': '419:5 H0100', // platform
      'usr_bench_ump_bench.Hakefile': '13:47 H0105',
      'usr_examples_xmpl-rpc.Hakefile': '14:23 H0105',
      'usr_fish.Hakefile': '16:23 H0105',
      'usr_monitor.Hakefile': '36:40 H0100', // optInterconnectDrivers
    });
  });
  it('reads the corpus records once C sources are Fin sources', () => {
    const src = readFileSync(CORPUS + 'usr_bench_ump_bench.Hakefile', 'utf8').replaceAll('cFiles', 'finFiles').replaceAll('.c"', '.fin"').replaceAll('"x86_64"', '"x86"');
    const rs = rules(src);
    expect(rs.map((r) => r.target)).toEqual(['ump_latency', 'ump_latency_cache', 'ump_throughput', 'ump_send', 'ump_receive', 'ump_exchange']);
    expect(rs[1]).toMatchObject({ finFiles: ['main.fin', 'latency_cache.fin'], flounderDefs: ['monitor'], flounderBindings: ['bench'], addLibraries: ['bench'], architectures: ['x86'] });
  });
  it('evaluates the monitor Hakefile\'s let/where helpers up to the first Barrelfish-only function', () => {
    const src = readFileSync(CORPUS + 'usr_monitor.Hakefile', 'utf8');
    const d = evalHakefile(src, 'usr_monitor.Hakefile').diagnostics[0];
    expect(d.message).toContain('optInterconnectDrivers');
  });
});
