// The lexical rules of Mackerel (Parsec `javaStyle`, reference §0) as a hand-written scanner.
// The scanner turns a file into tokens and a compact *token string* — one character per token —
// which the Ohm grammar (`grammar.ts`) parses. Ohm over raw text costs ~50 µs per source byte
// on this corpus; over one character per token the whole corpus parses in well under a second.
// MUST STAY TRUE: block comments nest; keywords match in any letter case; a reserved word is never
// an identifier; an identifier starts with a letter and continues with letters, digits, `_`, `'`;
// columns count tabs to the next multiple of 8, as Parsec does (so locations match the original).
import { KEYWORDS, RESERVED } from './keywords.ts';

export type TokenKind = 'ident' | 'keyword' | 'int' | 'string' | 'punct' | 'bad';

export interface Token {
  kind: TokenKind;
  /** the source text of the token */
  text: string;
  /** keyword: the lower-case keyword; string: the decoded value */
  value: string;
  /** int: the value (`1s` is -1) */
  int: bigint;
  /** index of the first character in the source */
  offset: number;
  /** bad: what is wrong */
  problem?: string;
}

export interface Lexed {
  tokens: Token[];
  /** one character per token, then one for the end of file */
  chars: string;
  /** an unterminated block comment: the offset where it opened */
  openComment?: number;
  /** line and column of a source offset */
  position: (offset: number) => Position;
}

export interface Position { line: number; col: number }

/** Line/column lookup for a source: computed on demand, only diagnostics and declarations need
 *  it. Tabs advance to the next multiple of 8, as in Parsec. */
export function positions(src: string): (offset: number) => Position {
  const starts = [0];
  for (let k = src.indexOf('\n'); k >= 0; k = src.indexOf('\n', k + 1)) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    let col = 1;
    for (let k = starts[lo]; k < offset && k < src.length; k++) col = src[k] === '\t' ? col + 8 - ((col - 1) % 8) : col + 1;
    return { line: lo + 1, col };
  };
}

/** The token-string character of each keyword: U+0100 upward, in KEYWORDS order. */
export const keywordChar = (kw: string): string => String.fromCharCode(0x100 + KEYWORDS.indexOf(kw as (typeof KEYWORDS)[number]));
export const TOKEN_CHAR = { ident: 'i', int: 'n', string: 's', bad: '!' } as const;
const PUNCT = ';,(){}[].=+-*/_';
const KEYWORD_SET = new Map<string, string>(KEYWORDS.map((k) => [k, keywordChar(k)]));
const RESERVED_SET = new Set<string>(RESERVED);

// ASCII first: the corpus is pure ASCII and the Unicode tests are slow.
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && /\p{L}/u.test(c));
const isIdentPart = (c: string) => isLetter(c) || (c >= '0' && c <= '9') || c === '_' || c === "'" || (c > '\x7f' && /\p{N}/u.test(c));
const isDigit = (c: string) => c >= '0' && c <= '9';
/** the ASCII run of an identifier, in one step (the corpus is ASCII); `isIdentPart` goes on from there */
const ASCII_IDENT = /[A-Za-z0-9_']*/y;

export function lex(src: string): Lexed {
  const tokens: Token[] = [];
  let chars = '';
  let i = 0;
  const advance = (n: number) => { i = Math.min(i + n, src.length); };
  // every token built with the same property order, so they all share one object shape
  const push = (kind: TokenKind, text: string, ch: string, at: number, value = '', int = 0n, problem?: string) => {
    tokens.push({ kind, text, value, int, offset: at, problem });
    chars += ch;
  };
  const position = positions(src);
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') { advance(1); continue; }
    const at = i;
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      let depth = 0;
      while (i < src.length) {
        if (src[i] === '/' && src[i + 1] === '*') { depth++; advance(2); } else if (src[i] === '*' && src[i + 1] === '/') {
          depth--; advance(2);
          if (depth === 0) break;
        } else advance(1);
      }
      if (depth > 0) return { tokens, chars: chars + TOKEN_CHAR.bad, openComment: at, position };
      continue;
    }
    if (isLetter(c)) {
      ASCII_IDENT.lastIndex = i;
      ASCII_IDENT.test(src);
      let j = ASCII_IDENT.lastIndex;
      while (j < src.length && isIdentPart(src[j])) j++;
      const text = src.slice(i, j);
      const lower = text.toLowerCase();
      const kw = KEYWORD_SET.get(lower);
      advance(j - i);
      if (kw !== undefined) push('keyword', text, kw, at, lower);
      else push('ident', text, TOKEN_CHAR.ident, at);
      continue;
    }
    if (isDigit(c)) {
      const n = scanNumber(src, i);
      const text = src.slice(i, i + n.length);
      advance(n.length);
      if (n.value === undefined) push('bad', text, TOKEN_CHAR.bad, at, '', 0n, n.problem);
      else push('int', text, TOKEN_CHAR.int, at, '', n.value);
      continue;
    }
    if (c === '"') {
      const s = scanString(src, i);
      const text = src.slice(i, i + s.length);
      advance(s.length);
      if (s.value === undefined) push('bad', text, TOKEN_CHAR.bad, at, '', 0n, s.problem);
      else push('string', text, TOKEN_CHAR.string, at, s.value);
      continue;
    }
    if (PUNCT.includes(c)) {
      advance(1);
      push('punct', c, c, at);
      continue;
    }
    advance(1);
    push('bad', c, TOKEN_CHAR.bad, at, '', 0n, `unexpected character ${JSON.stringify(c)}`);
  }
  return { tokens, chars, position };
}

/** Whether a keyword token may also serve as an identifier (keywords not in the reserved list). */
export const isReserved = (kw: string) => RESERVED_SET.has(kw);

interface Scanned { length: number; value?: bigint; problem?: string }

// Parsec's `integer`: `0b`/`0B` binary, then `1s` (all ones), then a natural: `0x` hex, `0o`
// octal, else decimal (a leading zero is not octal). Letters straight after a number are the
// next token, as in the original (so `32ksync` is a number then an identifier).
function scanNumber(src: string, i: number): Scanned {
  const two = src.slice(i, i + 2);
  const run = (from: number, ok: (ch: string) => boolean) => { let j = from; while (j < src.length && ok(src[j])) j++; return j; };
  if ((two === '0b' || two === '0B') && (src[i + 2] === '0' || src[i + 2] === '1')) {
    const j = run(i + 2, (ch) => ch === '0' || ch === '1');
    return { length: j - i, value: BigInt('0b' + src.slice(i + 2, j)) };
  }
  if (two === '1s') return { length: 2, value: -1n };
  if (two === '0x' || two === '0X') {
    const j = run(i + 2, (ch) => /[0-9a-fA-F]/.test(ch));
    return j === i + 2 ? { length: 2, problem: 'hexadecimal literal without digits' } : { length: j - i, value: BigInt('0x' + src.slice(i + 2, j)) };
  }
  if (two === '0o' || two === '0O') {
    const j = run(i + 2, (ch) => ch >= '0' && ch <= '7');
    return j === i + 2 ? { length: 2, problem: 'octal literal without digits' } : { length: j - i, value: BigInt('0o' + src.slice(i + 2, j)) };
  }
  const j = run(i, isDigit);
  return { length: j - i, value: BigInt(src.slice(i, j)) };
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

// Haskell string syntax: no control characters (tab, newline) inside; escapes `\n` etc., numeric
// `\65` `\x41` `\o101`, the empty escape `\&` and string gaps (`\` white space `\`).
function scanString(src: string, i: number): { length: number; value?: string; problem?: string } {
  let j = i + 1;
  let out = '';
  while (j < src.length) {
    const c = src[j];
    if (c === '"') return { length: j + 1 - i, value: out };
    if (c < '\x1b') return { length: j - i, problem: 'unterminated string literal' };
    if (c !== '\\') {
      // the run up to the next quote, backslash or control character, in one slice
      let k = j + 1;
      while (k < src.length) { const d = src.charCodeAt(k); if (d === 0x22 || d === 0x5c || d < 0x1b) break; k++; }
      out += src.slice(j, k);
      j = k;
      continue;
    }
    const e = src[j + 1] ?? '';
    if (e in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[e]; j += 2; continue; }
    if (e === '&') { j += 2; continue; }
    const num = /^(?:x([0-9a-fA-F]+)|o([0-7]+)|([0-9]+))/.exec(src.slice(j + 1, j + 12));
    if (num) {
      const v = num[1] !== undefined ? parseInt(num[1], 16) : num[2] !== undefined ? parseInt(num[2], 8) : parseInt(num[3], 10);
      if (v > 0x10ffff) return { length: j - i, problem: 'character escape out of range' };
      out += String.fromCodePoint(v);
      j += 1 + num[0].length;
      continue;
    }
    const gap = /^[ \t\r\n]+\\/.exec(src.slice(j + 1));
    if (gap) { j += 1 + gap[0].length; continue; }
    return { length: j - i, problem: `unknown escape sequence '\\${e}'` };
  }
  return { length: j - i, problem: 'unterminated string literal' };
}
