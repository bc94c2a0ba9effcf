// Line lexer shared by both assemblers. One statement per line; comments run to the end of the
// line: `//` on both, `#` and `;` on x86, `@` on arm, and `#` on arm when it begins the line or
// is followed by white space (otherwise `#` introduces an arm immediate).
import type { Arch } from '../link/object.ts';
import { fail } from './errors.ts';

export type Token =
  | { t: 'id'; s: string; col: number }
  | { t: 'num'; n: number; col: number }
  | { t: 'str'; bytes: number[]; col: number }
  | { t: 'p'; s: string; col: number };

// character classes by code rather than per-character regex tests: the assembler lexes every
// line the compiler generates, so this loop is hot
/** [A-Za-z_.$] */
function idStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 46 || c === 36;
}
/** [A-Za-z0-9_.$] */
function idChar(c: number): boolean {
  return idStart(c) || (c >= 48 && c <= 57);
}
const PUNCT2 = ['<<', '>>'];
const PUNCT1 = ',[]{}()+-*/%&|^~#:=!<>';
/** words written after `@` in `.type sym, @function` and `.section name, "flags", @nobits`
 *  (only these escape arm's `@` comments) */
const AT_WORDS = ['function', 'object', 'notype', 'progbits', 'nobits'];

/** Tokenises one line (without its newline). Columns are 1-based. Throws LineError. */
export function lexLine(text: string, arch: Arch): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const col = i + 1;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    if (c === '/' && text[i + 1] === '/') break;
    if (arch === 'x86' && (c === '#' || c === ';')) break;
    if (arch === 'arm' && c === '#' && (out.length === 0 || i + 1 >= n || /\s/.test(text[i + 1]!))) break;
    if (c === '@') {
      const m = /^@([A-Za-z_]+)/.exec(text.slice(i));
      const word = m?.[1];
      const after = text[i + 1 + (word?.length ?? 0)];
      if (word !== undefined && (arch === 'x86' || (AT_WORDS.includes(word) && (after === undefined || !idChar(after.charCodeAt(0)))))) {
        out.push({ t: 'id', s: '@' + word, col });
        i += 1 + word.length;
        continue;
      }
      if (arch === 'arm') break;
      fail('syntax', col, `unexpected character '@'`);
    }
    if (idStart(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && idChar(text.charCodeAt(j))) j++;
      out.push({ t: 'id', s: text.slice(i, j), col });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && idChar(text.charCodeAt(j))) j++;
      out.push({ t: 'num', n: parseNumber(text.slice(i, j), col), col });
      i = j;
      continue;
    }
    if (c === '"') {
      const { bytes, end } = readQuoted(text, i, '"', col);
      out.push({ t: 'str', bytes, col });
      i = end;
      continue;
    }
    if (c === "'") {
      const { bytes, end } = readQuoted(text, i, "'", col);
      if (bytes.length !== 1) fail('syntax', col, 'a character literal holds exactly one byte');
      out.push({ t: 'num', n: bytes[0]!, col });
      i = end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) { out.push({ t: 'p', s: two, col }); i += 2; continue; }
    if (PUNCT1.includes(c)) { out.push({ t: 'p', s: c, col }); i++; continue; }
    fail('syntax', col, `unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

function parseNumber(s: string, col: number): number {
  const lower = s.toLowerCase();
  let v: number;
  if (/^0x[0-9a-f]+$/.test(lower)) v = parseInt(lower.slice(2), 16);
  else if (/^0b[01]+$/.test(lower)) v = parseInt(lower.slice(2), 2);
  else if (/^0o[0-7]+$/.test(lower)) v = parseInt(lower.slice(2), 8);
  else if (/^[0-9]+$/.test(lower)) v = parseInt(lower, 10);
  else fail('bad-number', col, `malformed number '${s}'`);
  if (!(v <= 0xffffffff)) fail('bad-number', col, `number '${s}' does not fit in 32 bits`);
  return v | 0;
}

function utf8(cp: number): number[] {
  return [...new TextEncoder().encode(String.fromCodePoint(cp))];
}

/** Reads a quoted string starting at text[start] (the quote); returns its bytes and the index after the closing quote. */
function readQuoted(text: string, start: number, quote: string, col: number): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let i = start + 1;
  for (;;) {
    if (i >= text.length) fail('syntax', col, quote === '"' ? 'unterminated string' : 'unterminated character literal');
    const c = text[i]!;
    if (c === quote) return { bytes, end: i + 1 };
    if (c !== '\\') {
      const cp = text.codePointAt(i)!;
      if (cp >= 0xd800 && cp <= 0xdfff) fail('syntax', i + 1, 'unpaired surrogate in string');
      bytes.push(...(cp < 0x80 ? [cp] : utf8(cp)));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = text[i + 1];
    switch (e) {
      case 'n': bytes.push(10); i += 2; break;
      case 't': bytes.push(9); i += 2; break;
      case 'r': bytes.push(13); i += 2; break;
      case '0': bytes.push(0); i += 2; break;
      case '\\': bytes.push(92); i += 2; break;
      case '"': bytes.push(34); i += 2; break;
      case "'": bytes.push(39); i += 2; break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2));
        if (!m) fail('syntax', i + 1, '\\x needs one or two hex digits');
        bytes.push(parseInt(m[0], 16));
        i += 2 + m[0].length;
        break;
      }
      default:
        fail('syntax', i + 1, e === undefined ? 'unterminated string' : `unknown escape '\\${e}'`);
    }
  }
}
