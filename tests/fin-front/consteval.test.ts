// Constant evaluation: wrapping per type, signed division and remainder, shifts modulo the width,
// enum values, consts referring to consts, cycles and division by zero.
import { describe, expect, it } from 'vitest';
import { foldArith, wrap } from '../../compiler/fin/consteval.ts';
import { I16, I32, I8, U16, U32, U8 } from '../../compiler/fin/types.ts';
import { exprsOf, fails, fn, ok } from './helpers.ts';

function values(src: string): number[] {
  return ok(src).consts.map((c) => c.value);
}

describe('constant arithmetic', () => {
  it('wraps in the type', () => {
    expect(values(`
const A: u8 = 250 + 10;
const B: i8 = -100 - 100;
const C: u16 = 0xFFFF * 0xFFFF;
const D: u32 = 0xFFFF_FFFF + 2;
const E: i32 = 0x7FFF_FFFF + 1;
const F: i16 = 300 * 300;
const G: u8 = ~0;
const H: i8 = -(-128);
const I: u32 = 0 - 1;
`)).toEqual([4, 56, 1, 1, -2147483648, 24464, 255, -128, 0xffffffff]);
  });

  it('divides toward zero; % takes the sign of the dividend', () => {
    expect(values(`
const A: i32 = -7 / 2;
const B: i32 = -7 % 2;
const C: i32 = 7 % -2;
const D: u32 = 7 / 2;
const E: i8 = -128 / -1;
const F: u8 = 255 / 16;
`)).toEqual([-3, -1, 1, 3, -128, 15]);
  });

  it('shifts modulo the width; >> is arithmetic on signed types', () => {
    expect(values(`
const A: u8 = 1 << 9;
const B: u32 = 1 << 33;
const C: i8 = -128 >> 7;
const D: u8 = 0x80 >> 7;
const E: i32 = -1 >> 31;
const F: u32 = 0x8000_0000 >> 31;
const G: u16 = 0xFFFF << 4;
const H: i16 = -2 >> 1;
`)).toEqual([2, 2, -1, 1, -1, 1, 0xfff0, -1]);
  });

  it('folds bitwise operators, comparisons, logic and casts', () => {
    expect(values(`
const A: u32 = 0xF0 | 0x0F & 0x3C ^ 0x01;
const B = 3 < 4 && !(2 == 3) || false;
const C = (-1 as i8) as u32;
const D = (0x1234_5678 as u16) as u32;
const E = (200 as u8) as i8;
const F = (true as u8) + 1;
const G = 0xFFFF_FFFF as i32;
`)).toEqual([0xf0 | (0x0f & 0x3c) ^ 0x01, 1, 0xffffffff, 0x5678, -56, 2, -1]);
  });

  it('folds constants inside function bodies', () => {
    const p = ok('const K: u32 = 10;\nfn f(x: u32) -> u32 { return x + K * 2 - sizeof(u16); }');
    const consts = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'const');
    expect(consts.map((e) => (e.kind === 'const' ? e.value : 0))).toEqual([20, 2]);
  });

  it('matches the run-time rules in the helper functions', () => {
    expect(wrap(256, U8)).toBe(0);
    expect(wrap(128, I8)).toBe(-128);
    expect(wrap(-1, U16)).toBe(0xffff);
    expect(wrap(0x8000, I16)).toBe(-0x8000);
    expect(wrap(2 ** 32 + 5, U32)).toBe(5);
    expect(foldArith('*', 0xffffffff, 0xffffffff, U32)).toBe(1);
    expect(foldArith('/', -2147483648, -1, I32)).toBe(-2147483648);
    expect(foldArith('%', 5, 0, U32)).toBeUndefined();
  });
});

describe('constant errors', () => {
  it('reports division by zero', () => {
    fails('const A: u32 = 1 / 0;', 'E0501', 1);
    fails('const Z: u32 = 0;\nconst A: u32 =\n 5 % Z;', 'E0501', 3);
  });

  it('reports cycles', () => {
    fails('const A: u32 = B;\nconst B: u32 = A;', 'E0502', 2);
    fails('const A: u32 = A + 1;', 'E0502', 1);
    fails('struct S { a: [N]u8 }\nconst N: u32 = sizeof(S);', 'E0204', 2);
  });

  it('accepts consts of bool, enum and pointer types', () => {
    const p = ok('enum E: i8 { A = -2, B }\nconst X = E.B;\nconst P: *u32 = 0x1000 as *u32;\nconst N: *u8 = null;\nconst T: bool = X == E.B;');
    expect(p.consts.map((c) => [c.type.kind, c.value])).toEqual([['enum', -1], ['pointer', 0x1000], ['pointer', 0], ['bool', 1]]);
  });
});

describe('enum values', () => {
  it('counts from 0, or from the previous value, and uses the underlying type', () => {
    const p = ok(`pub enum Kind: u8 { Ram = 1, Frame, Device }
enum Plain { A, B, C = 10, D }
enum Neg: i16 { M = -3, N, O = 0x10 + 1, P }
const BASE: u8 = 200;
enum FromConst: u8 { X = BASE, Y }`);
    expect(p.enums.map((e) => [e.name, e.base.name, e.members.map((m) => m.value)])).toEqual([
      ['Kind', 'u8', [1, 2, 3]], ['Plain', 'u32', [0, 1, 10, 11]], ['Neg', 'i16', [-3, -2, 17, 18]], ['FromConst', 'u8', [200, 201]],
    ]);
  });

  it('reports overflow, bad types, duplicates and unknown members', () => {
    fails('enum E: u8 { A = 255,\n B }', 'E0301', 2);
    fails('enum E: u8 {\n A = 256 }', 'E0301', 2);
    fails('enum E:\n bool { A }', 'E0208', 2);
    fails('enum E { A,\n A }', 'E0207', 2);
    fails('enum E { A }\nconst X =\n E.B;', 'E0206', 3);
    fails('var v: u32 = 1;\nenum E {\n A = v }', 'E0500', 3);
  });
});
