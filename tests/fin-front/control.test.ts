// Control flow: switch (case lists, default, no fall-through, break/continue act on the enclosing
// loop), loops, for ranges, return and "missing return", and unused-variable warnings.
import { describe, expect, it } from 'vitest';
import { compile, fails, fn, inFn, ok } from './helpers.ts';

describe('switch', () => {
  it('switches over integers and enums with case lists and default', () => {
    const p = ok(`enum Kind: u8 { Ram = 1, Frame, Device }
fn f(k: Kind, n: u16) -> u32 {
    var r: u32 = 0;
    switch k {
        case Kind.Ram, Kind.Frame => { r = 1; }
        case Kind.Device => r = 2;
        default => { }
    }
    switch n { case 1, 2, 3 => r += 1; case 0x10 => { } }
    return r;
}`);
    const sw = fn(p, 'f').body!.filter((s) => s.kind === 'switch');
    expect(sw.map((s) => (s.kind === 'switch' ? [s.cases.map((c) => c.values), s.default !== null] : []))).toEqual([
      [[[1, 2], [3]], true],
      [[[1, 2, 3], [16]], false],
    ]);
  });

  it('rejects bad subjects, mistyped, non-constant and duplicate cases', () => {
    fails('fn f(b: bool) {\n switch b { default => { } } }', 'E0405', 2);
    fails('enum K { A, B }\nfn f(k: K) {\n switch k { case 1 => { } } }', 'E0300', 3);
    fails('fn f(x: u8, y: u8) {\n switch x { case y => { } } }', 'E0500', 2);
    fails('fn f(x: u8) {\n switch x { case 1, 2 => { }\n case 2 => { } } }', 'E0404', 3);
    fails('fn f(x: u8) {\n switch x { default => { }\n default => { } } }', 'E0404', 3);
    fails('fn f(x: u8) {\n switch x { case 300 => { } } }', 'E0301', 2);
  });

  it('break and continue in a switch act on the enclosing loop', () => {
    const p = ok(`fn f(x: u32) -> u32 {
    var n: u32 = 0;
    loop {
        switch x {
            case 1 => break;
            case 2 => { n += 1; continue; }
            default => { x -= 1; }
        }
        n += 2;
    }
    return n;
}`);
    expect(fn(p, 'f').body!.map((s) => s.kind)).toEqual(['var', 'loop', 'return']);
    fails('fn f(x: u32) {\n switch x {\n case 1 => break;\n default => { } } }', 'E0400', 3);
    fails('fn f(x: u32) {\n switch x {\n case 1 => { continue; } } }', 'E0401', 3);
  });

  it('a switch can end a function when every arm and a default return', () => {
    ok('fn f(x: u32) -> u32 {\n switch x { case 1 => return 1; default => return 2; }\n}');
    fails('fn f(x: u32) -> u32 {\n switch x { case 1 => return 1; case 2 => return 2; }\n}', 'E0402', 3);
  });
});

describe('loops', () => {
  it('break and continue need a loop', () => {
    ok(inFn('while true { break; }\nloop { break; }\nfor i in 0..3 { continue; }'));
    fails(inFn('break;'), 'E0400', 2);
    fails(inFn('if true {\n continue; }'), 'E0401', 3);
  });

  it('for ranges take the type of their bounds (u32 without one)', () => {
    const p = ok('fn f(n: u8, m: i16) { for i in 0..4 { } for j in 0..n { } for k in m..0 { } }');
    expect(fn(p, 'f').locals.filter((l) => l.kind === 'for').map((l) => (l.type.kind === 'int' ? l.type.name : ''))).toEqual(['u32', 'u8', 'i16']);
    fails('fn f(n: u8, m: u16) {\n for i in n..m { } }', 'E0300', 2);
    fails('fn f(b: bool) {\n for i in b..true { } }', 'E0300', 2);
    fails(inFn('for i in 0..1000 {\n var x: u8 = i; }'), 'E0300', 3);
  });

  it('conditions must be bool', () => {
    fails(inFn('var x: u32 = 1;\nwhile x { }'), 'E0300', 3);
    fails(inFn('var x: u32 = 1;\nif x { }'), 'E0300', 3);
  });
});

describe('return', () => {
  it('checks returned values', () => {
    fails('fn f() -> u8 {\n return 256; }', 'E0301', 2);
    fails('fn f() -> u8 {\n return; }', 'E0403', 2);
    fails('fn f() {\n return 1; }', 'E0403', 2);
    fails('fn f(x: u32) -> u8 {\n return x; }', 'E0300', 2);
    ok('fn f() { return; }');
  });

  it('reports a missing return where the function ends', () => {
    fails('fn f(x: u32) -> u32 {\n if x > 1 { return 1; }\n}', 'E0402', 3);
    fails('fn f(x: u32) -> u32 {\n while x > 1 { return 1; }\n}', 'E0402', 3);
    fails('fn f(x: u32) -> u32 {\n loop { if x > 1 { break; } }\n}', 'E0402', 3);
    fails('fn f() -> u32 {\n}', 'E0402', 2);
  });

  it('knows which ends cannot be reached', () => {
    ok('fn f(x: u32) -> u32 { if x > 1 { return 1; } else { return 2; } }');
    ok('fn f(x: u32) -> u32 { if x > 1 { return 1; } else if x == 0 { return 2; } else { return 3; } }');
    ok('fn f(x: u32) -> u32 { loop { if x > 1 { return 1; } } }');
    ok('fn f(x: u32) -> u32 { while true { if x > 1 { return 1; } } }');
    ok('fn f(x: u32) -> u32 { { return 1; } }');
    ok('pub fn main() -> i32 { return 0; }');
    ok('fn f() -> u32 { if @is_arch("x86") { return 1; } else { return 2; } }');
  });
});

describe('unused variables', () => {
  it('warns about locals that are never read', () => {
    const r = compile('fn f() {\n var a: u32 = 1;\n var b: u32;\n b = 2;\n const C: u32 = 3;\n var _ignored: u32 = 4;\n var used = a;\n used += 1;\n}');
    expect(r.program).toBeDefined();
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['W0001', 3], ['W0001', 5]]);
    expect(r.warnings[0]!.severity).toBe('warning');
  });

  it('does not warn about parameters or for-loop variables', () => {
    expect(compile('fn f(x: u32) { for i in 0..3 { } }').warnings).toEqual([]);
  });
});

describe('flow through dropped branches', () => {
  it('a break in a dropped branch does not end the loop', () => {
    ok('fn f() -> u32 {\n loop { if @is_arch("arm") { break; } }\n}', { arch: 'x86' });
    fails('fn f() -> u32 {\n loop { if @is_arch("arm") { break; } }\n}', 'E0402', 3, { arch: 'arm' });
  });
});
