// Line structure shared by both assemblers: labels, then a directive, a constant assignment
// (`NAME = expr`) or an instruction with comma-separated operands.
import { fail } from './errors.ts';
import { Cursor } from './expr.ts';
import type { Token } from './lexer.ts';

export interface Operand {
  toks: Token[];
  col: number;
}

export type Stmt =
  | { k: 'dir'; name: string; col: number; ops: Operand[]; endCol: number }
  | { k: 'assign'; name: string; col: number; value: Operand; endCol: number }
  | { k: 'ins'; mn: string; col: number; ops: Operand[]; endCol: number };

export interface Line {
  labels: { name: string; col: number }[];
  stmt: Stmt | undefined;
}

const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

// Helpers live at module level, not as closures: tsx compiles with esbuild's keepNames, which
// wraps every named closure in a defineProperty call each time it is created (measured at
// ~20% of a warm compile when the assembler and code generator did that per line).
function pushOperand(out: Operand[], toks: Token[], col: number): void {
  if (toks.length === 0) fail('syntax', col, 'empty operand');
  out.push({ toks, col: toks[0]!.col });
}

/** Splits tokens at top-level commas. An empty operand is a syntax error. */
export function splitOperands(toks: readonly Token[], endCol: number): Operand[] {
  if (toks.length === 0) return [];
  const out: Operand[] = [];
  const stack: string[] = [];
  let cur: Token[] = [];
  let commaCol = toks[0]!.col;
  for (const t of toks) {
    if (t.t === 'p') {
      if (OPEN[t.s]) stack.push(OPEN[t.s]!);
      else if (t.s === ')' || t.s === ']' || t.s === '}') {
        if (stack.pop() !== t.s) fail('syntax', t.col, `unbalanced '${t.s}'`);
      } else if (t.s === ',' && stack.length === 0) {
        pushOperand(out, cur, t.col);
        cur = [];
        commaCol = t.col;
        continue;
      }
    }
    cur.push(t);
  }
  if (stack.length) fail('syntax', endCol, `missing '${stack[stack.length - 1]}'`);
  pushOperand(out, cur, commaCol);
  return out;
}

export function parseLine(toks: readonly Token[], endCol: number): Line {
  const labels: Line['labels'] = [];
  let i = 0;
  for (;;) {
    const t = toks[i], c = toks[i + 1];
    if (t?.t === 'id' && c?.t === 'p' && c.s === ':' && !t.s.startsWith('@')) {
      labels.push({ name: t.s, col: t.col });
      i += 2;
    } else break;
  }
  const head = toks[i];
  if (!head) return { labels, stmt: undefined };
  if (head.t !== 'id' || head.s.startsWith('@')) fail('syntax', head.col, 'expected a label, directive or instruction');
  const rest = toks.slice(i + 1);
  const eq = rest[0];
  if (eq?.t === 'p' && eq.s === '=') {
    const value = rest.slice(1);
    if (value.length === 0) fail('syntax', endCol, 'expected an expression after =');
    return { labels, stmt: { k: 'assign', name: head.s, col: head.col, value: { toks: value, col: value[0]!.col }, endCol } };
  }
  const ops = splitOperands(rest, endCol);
  if (head.s.startsWith('.') && head.s.length > 1) {
    return { labels, stmt: { k: 'dir', name: head.s.toLowerCase(), col: head.col, ops, endCol } };
  }
  return { labels, stmt: { k: 'ins', mn: head.s.toLowerCase(), col: head.col, ops, endCol } };
}

/** A cursor over one operand. */
export function cursor(op: Operand, endCol: number): Cursor {
  return new Cursor(op.toks, endCol);
}

/** Fails unless the cursor consumed the whole operand. */
export function expectEnd(cur: Cursor): void {
  const t = cur.peek();
  if (t) fail('syntax', t.col, `unexpected ${describe(t)}`);
}

export function describe(t: Token): string {
  switch (t.t) {
    case 'id': return `'${t.s}'`;
    case 'num': return `number ${t.n}`;
    case 'str': return 'string';
    case 'p': return `'${t.s}'`;
  }
}
