// The checker's rules, each with a passing and a failing case (asserting code and line).
import { describe, expect, it } from 'vitest';
import { exprsOf, fails, fn, inFn, ok } from './helpers.ts';

describe('binary operators', () => {
  it('need identical operand types', () => {
    ok(inFn('var a: u16 = 1;\nvar b: u16 = 2;\nvar c = a + b * a - b / a % b & a | b ^ a << b >> a;\nc += 1;'));
    fails(inFn('var a: u16 = 1;\nvar b: u32 = 2;\nvar c = a + b;'), 'E0300', 4);
    fails(inFn('var a: u16 = 1;\nvar b: u8 = 2;\nvar c = a << b;'), 'E0300', 4);
    fails(inFn('var a: i32 = 1;\nvar b: u32 = 2;\nif a < b { }'), 'E0300', 4);
  });

  it('arithmetic and bitwise operators need integers', () => {
    fails(inFn('var a = true;\nvar b = a + a;'), 'E0302', 3);
    fails(inFn('var p: *u8 = null;\nvar q = p * 2;'), 'E0302', 3);
    fails('enum E { A, B }\nconst X = E.A | E.B;', 'E0302', 2);
  });

  it('comparisons give bool; ordering needs ints, enums or pointers', () => {
    const p = ok('enum E { A, B }\nfn f(p: *u8, q: *u8, e: E, b: bool, g: fn()) -> bool { return p < q && e != E.B && e < E.B && b == true && g != f2; }\nfn f2() { }');
    const cmps = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'binary');
    expect(cmps.every((e) => e.type.kind === 'bool')).toBe(true);
    fails('fn f(a: bool, b: bool) -> bool {\n return a < b; }', 'E0302', 2);
    fails('struct S { a: u32 }\nfn f(a: S, b: S) -> bool {\n return a == b; }', 'E0302', 3);
    fails(inFn('var x: u32 = 1 < 2;'), 'E0300', 2);
  });

  it('&&, || and ! need bools', () => {
    ok(inFn('var a = true;\nvar b = !a && (a || false);\nb = !b;'));
    fails(inFn('var a: u32 = 1;\nif a && true { }'), 'E0302', 3);
    fails(inFn('var a: u32 = 1;\nif !a { }'), 'E0302', 3);
    fails(inFn('var a: u32 = 1;\nif a { }'), 'E0300', 3);
  });

  it('unary minus and ~ need integers', () => {
    ok(inFn('var a: u8 = 1;\nvar b = -a;\nvar c = ~a;\nc = b;'));
    fails(inFn('var a = true;\nvar b = -a;'), 'E0302', 3);
    fails(inFn('var a = true;\nvar b = ~a;'), 'E0302', 3);
  });
});

describe('as conversions', () => {
  it('allows exactly the listed conversions', () => {
    const p = ok(`enum K: u8 { A, B }
fn f(x: u32, s: i8, p: *u32, b: bool, k: K, g: fn(u32)) {
  var a = x as u8;       // truncate
  var c = s as i32;      // sign-extend
  var d = x as i16;      // truncate
  var e = a as u32;      // zero-extend
  var q = x as *u8;      // int -> pointer
  var r = p as usize;    // pointer -> int
  var t = p as *i8;      // pointer -> pointer
  var u = b as u32;      // bool -> int
  var v = k as u8;       // enum -> underlying
  var w = a as K;        // underlying -> enum
  var y = g as *u8;      // fn pointer -> pointer
  var z = 1 as K;        // literal takes the underlying type
  var m = 0xFFFF_FFFF as i32;
  var n = 300 as u8;
  var o = x as u32;      // to itself
}`);
    const casts = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'cast');
    expect(casts.map((c) => (c.kind === 'cast' ? c.conv : ''))).toEqual(['trunc', 'sext', 'trunc', 'zext', 'none', 'none', 'none', 'zext', 'none', 'none', 'none']);
    const consts = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'const');
    expect(consts.map((c) => (c.kind === 'const' ? c.value : 0))).toEqual([1, -1, 44]);
  });

  it('rejects the others', () => {
    fails(inFn('var x: u32 = 1;\nvar b = x as bool;'), 'E0303', 3);
    fails('enum K: u8 { A }\nfn f(k: K) -> u32 {\n return k as u32; }', 'E0303', 3);
    fails('enum K: u8 { A }\nfn f(x: u32) -> K {\n return x as K; }', 'E0303', 3);
    fails('struct S { a: u32 }\nfn f(s: S) -> u32 {\n return s as u32; }', 'E0303', 3);
    fails('enum K { A }\nenum L { A }\nfn f(k: K) -> L {\n return k as L; }', 'E0303', 4);
  });
});

describe('addresses, dereference, fields and indexing', () => {
  it('takes addresses of variables, fields and elements', () => {
    const p = ok(`struct S { a: u32, b: [4]u16 }
var g: u32;
fn f(s: *S) {
  var x: u32 = 1;
  var t: S;
  var arr: [3]u8;
  var p1 = &x; var p2 = &t.a; var p3 = &t.b[2]; var p4 = &arr[1]; var p5 = &g; var p6 = &s.b; var p7 = &*p1;
  *p1 = 2; *p2 = *p1; *p3 = 1; *p4 = 9; *p5 = 0; p6[0][1] = 3; *p7 = 4;
}`);
    const locals = fn(p, 'f').locals;
    expect(locals.filter((l) => l.addressTaken).map((l) => l.name)).toEqual(['x', 't', 'arr']);
  });

  it('rejects & of non-places', () => {
    fails(inFn('var p = &5;'), 'E0304', 2);
    fails('fn g() -> u32 { return 1; }\nfn f() {\n var p = &g(); }', 'E0304', 3);
    fails('fn g() { }\nfn f() {\n var p = &g; }', 'E0304', 3);
    fails('const C: u32 = 1;\nfn f() {\n var p = &C; }', 'E0304', 3);
    fails(inFn('for i in 0..3 {\n var p = &i; }'), 'E0304', 3);
  });

  it('dereferences only pointers', () => {
    fails(inFn('var x: u32 = 1;\nvar y = *x;'), 'E0306', 3);
  });

  it('reads fields through a pointer to a struct (auto-deref), one level only', () => {
    const p = ok('struct S { a: u32 }\nfn f(p: *S, s: S) -> u32 { return p.a + s.a; }');
    const fields = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'field');
    expect(fields.map((e) => (e.kind === 'field' ? [e.via, e.field.offset] : []))).toEqual([['pointer', 0], ['value', 0]]);
    fails('struct S { a: u32 }\nfn f(p: **S) -> u32 {\n return p.a; }', 'E0310', 3);
    fails('struct S { a: u32 }\nfn f(p: *S) -> u32 {\n return p.b; }', 'E0205', 3);
    fails(inFn('var x: u32 = 1;\nvar y = x.f;'), 'E0310', 3);
  });

  it('indexes arrays (bounds-checked) and pointers (unchecked)', () => {
    const p = ok('fn f(p: *u16, i: u8) -> u16 { var a: [5]u16; a[i] = 1; return a[4] + p[i] + p[1000]; }');
    const idx = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'index');
    expect(idx.map((e) => (e.kind === 'index' ? [e.checked, e.length, e.elemSize] : []))).toEqual([
      [true, 5, 2], [true, 5, 2], [false, 0, 2], [false, 0, 2],
    ]);
    fails(inFn('var x: u32 = 1;\nvar y = x[0];'), 'E0307', 3);
    fails(inFn('var a: [2]u8;\nvar y = a[true];'), 'E0307', 3);
  });

  it('scales pointer arithmetic by the element size', () => {
    const p = ok(`struct S { a: u32, b: u8 }
fn f(p: *S, q: *S, n: i16) -> isize { var r = p + 1; r = r - n; r += 2; r -= n; return q - p; }`);
    const f = fn(p, 'f');
    const adds = exprsOf(f.body!).filter((e) => e.kind === 'ptradd' || e.kind === 'ptrdiff');
    expect(adds.map((e) => (e.kind === 'ptradd' ? `${e.op}${e.scale}` : e.kind === 'ptrdiff' ? `d${e.scale}` : ''))).toEqual(['+8', '-8', 'd8']);
    const assigns = f.body!.filter((s) => s.kind === 'assign');
    expect(assigns.map((s) => (s.kind === 'assign' ? `${s.op}${s.ptrScale}` : ''))).toEqual(['null0', '+8', '-8'].map((x) => x.replace('null0', 'nullnull')));
    fails('fn f(p: *u32, q: *u32) -> *u32 {\n return p + q; }', 'E0302', 2);
    fails('fn f(p: *u32, q: *u8) -> isize {\n return p - q; }', 'E0302', 2);
    fails('fn f(p: *u32) -> *u32 {\n return 1 + p; }', 'E0302', 2);
  });
});

describe('functions', () => {
  it('function names are function-pointer values', () => {
    const p = ok(`type Handler = fn(u32) -> bool;
fn even(x: u32) -> bool { return x % 2 == 0; }
var table: Handler = even;
fn f() -> bool { var h: Handler = even; var g = even; return h(2) && g(3) && table(4); }`);
    expect(p.globals[0]!.init).toMatchObject({ kind: 'func', func: { name: 'even' } });
    const calls = exprsOf(fn(p, 'f').body!).filter((e) => e.kind === 'call');
    expect(calls.map((c) => (c.kind === 'call' ? [c.func?.name ?? null, c.callee.kind] : []))).toEqual([[null, 'local'], [null, 'local'], [null, 'global']]);
    fails('fn even(x: u32) -> bool { return true; }\nfn f() {\n var h: fn(u16) -> bool = even; }', 'E0300', 3);
  });

  it('checks call arity and argument types', () => {
    ok('fn g(a: u8, b: *u8) { }\nfn f() { g(1, "x"); g(2, null); }');
    fails('fn g(a: u8, b: *u8) { }\nfn f() {\n g(1); }', 'E0309', 3);
    fails('fn g(a: u8) { }\nfn f() {\n g(1, 2); }', 'E0309', 3);
    fails('fn g(a: u8) { }\nfn f(x: u32) {\n g(x); }', 'E0300', 3);
    fails(inFn('var x: u32 = 1;\nx(2);'), 'E0308', 3);
  });

  it('rejects void results used as values', () => {
    fails('fn g() { }\nfn f() {\n var x = g(); }', 'E0311', 3);
    fails('fn g() { }\nfn f() -> u32 {\n return g() + 1; }', 'E0311', 3);
  });

  it('allows only calls as expression statements', () => {
    fails(inFn('var x: u32 = 1;\nx + 1;'), 'E0313', 3);
    fails(inFn('@is_arch("x86");'), 'E0313', 2);
  });

  it('extern fns have signatures but no body, and keep their names', () => {
    const p = ok('extern fn context_switch(from: *u32, to: *u32);\nfn f(a: *u32) { context_switch(a, a); }');
    const cs = fn(p, 'context_switch');
    expect([cs.extern, cs.body, cs.linkName, cs.params.length]).toEqual([true, null, 'context_switch', 2]);
    expect(fn(p, 'f').linkName).toBe('main.f');
  });
});

describe('assignment', () => {
  it('needs a place on the left', () => {
    ok('struct S { a: u32 }\nvar g: u32;\nfn f(p: *u32, s: *S) { var x: u32; x = 1; *p = 2; s.a = 3; g = 4; p[1] = 5; }');
    fails('fn g() -> u32 { return 1; }\nfn f() {\n g() = 1; }', 'E0304', 3);
    fails(inFn('var x: u32 = 1;\nx + 1 = 2;'), 'E0304', 3);
    fails('struct S { a: u32 }\nfn mk() -> S { var s: S; return s; }\nfn f() {\n mk().a = 1; }', 'E0304', 4);
  });

  it('rejects assignment to constants and for-loop variables', () => {
    fails('const C: u32 = 1;\nfn f() {\n C = 2; }', 'E0305', 3);
    fails(inFn('const L: u32 = 1;\nL = 2;'), 'E0305', 3);
    fails(inFn('for i in 0..3 {\n i = 2; }'), 'E0305', 3);
    fails('enum E { A }\nfn f() {\n E.A = 1; }', 'E0305', 3);
  });

  it('checks the assigned type and compound operators', () => {
    ok(inFn('var x: u8 = 1;\nx += 1; x -= 1; x *= 2; x /= 2; x %= 3; x &= 1; x |= 2; x ^= 3; x <<= 1; x >>= 1;'));
    fails(inFn('var x: u8 = 1;\nvar y: u16 = 2;\nx += y;'), 'E0300', 4);
    fails(inFn('var x: u8 = 1;\nvar y: u16 = 2;\nx = y;'), 'E0300', 4);
    fails(inFn('var b = true;\nb += true;'), 'E0302', 3);
  });
});

describe('declarations', () => {
  it('needs a type or an initialiser', () => {
    fails(inFn('var x;'), 'E0314', 2);
    fails('var g;', 'E0314', 1);
    fails(inFn('var x: void;'), 'E0208', 2);
  });

  it('reports undefined and duplicate names', () => {
    fails(inFn('var x = y;'), 'E0200', 2);
    fails(inFn('var x: Nope;'), 'E0200', 2);
    fails('fn f() { }\nfn f() { }', 'E0201', 2);
    fails(inFn('var x: u32 = 1;\nvar x: u32 = 2;'), 'E0201', 3);
    fails('struct u32 { a: u8 }', 'E0201', 1);
    fails('fn f(a: u32,\n a: u32) { }', 'E0201', 2);
    ok(inFn('var x: u32 = 1;\n{ var x: u8 = 2; x += 1; }\nx += 1;'));
  });

  it('distinguishes types from values', () => {
    fails(inFn('var x = u32;'), 'E0203', 2);
    fails('struct S { a: u32 }\nfn f() {\n var x = S; }', 'E0203', 3);
    fails('fn g() { }\nfn f() {\n var x: g; }', 'E0202', 3);
  });

  it('globals are zero or constant-initialised (string literals, functions, &global allowed)', () => {
    const p = ok(`var a: u32;
var b: u32 = 4 * 1024;
var c: *u8 = "hi";
var d = "hi";
var e: *u32 = &a;
var f2: *u32 = 0x1000 as *u32;
var h: bool = true;
var z: *u8 = null;
fn f() { }
var k: fn() = f;`);
    expect(p.globals.map((g) => g.init.kind)).toEqual(['zero', 'const', 'string', 'string', 'global', 'const', 'const', 'zero', 'func']);
    expect(p.strings.length).toBe(1);
    fails('fn g() -> u32 { return 1; }\nvar a: u32 = g();', 'E0500', 2);
    fails('var a: u32 = 1;\nvar b: u32 = a;', 'E0500', 2);
  });

  it('consts must be constant-evaluable', () => {
    const p = ok('const A: u32 = B * 2;\nconst B: u32 = 1 << 4;\nconst T = true && !false;');
    expect(p.consts.map((c) => c.value)).toEqual([32, 16, 1]);
    fails('var g: u32;\nconst A: u32 = g;', 'E0500', 2);
    fails('const A: *u8 = "str";', 'E0500', 1);
    fails(inFn('var x: u32 = 1;\nconst C: u32 = x + 1;'), 'E0500', 3);
  });
});

describe('scopes', () => {
  it('a local may not redeclare a parameter in the outermost block, but may shadow it deeper', () => {
    fails('fn f(x: u32) {\n var x: u32 = 1; }', 'E0201', 2);
    ok('fn f(x: u32) -> u32 { { var x: u8 = 1; x += 1; } return x; }');
  });

  it('a global cannot use itself in its initial value', () => {
    fails('var g: u32 =\n g;', 'E0502', 2);
    fails('var a: u32 = b;\nvar b: u32 =\n a;', 'E0502', 3);
  });
});
