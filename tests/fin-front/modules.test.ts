// Multi-module programs: module naming, search roots, pub/private, `import as`, cycles, errors.
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/fin/index.ts';
import { compile, fails, fn, ok } from './helpers.ts';

const CAPS = `module os.caps;
pub struct Cap { kind: Kind, base: u32 }
pub enum Kind: u8 { Ram = 1, Frame, Device }
pub const SLOTS: u32 = 16;
pub var count: u32;
pub type Slot = [SLOTS]Cap;
pub fn make(k: Kind) -> Cap { var c: Cap; c.kind = k; c.base = secret(); return c; }
fn secret() -> u32 { return 42; }
const HIDDEN: u32 = 1;
`;

describe('imports', () => {
  it('uses pub members through the alias, with import as', () => {
    const p = ok(`import os.caps as caps;
import std.io;
fn f() -> u32 {
  var c = caps.make(caps.Kind.Frame);
  var slots: caps.Slot;
  slots[0] = c;
  caps.count += caps.SLOTS;
  io.print("x");
  return c.base + (c.kind as u8) as u32;
}`, { files: { '/src/os/caps.fin': CAPS } });
    expect(p.modules.map((m) => [m.name, m.isMain])).toEqual([['main', true], ['os.caps', false], ['std.io', false]]);
    expect(p.enums[0]!.members.map((m) => [m.name, m.value])).toEqual([['Ram', 1], ['Frame', 2], ['Device', 3]]);
    expect(fn(p, 'f').locals[1]!.type).toMatchObject({ kind: 'array', len: 16 });
    expect(p.globals.find((g) => g.name === 'count')!.linkName).toBe('os.caps.count');
  });

  it('defaults the alias to the last path segment', () => {
    ok('import os.caps;\nfn f() -> u32 { return caps.SLOTS; }', { files: { '/src/os/caps.fin': CAPS } });
    fails('import os.caps as c;\nfn f() -> u32 {\n return caps.SLOTS; }', 'E0200', 3, { files: { '/src/os/caps.fin': CAPS } });
  });

  it('rejects private members (values and types)', () => {
    const files = { '/src/os/caps.fin': CAPS };
    fails('import os.caps;\nfn f() -> u32 {\n return caps.secret(); }', 'E0104', 3, { files });
    fails('import os.caps;\nfn f() -> u32 {\n return caps.HIDDEN; }', 'E0104', 3, { files });
    fails('import os.caps;\nfn f() -> u32 {\n return caps.nothing; }', 'E0105', 3, { files });
  });

  it('rejects private types used from another module', () => {
    const files = { '/src/lib.fin': 'struct Priv { x: u32 }\npub struct Pub { x: u32 }' };
    ok('import lib;\nvar a: lib.Pub;', { files });
    fails('import lib;\nvar a:\n lib.Priv;', 'E0104', 3, { files });
  });

  it('rejects a module used as a value or type', () => {
    const files = { '/src/lib.fin': 'pub const A: u32 = 1;' };
    fails('import lib;\nfn f() {\n var x = lib; }', 'E0106', 3, { files });
    fails('import lib;\nvar x:\n lib;', 'E0106', 3, { files });
  });

  it('allows cyclic imports for declarations', () => {
    const p = ok('import a;\nfn f() -> u32 { return a.get(); }', {
      files: {
        '/src/a.fin': 'import b;\npub struct A { other: *b.B, n: u32 }\npub fn get() -> u32 { return b.twice(b.BASE); }\npub const SIZE: u32 = 4;',
        '/src/b.fin': 'import a;\npub struct B { back: *a.A, data: [a.SIZE]u8 }\npub const BASE: u32 = 21;\npub fn twice(x: u32) -> u32 { var v: B; return x * 2 + sizeof(B) - 8; }',
      },
    });
    expect(p.structs.map((s) => [s.name, s.size])).toEqual([['A', 8], ['B', 8]]);
  });

  it('reports a missing module with the paths it tried', () => {
    const r = fails('\nimport net.arp;', 'E0100', 2);
    expect(r.errors[0]!.message).toContain('/std/net/arp.fin');
    expect(r.errors[0]!.message).toContain('/src/net/arp.fin');
  });

  it('searches the roots in order (stdlib first)', () => {
    const p = ok('import std.io;\nfn f() { io.print("a"); }', { files: { '/src/std/io.fin': 'pub fn other() { }' } });
    expect(p.modules[1]!.path).toBe('/std/std/io.fin');
  });

  it('checks module declarations against the import path', () => {
    fails('import lib;', 'E0101', 1, { files: { '/src/lib.fin': 'module other;' } });
    const p = ok('module app.main;\nimport lib;', { files: { '/src/lib.fin': 'module lib;' } });
    expect(p.modules.map((m) => m.name)).toEqual(['app.main', 'lib']);
  });

  it('reports syntax errors in imported files with their path', () => {
    const r = compile('import lib;', { files: { '/src/lib.fin': 'pub fn f( { }' } });
    expect(r.errors[0]).toMatchObject({ code: 'E0001', path: '/src/lib.fin', line: 1 });
  });

  it('names main files by path and reports duplicates and unreadable files', () => {
    const files: Record<string, string> = { '/src/apps/a.fin': 'module same;', '/src/apps/b.fin': 'module same;', '/src/apps/c.fin': '' };
    const read = (p: string) => files[p];
    const dup = checkProgram({ mainFiles: ['/src/apps/a.fin', '/src/apps/b.fin'], roots: ['/src'], arch: 'x86', readFile: read });
    expect(dup.diagnostics.map((d) => d.code)).toEqual(['E0102']);
    const named = checkProgram({ mainFiles: ['/src/apps/c.fin', '/elsewhere/x.fin'], roots: ['/src'], arch: 'x86', readFile: (p) => (p === '/elsewhere/x.fin' ? '' : read(p)) });
    expect(named.program!.modules.map((m) => m.name)).toEqual(['apps.c', 'x']);
    const missing = checkProgram({ mainFiles: ['/nope.fin'], roots: [], arch: 'x86', readFile: () => undefined });
    expect(missing.diagnostics.map((d) => [d.code, d.path])).toEqual([['E0103', '/nope.fin']]);
  });

  it('reports duplicate import aliases', () => {
    fails('import std.io;\nimport a as io;', 'E0201', 2, { files: { '/src/a.fin': '' } });
    fails('import std.io;\nfn io() { }', 'E0201', 2);
  });
});

describe('qualified values', () => {
  it('reads fields and elements of another module\'s globals', () => {
    const files = { '/src/lib.fin': 'pub struct P { a: u32, b: [2]u8 }\npub var g: P;\npub var arr: [3]u32;\npub enum K { A, B }' };
    const p = ok('import lib;\nfn f() -> u32 { lib.g.a = 1; lib.g.b[1] = 2; lib.arr[2] = lib.g.a; var k = lib.K.B; return lib.arr[2] + (k as u32); }', { files });
    expect(fn(p, 'f').body!.length).toBe(5);
    fails('import lib;\nfn f() -> u32 {\n return lib.g.nope; }', 'E0205', 3, { files });
    fails('import lib;\nfn f() -> u32 {\n return lib.K.C as u32; }', 'E0206', 3, { files });
  });
});
