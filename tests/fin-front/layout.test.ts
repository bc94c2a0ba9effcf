// C-like layout: natural alignment, padding, size rounded to alignment; sizeof/@alignof/@offsetof.
import { describe, expect, it } from 'vitest';
import { fails, ok } from './helpers.ts';

function structs(src: string): Record<string, { size: number; align: number; offsets: number[] }> {
  const p = ok(src);
  return Object.fromEntries(p.structs.map((s) => [s.name, { size: s.size, align: s.align, offsets: s.fields.map((f) => f.offset) }]));
}

function consts(src: string): number[] {
  return ok(src).consts.map((c) => c.value);
}

describe('struct layout', () => {
  it('pads fields to their alignment and rounds the size', () => {
    expect(structs(`
struct A { a: u8, b: u32, c: u16 }
struct B { a: u8, b: u8, c: u16, d: u32 }
struct C { a: u32, b: u8 }
struct D { a: bool, b: i16, c: *u8, d: fn(u32) -> u32, e: u8 }
struct E { }
struct F { a: u8, b: u8, c: u8 }
`)).toEqual({
      A: { size: 12, align: 4, offsets: [0, 4, 8] },
      B: { size: 8, align: 4, offsets: [0, 1, 2, 4] },
      C: { size: 8, align: 4, offsets: [0, 4] },
      D: { size: 16, align: 4, offsets: [0, 2, 4, 8, 12] },
      E: { size: 0, align: 1, offsets: [] },
      F: { size: 3, align: 1, offsets: [0, 1, 2] },
    });
  });

  it('nests structs and arrays by value', () => {
    expect(structs(`
struct Inner { x: u16, y: u8 }
struct Outer { a: u8, inner: Inner, b: [3]Inner, c: [5]u8, d: u32 }
struct Usage { e: Kind, f: [2]Kind, g: u8 }
enum Kind: u16 { A, B }
struct Words { w: [2]usize, i: isize }
`)).toEqual({
      Inner: { size: 4, align: 2, offsets: [0, 2] },
      Outer: { size: 28, align: 4, offsets: [0, 2, 6, 18, 24] },
      Usage: { size: 8, align: 2, offsets: [0, 2, 6] },
      Words: { size: 12, align: 4, offsets: [0, 8] },
    });
  });

  it('allows pointers to itself and to later structs, not containment', () => {
    expect(structs('struct L { next: *L, prev: *L, other: *M }\nstruct M { l: L }')).toEqual({
      L: { size: 12, align: 4, offsets: [0, 4, 8] },
      M: { size: 12, align: 4, offsets: [0] },
    });
    fails('struct S {\n a: S }', 'E0204', 2);
    fails('struct A { b: B }\nstruct B {\n a: [2]A }', 'E0204', 3);
    fails('type T = *T;', 'E0204', 1);
    fails('struct S { a: u32,\n a: u8 }', 'E0207', 2);
    fails('struct S {\n a: void }', 'E0208', 2);
    fails('struct S {\n a: *void }', 'E0208', 2);
    fails('struct S { a: [0x7000_0000]u8,\n b: [0x7000_0000]u8 }\nstruct T { s: S }', 'E0208', 1);
  });

  it('uses constants for array lengths, and rejects non-constant or oversized ones', () => {
    expect(structs('const N: u32 = 3;\nstruct S { a: [N * 2]u16 }')).toEqual({ S: { size: 12, align: 2, offsets: [0] } });
    fails('var n: u32 = 3;\nstruct S {\n a: [n]u8 }', 'E0500', 3);
    fails('struct S {\n a: [0x4000_0000][4]u8 }', 'E0208', 2);
    fails('const N: i32 = -1;\nstruct S {\n a: [N]u8 }', 'E0208', 3);
    fails('struct S {\n a: [true]u8 }', 'E0300', 2);
  });
});

describe('layout constants', () => {
  it('sizeof, @sizeof, @alignof, @offsetof', () => {
    expect(consts(`
struct P { a: u8, b: u32, c: [3]u16 }
const S1 = sizeof(P);
const S2 = @sizeof([4]P);
const A1 = @alignof(P);
const O1 = @offsetof(P, b);
const O2 = @offsetof(P, c);
const S3 = sizeof(*P) + sizeof(bool) + sizeof(i16) + sizeof(fn());
const A2 = @alignof(u16);
`)).toEqual([16, 64, 4, 4, 8, 4 + 1 + 2 + 4, 2]);
  });

  it('layout constants are untyped: they take the context type', () => {
    const p = ok('struct P { a: u32 }\nconst A: u8 = sizeof(P);\nconst B: usize = @alignof(P) * 2;');
    expect(p.consts.map((c) => [c.type.kind === 'int' ? c.type.name : '', c.value])).toEqual([['u8', 4], ['usize', 8]]);
  });

  it('reports bad layout intrinsic arguments', () => {
    fails('struct P { a: u32 }\nconst A = @offsetof(P,\n nope);', 'E0205', 3);
    fails('const A = @offsetof(u32, a);', 'E0310', 1);
    fails('const A = sizeof(void);', 'E0208', 1);
    fails('const A = sizeof(Nope);', 'E0200', 1);
  });
});
