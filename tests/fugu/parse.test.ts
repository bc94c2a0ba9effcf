// The Fugu front end: the lexical corners of Parsec's javaStyle that the original tool inherits
// (barrelfish-dsls.md §0), and located diagnostics with stable codes for bad input.
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, fuguGenerate } from '../../compiler/fugu/index.ts';
import { compileText, dir } from './helpers.ts';

const codes = (text: string, opts = {}) => compileText(text, opts).errors.map((d) => d.code);
const names = (text: string) => compileText(text).model?.domains.flatMap((d) => d.codes.map((c) => c.name));
const messages = (text: string) => compileText(text).model?.domains.flatMap((d) => d.codes.map((c) => c.message));
const one = (body: string) => `errors x X_ {\n    ${body}\n};\n`;

describe('Fugu lexical rules', () => {
  it('reads keywords in any letter case', () => {
    expect(names('ERRORS x X_ { Default SUCCESS OK "ok", FaIlUrE BAD "bad", };')).toEqual(['X_OK', 'X_BAD']);
  });

  it('reserves errors/success/failure as identifiers in any case, but not default', () => {
    expect(codes(one('failure Success "m",'))).toEqual([DIAGNOSTICS['syntax-error'].code]);
    expect(codes('errors Errors X_ { failure A "m", };')).toEqual(['F0002']);
    expect(names('errors default DEFAULT { failure default "m", };')).toEqual(['DEFAULTdefault']);
    // a keyword is only a keyword as a whole word
    expect(names(one('failure successful "m",'))).toEqual(['X_successful']);
  });

  it("accepts identifiers with _, digits and ', starting with a letter, and rejects a leading _ or digit", () => {
    expect(names(one("failure A_1'b \"m\","))).toEqual(["X_A_1'b"]);
    expect(codes(one('failure _A "m",'))).toEqual(['F0002']);
    expect(codes(one('failure 1A "m",'))).toEqual(['F0002']);
  });

  it('skips line comments and NESTED block comments', () => {
    expect(names('/* a /* nested */ still comment */ // line\nerrors x X_ { /**/ failure A "m", // c\n };')).toEqual(['X_A']);
    const r = compileText('/* /* */\nerrors x X_ { failure A "m", };');
    expect(r.diagnostics).toEqual([`${r.path}:1:1: error: unterminated comment: every \`/*\`, nested ones included, needs its \`*/\``]);
  });

  it('decodes Haskell string escapes', () => {
    expect(messages(one(String.raw`failure A "q\"b\\n\n t\t x\x41 o\o101 d\65 c\^A a\SOH\SO\DEL e\&1 g\   \end",`)))
      .toEqual(['q"b\\n\n t\t xA oA dA c\x01 a\x01\x0e\x7f e1 gend']);
  });

  it('rejects raw control characters in strings, as Parsec does', () => {
    expect(codes(one('failure A "tab\there",'))).toEqual(['F0002']);
    expect(codes(one('failure A "line\nbreak",'))).toEqual(['F0002']);
  });

  it('reports an escape beyond U+10FFFF at the backslash', () => {
    const r = compileText(one(String.raw`failure A "bad \1114112",`));
    expect(r.errors.map((d) => [d.code, d.line, d.col])).toEqual([['F0003', 2, 20]]);
  });
});

describe('Fugu syntax errors are located', () => {
  const at = (text: string) => { const d = compileText(text).errors[0]!; return [d.code, d.line, d.col, d.message]; };

  it('needs a comma after every entry, the last included', () => {
    expect(at('errors x X_ {\n  failure A "m"\n};')).toEqual(['F0002', 3, 1, "expected \",\", found '}'"]);
  });
  it("needs the class's closing semicolon", () => {
    expect(at('errors x X_ { failure A "m", }\n')).toEqual(['F0002', 2, 1, 'expected ";", found end of file']);
  });
  it('needs at least one class and at least one entry per class', () => {
    expect(at('// nothing\n')[0]).toBe('F0002');
    expect(at('errors x X_ { };').slice(0, 3)).toEqual(['F0002', 1, 15]);
  });
  it('accepts `default` only before success', () => {
    expect(at('errors x X_ { default failure A "m", };')).toEqual(['F0002', 1, 23, "expected the keyword 'success', found 'f'"]);
  });
  it('formats diagnostics as path:line:col: error: message', () => {
    const r = compileText('errors x X_ { failure A "m" };');
    expect(r.diagnostics).toEqual([`${r.path}:1:29: error: expected ",", found '}'`]);
    expect(r.model).toBeUndefined();
  });
  it('reports an unreadable file without throwing', () => {
    const r = fuguGenerate(`${dir}/missing.fugu`, { ts: true });
    expect(r.errors.map((d) => d.code)).toEqual(['F0001']);
    expect(r.diagnostics[0]).toMatch(/missing\.fugu:1:1: error: cannot read file \(ENOENT\)$/);
    expect(r.ts).toBeUndefined();
  });
});

describe('Fugu meaning errors', () => {
  it('rejects a full name defined twice, pointing at both', () => {
    const r = compileText('errors a X_ {\n  failure A "m",\n};\nerrors b X_ {\n  failure A "again",\n};\n');
    expect(r.errors.map((d) => [d.code, d.line, d.col])).toEqual([['F0100', 5, 3]]);
    expect(r.errors[0]!.message).toContain('2:3');
  });
  it('treats names made equal by different prefixes as duplicates (X_A_B twice)', () => {
    expect(codes('errors a X_ { failure A_B "m", }; errors b X_A_ { failure B "m", };')).toEqual(['F0100']);
  });
  it('allows a domain name and a prefix to repeat when the full names differ', () => {
    expect(names('errors a X_ { failure A "m", }; errors a X_ { failure B "m", };')).toEqual(['X_A', 'X_B']);
  });
  it('rejects a second default success (both would be code 0)', () => {
    expect(codes('errors a A_ { default success OK "m", }; errors b B_ { default success OK "m", };')).toEqual(['F0101']);
  });
  it('rejects a NUL in a message at the message', () => {
    const r = compileText(one(String.raw`failure A "nul \NUL here",`));
    expect(r.errors.map((d) => [d.code, d.line, d.col])).toEqual([['F0102', 2, 15]]);
  });
  it('accepts names generated code cannot declare, but refuses to generate them', () => {
    const text = [
      "errors a A_ { failure B'c \"apostrophe\", };",
      'errors b e { failure num "a TypeScript keyword", };',
      'errors c to { failure p "a Fin helper", };',
      'errors d e { failure rrPush "a TypeScript helper", };',
      'errors f us { failure ize "a Fin type", };',
      'errors g i { failure f "a Fin keyword", };',
      'errors h OK_ { failure FINE "fine", };',
    ].join('\n');
    expect(compileText(text).errors).toEqual([]);
    for (const opts of [{ ts: true }, { fin: true }]) {
      const r = compileText(text, opts);
      expect(r.errors.map((d) => [d.code, d.line, /'(.*)' cannot be generated/.exec(d.message)?.[1]])).toEqual([
        ['F0200', 1, "A_B'c"], ['F0200', 2, 'enum'], ['F0200', 3, 'top'], ['F0200', 4, 'errPush'], ['F0200', 5, 'usize'], ['F0200', 6, 'if'],
      ]);
      expect(r.ts ?? r.fin).toBeUndefined();
    }
  });
});
