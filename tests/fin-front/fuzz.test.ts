// Fuzzing: random text, token soup and mutated valid programs must only ever produce diagnostics —
// never an exception, never an internal error — and a program comes back exactly when there are
// no errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkProgram, formatDiagnostic, type Arch } from '../../compiler/fin/index.ts';
import { SPEC_EXAMPLE, STD_IO } from './helpers.ts';
import { generateProgram } from './gen-program.ts';

function run(src: string, arch: Arch = 'x86', lib = ''): number {
  const files: Record<string, string> = { '/src/main.fin': src, '/std/std/io.fin': STD_IO, '/src/lib.fin': lib };
  let r;
  try {
    r = checkProgram({ mainFiles: ['/src/main.fin'], roots: ['/std', '/src'], arch, readFile: (p) => files[p] });
  } catch (e) {
    throw new Error(`threw for ${JSON.stringify(src.slice(0, 300))}: ${String(e)}`);
  }
  const internal = r.diagnostics.find((d) => d.code === 'E9999');
  if (internal) throw new Error(`internal error for ${JSON.stringify(src.slice(0, 600))}: ${formatDiagnostic(internal)}`);
  for (const d of r.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
  }
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  expect(r.program === undefined).toBe(errors > 0);
  return errors;
}

const VOCAB = [
  'fn', 'var', 'const', 'struct', 'enum', 'type', 'extern', 'pub', 'import', 'module', 'as', 'if', 'else', 'while', 'for',
  'in', 'loop', 'break', 'continue', 'return', 'switch', 'case', 'default', 'true', 'false', 'null', 'sizeof',
  'x', 'y', 'f', 'S', 'E', 'main', 'u8', 'u32', 'i8', 'i32', 'usize', 'bool', 'void', 'io', 'lib', 'std.io', 'lib.P',
  '0', '1', '255', '-1', '0xFF', '0b12', "'a'", "'\\x41'", '"s"', '"\\q"', '@port_in8', '@is_arch("arm")', '@sizeof',
  '@offsetof', '@syscall', '@mmio_write8', '(', ')', '{', '}', '[', ']', ',', ';', ':', '.', '..', '=>', '->', '=',
  '+=', '<<=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<<', '>>', '==', '!=', '<', '<=', '>', '>=', '&&', '||',
  '/*', '*/', '//', '\n',
];

const LIB = 'pub struct P { a: u32, b: *P }\npub fn g(p: *P) -> u32 { return p.a; }\nfn hidden() { }\npub enum K: u8 { A, B }';

/** Splits source into rough tokens (words, numbers, strings, punctuation, whitespace). */
function roughTokens(src: string): string[] {
  return src.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_@][A-Za-z0-9_]*|0[xXbBoO][0-9A-Fa-f_]+|\d+|\.\.|=>|->|<<=|>>=|[-+*/%&|^=!<>]=|&&|\|\||<<|>>|\s+|./g) ?? [];
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), tok: fc.constantFrom(...VOCAB) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), tok: fc.constantFrom(...VOCAB) }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
);

function mutate(tokens: string[], muts: { op: string; at: number; tok?: string }[]): string {
  const t = [...tokens];
  for (const m of muts) {
    if (t.length === 0) break;
    const i = m.at % t.length;
    if (m.op === 'delete') t.splice(i, 1);
    else if (m.op === 'insert') t.splice(i, 0, ' ', m.tok!, ' ');
    else if (m.op === 'replace') t[i] = m.tok!;
    else if (m.op === 'swap' && i + 1 < t.length) [t[i], t[i + 1]] = [t[i + 1]!, t[i]!];
    else if (m.op === 'duplicate') t.splice(i, 0, t[i]!);
  }
  return t.join('');
}

const SAMPLES = [
  SPEC_EXAMPLE,
  generateProgram(60),
  `import lib;
const N: u32 = 4;
enum Kind: u8 { A = 1, B }
struct T { p: lib.P, k: Kind, arr: [N]u16 }
var tbl: fn(*lib.P) -> u32 = lib.g;
var msg: *u8 = "hi\\n";
fn h(t: *T) -> u32 {
  var s: u32 = @offsetof(T, k) + sizeof(T);
  switch t.k { case Kind.A => s += 1; case Kind.B => { s -= 1; } default => { } }
  if @is_arch("x86") { s += @port_in8(0x60) as u32; } else { @mmio_write8(0x1000, 1); }
  for i in 0..N { t.arr[i] = (i as u16) << 2; }
  loop { if s > 10 { break; } s += tbl(&t.p); }
  var q = &t.arr[0] + 2;
  return s + ((*q) as u32) + (lib.K.B as u8) as u32;
}`,
];

describe('fuzz', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void run(s)), { numRuns: 300, seed: 1 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => void run(s)), { numRuns: 100, seed: 2 });
  });

  it('token soup', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...VOCAB), { maxLength: 60 }), fc.constantFrom<Arch>('x86', 'arm'), (toks, arch) => void run(toks.join(' '), arch, LIB)), { numRuns: 400, seed: 3 });
  });

  it('mutated valid programs', () => {
    for (const src of SAMPLES) expect(run(src, 'x86', LIB)).toBe(0);
    const tokenized = SAMPLES.map(roughTokens);
    fc.assert(
      fc.property(fc.nat({ max: SAMPLES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constantFrom<Arch>('x86', 'arm'), (k, muts, arch) => {
        run(mutate(tokenized[k]!, muts), arch, LIB);
      }),
      { numRuns: 600, seed: 4 },
    );
  });

  it('truncated programs', () => {
    const src = SAMPLES[2]!;
    for (let n = 0; n < src.length; n += 7) run(src.slice(0, n), 'arm', LIB);
  });

  it('odd but valid corner cases', () => {
    for (const s of ['', '\n\n', '// only a comment', 'module m;', '/**/', 'struct S {}', 'enum E {}', 'fn f() {}']) run(s);
  });
});
