// Lexical structure: literals, escapes, comments, keywords, and the errors for each.
import { describe, expect, it } from 'vitest';
import { DiagSink } from '../../compiler/fin/diagnostics.ts';
import { tokenize } from '../../compiler/fin/lexer.ts';
import { parseSource } from '../../compiler/fin/parse.ts';
import type { Expr } from '../../compiler/fin/ast.ts';
import { fails, ok } from './helpers.ts';

/** The AST of `const X = <expr>;` */
function exprOf(src: string): Expr {
  const d = new DiagSink();
  const f = parseSource(`const X = ${src};`, 't.fin', d);
  expect(d.list).toEqual([]);
  const c = f!.decls[0]!;
  if (c.kind !== 'const') throw new Error('not a const');
  return c.init;
}

function lexErrors(src: string): string[] {
  const d = new DiagSink();
  tokenize(src, 't.fin', d);
  return d.list.map((x) => `${x.code}@${x.line}:${x.col}`);
}

describe('integer literals', () => {
  const cases: [string, number][] = [
    ['42', 42], ['0', 0], ['0x2A', 42], ['0X2a', 42], ['0b101010', 42], ['0o52', 42],
    ['0xFFFF_0000', 0xffff0000], ['1_000_000', 1000000], ['0b1111_0000', 0xf0], ['007', 7],
  ];
  for (const [text, value] of cases) {
    it(`${text} = ${value}`, () => expect(exprOf(text)).toMatchObject({ kind: 'int', value }));
  }

  it('rejects malformed literals at the offending digit', () => {
    expect(lexErrors('0b102')).toEqual(['E0007@1:5']);
    expect(lexErrors('\n 0x')).toEqual(['E0007@2:2']);
    expect(lexErrors('12ab')).toEqual(['E0007@1:3']);
    expect(lexErrors('0o8')).toEqual(['E0007@1:3']);
    fails('const X: u32 = 0xG1;', 'E0007', 1);
  });
});

describe('characters and strings', () => {
  const chars: [string, number][] = [
    ["'a'", 97], ["'\\n'", 10], ["'\\t'", 9], ["'\\r'", 13], ["'\\0'", 0], ["'\\\\'", 92], ["'\\''", 39], ["'\\x41'", 0x41], ["'\"'", 34],
  ];
  for (const [text, value] of chars) {
    it(`${text} = ${value}`, () => expect(exprOf(text)).toMatchObject({ kind: 'char', value }));
  }

  it('decodes string escapes to bytes (UTF-8 for other characters)', () => {
    const e = exprOf(String.raw`"a\n\t\r\0\\\'\"\x7Fé"`);
    expect(e.kind).toBe('string');
    if (e.kind === 'string') expect(Array.from(e.bytes)).toEqual([97, 10, 9, 13, 0, 92, 39, 34, 0x7f, 0xc3, 0xa9]);
  });

  it('reports bad escapes and bad character literals', () => {
    expect(lexErrors(String.raw`"ab\q"`)).toEqual(['E0005@1:4']);
    expect(lexErrors(String.raw`"\x4"`)).toEqual(['E0005@1:2']);
    expect(lexErrors(`''`)).toEqual(['E0004@1:1']);
    expect(lexErrors(`'ab'`)).toEqual(['E0004@1:1']);
    expect(lexErrors(`'é'`)).toEqual(['E0004@1:1']);
  });

  it('reports unterminated strings, characters and comments', () => {
    expect(lexErrors('x = "abc\ny')).toEqual(['E0003@1:5']);
    expect(lexErrors("x = 'a\n")).toEqual(['E0004@1:5']);
    expect(lexErrors('x /* never\n closed')).toEqual(['E0006@1:3']);
  });
});

describe('comments, keywords, intrinsics', () => {
  it('skips line and block comments (block comments do not nest)', () => {
    ok('// line\n/* block\n over lines */ const A: u32 = 1; /* a /* b */ const B: u32 = 2;');
    fails('/* a /* b */ c */ const A: u32 = 1;', 'E0001', 1);
  });

  it('reserves every keyword of the spec', () => {
    for (const kw of ['module', 'import', 'as', 'pub', 'fn', 'var', 'const', 'struct', 'enum', 'type', 'extern', 'if', 'else', 'while', 'for', 'in', 'loop', 'break', 'continue', 'return', 'switch', 'case', 'default', 'true', 'false', 'null', 'sizeof']) {
      fails(`var ${kw}: u32;`, 'E0001', 1);
    }
    ok('var iffy: u32; var format: u32; var asdf: u32; var nullable: u32;');
  });

  it('reports stray characters with their position', () => {
    expect(lexErrors('a $ b')).toEqual(['E0002@1:3']);
    expect(lexErrors('a\n  #')).toEqual(['E0002@2:3']);
    fails('const A: u32 = 1 ` 2;', 'E0002', 1);
  });

  it('lexes @intrinsics as one token', () => {
    expect(exprOf('@core_id()')).toMatchObject({ kind: 'intrinsic', name: 'core_id', args: [] });
    expect(exprOf('@sizeof(u32)')).toMatchObject({ kind: 'sizeof' });
    expect(exprOf('@sizeofx(1)')).toMatchObject({ kind: 'intrinsic', name: 'sizeofx' });
  });
});
