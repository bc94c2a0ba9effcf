// Turns Fin source into tokens. Chevrotain does the matching; this file reports what it could not
// match and validates literals, leaving each literal's decoded value in `token.payload`:
//   IntLit → number, CharLit → number (one byte), StringLit → Uint8Array (bytes, no NUL).
// A malformed literal is reported here and gets a harmless payload (0 / empty), so parsing goes on.
import { Lexer, type IToken } from 'chevrotain';
import { ALL_TOKENS, CharLit, IntLit, StringLit, UnterminatedChar, UnterminatedComment, UnterminatedString } from './tokens.ts';
import { decodeEscapes, decodeInt } from './literals.ts';
import type { DiagSink, Span } from './diagnostics.ts';

// One lexer for the process: building it analyses every pattern. ensureOptimizations makes a
// token pattern that defeats chevrotain's first-character dispatch fail loudly (in every test).
const lexer = new Lexer(ALL_TOKENS, { positionTracking: 'onlyStart', ensureOptimizations: true });

export function tokenize(source: string, path: string, diags: DiagSink): IToken[] {
  const result = lexer.tokenize(source);
  for (const e of result.errors) {
    const ch = source.slice(e.offset, e.offset + 1);
    const shown = /[\x20-\x7e]/.test(ch) ? `'${ch}'` : `U+${(source.codePointAt(e.offset) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    diags.report('unexpected-character', path, { line: e.line ?? 1, col: e.column ?? 1 }, `unexpected character ${shown}`);
  }
  for (const t of result.groups['bad'] ?? []) {
    const at = startOf(t);
    if (t.tokenType === UnterminatedComment) diags.report('unterminated-comment', path, at, "block comment has no closing '*/'");
    else if (t.tokenType === UnterminatedString) diags.report('unterminated-string', path, at, 'string literal has no closing \'"\' on its line');
    else if (t.tokenType === UnterminatedChar) diags.report('bad-char-literal', path, at, "character literal has no closing \"'\"");
  }
  for (const t of result.tokens) {
    if (t.tokenType === IntLit) decodeIntToken(t, path, diags);
    else if (t.tokenType === StringLit) decodeStringToken(t, path, diags);
    else if (t.tokenType === CharLit) decodeCharToken(t, path, diags);
  }
  return result.tokens;
}

export function startOf(t: IToken): Span {
  return { line: t.startLine ?? 1, col: t.startColumn ?? 1 };
}

function shifted(t: IToken, by: number): Span {
  const s = startOf(t);
  return { line: s.line, col: s.col + by };
}

function decodeIntToken(t: IToken, path: string, diags: DiagSink): void {
  const r = decodeInt(t.image);
  if (r.ok) {
    t.payload = r.value;
  } else {
    diags.report('bad-number', path, shifted(t, r.at), r.message);
    t.payload = 0;
  }
}

function decodeStringToken(t: IToken, path: string, diags: DiagSink): void {
  const r = decodeEscapes(t.image.slice(1, -1));
  if (r.ok) {
    t.payload = Uint8Array.from(r.value);
  } else {
    diags.report('bad-escape', path, shifted(t, 1 + r.at), r.message);
    t.payload = new Uint8Array(0);
  }
}

function decodeCharToken(t: IToken, path: string, diags: DiagSink): void {
  t.payload = 0;
  const r = decodeEscapes(t.image.slice(1, -1));
  if (!r.ok) {
    diags.report('bad-escape', path, shifted(t, 1 + r.at), r.message);
  } else if (r.value.length !== 1) {
    const what = r.value.length === 0 ? 'is empty' : 'is more than one byte';
    diags.report('bad-char-literal', path, startOf(t), `character literal ${t.image} ${what}`);
  } else {
    t.payload = r.value[0];
  }
}
