// Untyped integer literals take their type from context and must fit it; without context they
// are u32 (characters u8, negated literals i32).
import { describe, expect, it } from 'vitest';
import { exprsOf, fails, fn, inFn, ok } from './helpers.ts';
import type { TExpr } from '../../compiler/fin/checked.ts';

function typeName(e: TExpr | undefined): string {
  const t = e?.type;
  return t?.kind === 'int' ? t.name : t?.kind ?? 'none';
}

/** The type and value of global X's initial value, via a const. */
function constOf(decl: string): { type: string; value: number } {
  const p = ok(decl);
  const c = p.consts.find((x) => x.name === 'X')!;
  return { type: c.type.kind === 'int' ? c.type.name : c.type.kind, value: c.value };
}

describe('literal types from context', () => {
  it('defaults to u32 without context, u8 for characters, i32 for negated literals', () => {
    expect(constOf('const X = 5;')).toEqual({ type: 'u32', value: 5 });
    expect(constOf("const X = 'a';")).toEqual({ type: 'u8', value: 97 });
    expect(constOf('const X = -5;')).toEqual({ type: 'i32', value: -5 });
    expect(constOf('const X = 1 + 2 * 3;')).toEqual({ type: 'u32', value: 7 });
    const p = ok(inFn('var n = 5;\nvar c = \'x\';\nn += 1; c += 1;'));
    expect(fn(p, 'f').locals.map((l) => (l.type.kind === 'int' ? l.type.name : ''))).toEqual(['u32', 'u8']);
  });

  it('takes the declared type', () => {
    expect(constOf('const X: u8 = 255;')).toEqual({ type: 'u8', value: 255 });
    expect(constOf('const X: i8 = -128;')).toEqual({ type: 'i8', value: -128 });
    expect(constOf('const X: i16 = -0x8000;')).toEqual({ type: 'i16', value: -32768 });
    expect(constOf("const X: u32 = 'A';")).toEqual({ type: 'u32', value: 65 });
    expect(constOf('const X: usize = 0xFFFF_FFFF;')).toEqual({ type: 'usize', value: 0xffffffff });
  });

  it('takes the other operand type in binary expressions, on either side', () => {
    const p = ok(inFn('var a: u8 = 1;\nvar b = a + 2;\nvar c = 3 * a;\nvar d = a << 1;\nif 200 > a { b = c + d; }'));
    const f = fn(p, 'f');
    expect(f.locals.map((l) => typeName({ type: l.type } as TExpr))).toEqual(['u8', 'u8', 'u8', 'u8']);
    const lits = exprsOf(f.body!).filter((e) => e.kind === 'const');
    expect(lits.map(typeName)).toEqual(['u8', 'u8', 'u8', 'u8', 'u8']);
  });

  it('takes parameter, return, assignment, index and field types', () => {
    const p = ok(`struct S { a: i16 }
fn g(x: u16) -> i8 { return -1; }
fn f() { var s: S; s.a = -300; var r = g(65535); var arr: [3]u8; arr[2] = 7; r += 1; }`);
    const lits = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'const');
    expect(lits.map(typeName)).toEqual(['i16', 'u16', 'usize', 'u8', 'i8']);
    expect(lits.map((e) => (e.kind === 'const' ? e.value : 0))).toEqual([-300, 65535, 2, 7, 1]);
  });

  it('folds constant arithmetic with wrapping in the context type', () => {
    expect(constOf('const X: u8 = 200 + 100;')).toEqual({ type: 'u8', value: 44 });
    expect(constOf('const X: i8 = 127 + 1;')).toEqual({ type: 'i8', value: -128 });
    expect(constOf('const X: u32 = 0 - 1;')).toEqual({ type: 'u32', value: 0xffffffff });
  });

  it('null takes the pointer type from context', () => {
    const p = ok(inFn('var p: *u32 = null;\nif p == null { p = null; }\nif null != p { }'));
    const nulls = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'const' && e.type.kind === 'pointer');
    expect(nulls.length).toBe(4);
  });
});

describe('literal range errors (E0301) and missing context', () => {
  it('rejects literals that do not fit', () => {
    fails('const X: u8 = 256;', 'E0301', 1);
    fails('const X: i8 = 128;', 'E0301', 1);
    fails('const X: i8 =\n -129;', 'E0301', 2);
    fails('const X: u32 = -1;', 'E0301', 1);
    fails('const X: u16 = 0x1_0000;', 'E0301', 1);
    fails('const X = 0x1_0000_0000;', 'E0301', 1);
    fails('const X = 99999999999999999999999;', 'E0301', 1);
    fails(inFn('var a: u8 = 1;\nvar b = a + 256;'), 'E0301', 3);
    fails(inFn('var a: i8 = 1;\nvar b = 300 - a;'), 'E0301', 3);
    fails('fn g(x: u8) { }\nfn f() { g(1000); }', 'E0301', 2);
    fails("const X: i8 = '\\xFF';", 'E0301', 1);
  });

  it('requires a pointer context for null', () => {
    fails(inFn('var p = null;'), 'E0312', 2);
    fails(inFn('var x: u32 = null;'), 'E0312', 2);
    fails(inFn('if null == null { }'), 'E0312', 2);
  });

  it('does not convert typed values implicitly', () => {
    fails(inFn('var a: u8 = 1;\nvar b: u32 = a;'), 'E0300', 3);
    fails(inFn('var a: u32 = 1;\nvar b: usize = a;'), 'E0300', 3);
    fails('const A: u8 = 1;\nconst B: u16 = A;', 'E0300', 2);
  });
});
