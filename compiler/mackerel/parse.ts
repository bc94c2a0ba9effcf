// Text of one `.dev` file -> its syntax tree (`ast.ts`), or a located syntax error. The lexer
// makes the token string, the Ohm grammar matches it (and alone decides acceptance and the error),
// and `read.ts` reads the tree from the matched tokens.
import type * as A from './ast.ts';
import { diag, type MackerelDiagnostic } from './diagnostics.ts';
import { mackerelGrammar } from './grammar.ts';
import { KEYWORDS } from './keywords.ts';
import { keywordChar, lex, TOKEN_CHAR, type Lexed } from './lexer.ts';
import { readDevFile } from './read.ts';

export type ParseResult = { ok: true; file: A.DevFile } | { ok: false; error: MackerelDiagnostic };

export function parseDev(src: string, path: string): ParseResult {
  const lexed = lex(src);
  if (lexed.openComment !== undefined) {
    return { ok: false, error: diag('unterminated-comment', path, lexed.position(lexed.openComment), 'comment is not closed (block comments nest: every /* needs its */)') };
  }
  const m = mackerelGrammar().match(lexed.chars);
  if (m.failed()) return { ok: false, error: syntaxError(lexed, m.getRightmostFailurePosition(), m.getExpectedText(), path) };
  return { ok: true, file: readDevFile(lexed) };
}

const CHAR_NAMES = new Map<string, string>([
  [TOKEN_CHAR.ident, 'identifier'], [TOKEN_CHAR.int, 'integer'], [TOKEN_CHAR.string, 'string'],
  ...KEYWORDS.map((k) => [keywordChar(k), `"${k}"`] as [string, string]),
]);

/** What the grammar expected, in source terms: a range of keyword characters is an identifier. */
function expectedText(ohmText: string): string {
  const names = new Set<string>();
  for (const alt of ohmText.matchAll(/"((?:[^"\\]|\\.)*)"(\.\."(?:[^"\\]|\\.)*")?/g)) {
    if (alt[2]) names.add(alt[1] === keywordChar('also') ? 'attribute' : alt[1] === keywordChar('rw') ? 'attribute' : 'identifier');
    else names.add(CHAR_NAMES.get(alt[1]) ?? `"${alt[1]}"`);
  }
  return [...names].join(', ');
}

function syntaxError(lexed: Lexed, at: number, ohmExpected: string, path: string): MackerelDiagnostic {
  const tok = lexed.tokens[at];
  if (!tok) {
    const last = lexed.tokens[lexed.tokens.length - 1];
    const pos = last ? lexed.position(last.offset + last.text.length) : { line: 1, col: 1 };
    return diag('syntax', path, pos, `unexpected end of file; expected ${expectedText(ohmExpected)}`);
  }
  const pos = lexed.position(tok.offset);
  if (tok.kind === 'bad') return diag('syntax', path, pos, tok.problem ?? 'bad token');
  const what = tok.kind === 'keyword' ? `${KEYWORDS.includes(tok.value as never) ? 'keyword' : ''} "${tok.text}"`.trim() : tok.kind === 'ident' ? `identifier "${tok.text}"` : `"${tok.text}"`;
  return diag('syntax', path, pos, `unexpected ${what}; expected ${expectedText(ohmExpected)}`);
}
