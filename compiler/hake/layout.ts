// Haskell's layout rule, as a pass over the source text before the ohm grammar sees it. Hakefiles
// are Haskell, where `let`, `where` and `of` open blocks whose extent is given by indentation;
// a PEG cannot see columns, so this pass makes the blocks explicit with three characters the
// grammar knows (BLOCK_OPEN, BLOCK_SEP, BLOCK_CLOSE) and keeps a map back to the original
// offsets, so every diagnostic still points into the file as written.
//
// The rule implemented (Haskell 2010 §10.3, simplified to what Hakefiles need):
//   - after `let`/`where`/`of`, unless the next token is `{`, a block opens at that token's column;
//   - a token first on its line closes every block indented deeper, and separates items of a
//     block at exactly its column (closing brackets, `,`, `then`, `else`, `of`, `in` excepted);
//   - `in` closes the innermost `let` block; a closing bracket or `,` closes blocks opened inside
//     the bracket it belongs to (the "parse-error(t)" cases that occur in practice);
//   - the end of input closes everything.

export const BLOCK_OPEN = '\u{E000}';
export const BLOCK_SEP = '\u{E001}';
export const BLOCK_CLOSE = '\u{E002}';

export interface LaidOut {
  text: string;
  /** original offset of each character of `text` (inserted characters map to the next token) */
  origin: number[];
}

interface Token { start: number; end: number; text: string; line: number; col: number; firstOnLine: boolean }

const SYMBOL = /[!#$%&*+./<=>?@\\^|~:-]/;

/** Tokens relevant to layout; comments and whitespace skipped. Unterminated strings and
 *  comments run to the end (the grammar reports them). */
function tokens(src: string): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1, lineStart = 0, lastLine = 0;
  const push = (start: number, end: number) => {
    out.push({ start, end, text: src.slice(start, end), line, col: start - lineStart + 1, firstOnLine: line !== lastLine });
    lastLine = line;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { i++; line++; lineStart = i; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '-' && src[i + 1] === '-') {
      let j = i; while (src[j] === '-') j++;
      if (j >= src.length || !SYMBOL.test(src[j])) { while (i < src.length && src[i] !== '\n') i++; continue; }
    }
    if (c === '{' && src[i + 1] === '-') {
      let depth = 0;
      while (i < src.length) {
        if (src[i] === '{' && src[i + 1] === '-') { depth++; i += 2; continue; }
        if (src[i] === '-' && src[i + 1] === '}') { depth--; i += 2; if (depth === 0) break; continue; }
        if (src[i] === '\n') { line++; lineStart = i + 1; }
        i++;
      }
      continue;
    }
    const start = i;
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      if (src[i] === '"') i++;
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_'.]/.test(src[i])) i++;
    } else if (/[0-9]/.test(c)) {
      while (i < src.length && /[0-9]/.test(src[i])) i++;
    } else if (SYMBOL.test(c)) {
      while (i < src.length && SYMBOL.test(src[i])) i++;
    } else i++;
    push(start, i);
  }
  return out;
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const NO_SEPARATOR = new Set([')', ']', '}', ',', 'then', 'else', 'of', 'in']);

export function layout(src: string): LaidOut {
  const toks = tokens(src);
  let text = '';
  const origin: number[] = [];
  let copied = 0;
  const copyTo = (end: number) => {
    for (let k = copied; k < end; k++) { text += src[k]; origin.push(k); }
    copied = end;
  };
  const insert = (ch: string, at: number) => { copyTo(at); text += ch; origin.push(at); };

  const blocks: { col: number; depth: number; isLet: boolean }[] = [];
  let depth = 0;
  let pendingOpen: boolean | null = null; // a layout keyword was seen; value = it was `let`
  for (const t of toks) {
    if (pendingOpen !== null) {
      if (t.text !== '{') {
        insert(BLOCK_OPEN, t.start);
        blocks.push({ col: t.col, depth, isLet: pendingOpen });
        pendingOpen = null;
        copyTo(t.end);
        if (OPENERS.has(t.text)) depth++;
        if (isLayoutKeyword(t.text)) pendingOpen = t.text === 'let';
        continue;
      }
      pendingOpen = null;
    }
    if (t.firstOnLine) {
      while (blocks.length && blocks[blocks.length - 1].col > t.col) { insert(BLOCK_CLOSE, t.start); blocks.pop(); }
      const top = blocks[blocks.length - 1];
      if (top && top.col === t.col && top.depth === depth && !NO_SEPARATOR.has(t.text)) insert(BLOCK_SEP, t.start);
    }
    if (t.text === 'in') {
      const top = blocks[blocks.length - 1];
      if (top && top.isLet && top.depth === depth) { insert(BLOCK_CLOSE, t.start); blocks.pop(); }
    }
    if (CLOSERS.has(t.text) || t.text === ',') {
      while (blocks.length && blocks[blocks.length - 1].depth >= depth && depth > 0) { insert(BLOCK_CLOSE, t.start); blocks.pop(); }
      if (CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
    }
    if (OPENERS.has(t.text)) depth++;
    copyTo(t.end);
    if (isLayoutKeyword(t.text)) pendingOpen = t.text === 'let';
  }
  copyTo(src.length);
  if (pendingOpen !== null) { text += BLOCK_OPEN; origin.push(src.length); blocks.push({ col: 0, depth, isLet: false }); }
  while (blocks.pop()) { text += BLOCK_CLOSE; origin.push(src.length); }
  origin.push(src.length); // the end position itself
  return { text, origin };
}

function isLayoutKeyword(s: string): boolean {
  return s === 'let' || s === 'where' || s === 'of';
}

/** 1-based line and column of an offset in the original text. */
export function lineCol(src: string, offset: number): { line: number; col: number } {
  let line = 1, start = 0;
  for (let i = 0; i < offset && i < src.length; i++) if (src[i] === '\n') { line++; start = i + 1; }
  return { line, col: offset - start + 1 };
}
