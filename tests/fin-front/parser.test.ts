// Grammar: precedence and associativity exactly as the spec lists them, statement forms, and
// syntax errors (several per file, thanks to error recovery).
import { describe, expect, it } from 'vitest';
import { DiagSink } from '../../compiler/fin/diagnostics.ts';
import { parseSource } from '../../compiler/fin/parse.ts';
import type { Expr, TypeExpr } from '../../compiler/fin/ast.ts';
import { compile, fails } from './helpers.ts';

function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case 'named': return t.path.join('.');
    case 'pointer': return '*' + typeText(t.to);
    case 'array': return `[${show(t.size)}]${typeText(t.elem)}`;
    case 'fn': return `fn(${t.params.map(typeText).join(',')})${t.ret ? '->' + typeText(t.ret) : ''}`;
  }
}

/** Fully parenthesised rendering of an expression. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'int': return e.text;
    case 'char': return `'${String.fromCharCode(e.value)}'`;
    case 'string': return '"…"';
    case 'bool': return String(e.value);
    case 'null': return 'null';
    case 'name': return e.name;
    case 'field': return `${show(e.object)}.${e.name}`;
    case 'index': return `${show(e.object)}[${show(e.index)}]`;
    case 'call': return `${show(e.callee)}(${e.args.map(show).join(', ')})`;
    case 'cast': return `(${show(e.expr)} as ${typeText(e.type)})`;
    case 'unary': return `(${e.op}${show(e.operand)})`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'sizeof': return `sizeof(${typeText(e.type)})`;
    case 'alignof': return `alignof(${typeText(e.type)})`;
    case 'offsetof': return `offsetof(${typeText(e.type)}, ${e.field})`;
    case 'intrinsic': return `@${e.name}(${e.args.map(show).join(', ')})`;
  }
}

function parseExpr(src: string): string {
  const d = new DiagSink();
  const f = parseSource(`const X = ${src};`, 't.fin', d);
  if (d.list.length > 0 || !f) throw new Error(d.list.map((x) => x.message).join('; '));
  const c = f.decls[0]!;
  return c.kind === 'const' ? show(c.init) : '';
}

describe('precedence, loosest first: || && comparisons | ^ & shifts + - * / % unary postfix', () => {
  const cases: [string, string][] = [
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a && b == c', '(a && (b == c))'],
    ['a == b | c', '(a == (b | c))'],
    ['a < b | c', '(a < (b | c))'],
    ['a | b ^ c', '(a | (b ^ c))'],
    ['a ^ b & c', '(a ^ (b & c))'],
    ['a & b << c', '(a & (b << c))'],
    ['a << b + c', '(a << (b + c))'],
    ['a >> b - c', '(a >> (b - c))'],
    ['a + b * c', '(a + (b * c))'],
    ['a - b / c % d', '(a - ((b / c) % d))'],
    ['-a * b', '((-a) * b)'],
    ['!a && b', '((!a) && b)'],
    ['~a & b', '((~a) & b)'],
    ['*p + 1', '((*p) + 1)'],
    ['&a[1]', '(&a[1])'],
    ['-x as u8', '(-(x as u8))'],
    ['*p as u32', '(*(p as u32))'],
    ['a + b as u16', '(a + (b as u16))'],
    ['f(x)[1].y as *T', '(f(x)[1].y as *T)'],
    ['x as u8 as u32', '((x as u8) as u32)'],
    ['a.b.c(d, e)', 'a.b.c(d, e)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['a || b == c && d < e + f * -g', '(a || ((b == c) && (d < (e + (f * (-g))))))'],
    ['sizeof(u32) + @alignof(*u8)', '(sizeof(u32) + alignof(*u8))'],
    ['@offsetof(m.T, f) * 2', '(offsetof(m.T, f) * 2)'],
    ['x as [4]u8', '(x as [4]u8)'],
    ['x as fn(u32, *u8) -> bool', '(x as fn(u32,*u8)->bool)'],
  ];
  for (const [src, want] of cases) it(src, () => expect(parseExpr(src)).toBe(want));
});

describe('associativity', () => {
  const cases: [string, string][] = [
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['a << b << c', '((a << b) << c)'],
    ['a | b | c', '((a | b) | c)'],
    ['a && b && c', '((a && b) && c)'],
    ['a || b || c', '((a || b) || c)'],
    ['- - a', '(-(-a))'],
    ['!!a', '(!(!a))'],
    ['**p', '(*(*p))'],
  ];
  for (const [src, want] of cases) it(src, () => expect(parseExpr(src)).toBe(want));

  it('comparisons are non-associative', () => {
    fails('const X: bool = 1 < 2 < 3;', 'E0008', 1);
    fails('const X: bool =\n 1 == 2 != true;', 'E0008', 2);
    fails('const X: bool = 1 < 2 + 3 > 4;', 'E0008', 1);
    expect(parseExpr('(a < b) == c')).toBe('((a < b) == c)');
    expect(parseExpr('a < b && c < d')).toBe('((a < b) && (c < d))');
  });
});

describe('statements and declarations', () => {
  it('parses every statement form', () => {
    const src = `
module app.demo;
import std.io;
import std.io as out;
pub const PAGE_SIZE: u32 = 4096;
var ticks: u32;
var greeting: *u8 = "hi";
pub struct Frame { base: u32, bytes: u32, next: *Frame, }
pub enum Kind: u8 { Ram = 1, Frame, Device, }
type Handler = fn(u32) -> bool;
extern fn context_switch(from: *u32, to: *u32);
pub extern fn other();
fn h(x: u32) -> bool { return x > 1; }
pub fn main() -> i32 {
    var x: u32 = 5;  var y = x + 1;
    const LIMIT: u32 = 10;
    x = 3;  x += 2;  x <<= 1; x -= 1; x *= 2; x /= 2; x %= 7; x &= 3; x |= 8; x ^= 1; x >>= 1;
    if x > 3 { x = 1; } else if x == 0 { x = 2; } else { x = 3; }
    while x < LIMIT { x += 1; }
    for i in 0..y { ticks += i; }
    loop { if x == 3 { break; } continue; }
    var k = Kind.Ram;
    switch k {
        case Kind.Ram, Kind.Frame => { x = 1; }
        case Kind.Device => io.print("dev");
        default => { }
    }
    {
        var inner: Handler = h;
        if inner(x) { out.print(greeting); }
    }
    return 0;
}`;
    const d = new DiagSink();
    const f = parseSource(src, 't.fin', d);
    expect(d.list).toEqual([]);
    expect(f!.module?.path).toEqual(['app', 'demo']);
    expect(f!.decls.map((x) => x.kind)).toEqual(['import', 'import', 'const', 'var', 'var', 'struct', 'enum', 'type', 'fn', 'fn', 'fn', 'fn']);
    const r = compile(src);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports several syntax errors in one file', () => {
    const r = compile('fn a() { var = 1; }\nfn b() { x = ; }\nfn c( { }\nfn d() { return 1 }\n');
    expect(r.program).toBeUndefined();
    expect(r.errors.length).toBeGreaterThanOrEqual(3);
    expect(r.errors.every((e) => e.code === 'E0001')).toBe(true);
    expect(new Set(r.errors.map((e) => e.line))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('points at the offending token', () => {
    const r = fails('fn f() {\n  var x: u32 = 1\n  x = 2;\n}', 'E0001', 3);
    expect(r.errors[0]!.message).toContain("expected ';'");
  });

  it('reports an unexpected end of file', () => {
    fails('fn f() {\n  var x: u32 = 1;\n', 'E0001', 2);
  });

  it('requires braces around if/while bodies', () => {
    fails('fn f(x: u32) {\n  if x > 1 x = 2;\n}', 'E0001', 2);
  });

  it('checks fn bodies against extern', () => {
    fails('fn f();', 'E0010', 1);
    fails('\nextern fn g() { }', 'E0011', 2);
  });

  it('requires module to come first, once', () => {
    fails('const A: u32 = 1;\nmodule x;', 'E0012', 2);
    fails('module x;\nmodule y;', 'E0012', 2);
  });

  it('rejects a field argument on sizeof and a missing one on @offsetof', () => {
    fails('struct S { a: u32 }\nconst A: u32 = sizeof(S, a);', 'E0602', 2);
    fails('struct S { a: u32 }\nconst A: u32 = @offsetof(S);', 'E0602', 2);
  });

  it('survives deeply nested input', () => {
    const r = compile(`const A: u32 = ${'('.repeat(20000)}1${')'.repeat(20000)};`);
    expect(r.program).toBeUndefined();
    expect(r.errors[0]!.code).toBe('E0009');
  });
});
