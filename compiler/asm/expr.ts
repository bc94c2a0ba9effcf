// Expressions: parsing over a line's tokens and evaluation to absolute or relocatable values.
// Arithmetic wraps to 32 bits like the cores. A relocatable value is a location in a section
// of this file or an undefined (extern) symbol, plus a constant; the difference of two
// locations in the same section is a constant.
import { fail } from './errors.ts';
import type { Token } from './lexer.ts';

export type Expr =
  | { k: 'num'; v: number; col: number }
  | { k: 'sym'; name: string; col: number }
  | { k: 'dot'; col: number }
  | { k: 'reg'; r: number; col: number } // only inside x86 memory operands
  | { k: 'un'; op: '-' | '~' | '+'; e: Expr; col: number }
  | { k: 'bin'; op: string; l: Expr; r: Expr; col: number };

export type Value =
  | { t: 'abs'; v: number }
  /** location `v` bytes into section `sec`; `hint` names the label it came from (for relocations) */
  | { t: 'sec'; sec: string; v: number; hint?: string }
  /** undefined symbol plus addend */
  | { t: 'ext'; sym: string; v: number }
  /** not known yet (first pass, forward reference) */
  | { t: 'unk' };

/** A cursor over one line's tokens. */
export class Cursor {
  i = 0;
  constructor(readonly toks: readonly Token[], readonly endCol: number) {}
  peek(o = 0): Token | undefined { return this.toks[this.i + o]; }
  next(): Token | undefined { return this.toks[this.i++]; }
  atEnd(): boolean { return this.i >= this.toks.length; }
  col(): number { return this.toks[this.i]?.col ?? this.endCol; }
  isP(s: string, o = 0): boolean { const t = this.toks[this.i + o]; return t !== undefined && t.t === 'p' && t.s === s; }
  eatP(s: string): boolean { if (this.isP(s)) { this.i++; return true; } return false; }
  expectP(s: string, what = `'${s}'`): void {
    if (!this.eatP(s)) fail('syntax', this.col(), `expected ${what}${this.atEnd() ? ' at end of line' : ''}`);
  }
}

const BIN_PREC: Readonly<Record<string, number>> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

export interface ExprOptions {
  /** register names allowed as atoms (x86 memory operands); returns the register number */
  reg?: (name: string) => number | undefined;
  /** names that may not be used as symbols (registers): returns an error message */
  reserved?: (name: string) => string | undefined;
}

export function parseExpr(cur: Cursor, opts: ExprOptions = {}): Expr {
  return parseBin(cur, 0, opts, 0);
}

function parseBin(cur: Cursor, minPrec: number, opts: ExprOptions, depth: number): Expr {
  let l = parseUnary(cur, opts, depth);
  for (;;) {
    const t = cur.peek();
    if (!t || t.t !== 'p') return l;
    const prec = BIN_PREC[t.s];
    if (prec === undefined || prec <= minPrec) return l;
    cur.next();
    const r = parseBin(cur, prec, opts, depth + 1);
    l = { k: 'bin', op: t.s, l, r, col: t.col };
  }
}

function parseUnary(cur: Cursor, opts: ExprOptions, depth: number): Expr {
  if (depth > 200) fail('bad-expression', cur.col(), 'expression nested too deeply');
  const t = cur.next();
  if (!t) fail('syntax', cur.endCol, 'expected an expression at end of line');
  switch (t.t) {
    case 'num': return { k: 'num', v: t.n, col: t.col };
    case 'str': fail('syntax', t.col, 'a string is not allowed here');
    // eslint-disable-next-line no-fallthrough
    case 'id': {
      if (t.s === '.') return { k: 'dot', col: t.col };
      if (t.s.startsWith('@')) fail('syntax', t.col, `unexpected '${t.s}'`);
      const r = opts.reg?.(t.s.toLowerCase());
      if (r !== undefined) return { k: 'reg', r, col: t.col };
      const why = opts.reserved?.(t.s);
      if (why !== undefined) fail('bad-operand', t.col, why);
      return { k: 'sym', name: t.s, col: t.col };
    }
    case 'p':
      if (t.s === '(') {
        const e = parseBin(cur, 0, opts, depth + 1);
        cur.expectP(')', "')'");
        return e;
      }
      if (t.s === '-' || t.s === '~' || t.s === '+') {
        return { k: 'un', op: t.s, e: parseUnary(cur, opts, depth + 1), col: t.col };
      }
      fail('syntax', t.col, `unexpected '${t.s}' in expression`);
  }
}

/** Whether the expression mentions any register atom. */
export function hasReg(e: Expr): boolean {
  switch (e.k) {
    case 'reg': return true;
    case 'un': return hasReg(e.e);
    case 'bin': return hasReg(e.l) || hasReg(e.r);
    default: return false;
  }
}

/** Whether the expression mentions symbols or `.` (so it may be relocatable or unknown). */
export function isLiteral(e: Expr): boolean {
  switch (e.k) {
    case 'num': return true;
    case 'un': return isLiteral(e.e);
    case 'bin': return isLiteral(e.l) && isLiteral(e.r);
    default: return false;
  }
}

export interface EvalEnv {
  /** the current location (`.`) */
  dot: { sec: string; off: number } | undefined;
  /** value of a symbol */
  lookup(name: string, col: number): Value;
}

const abs = (v: number): Value => ({ t: 'abs', v: v | 0 });

export function evaluate(e: Expr, env: EvalEnv, depth = 0): Value {
  if (depth > 400) fail('bad-expression', e.col, 'expression nested too deeply');
  switch (e.k) {
    case 'num': return abs(e.v);
    case 'dot':
      if (!env.dot) fail('bad-expression', e.col, "'.' is not available here");
      return { t: 'sec', sec: env.dot.sec, v: env.dot.off };
    case 'sym': return env.lookup(e.name, e.col);
    case 'reg': fail('bad-operand', e.col, 'a register is not allowed in an expression');
    // eslint-disable-next-line no-fallthrough
    case 'un': {
      const v = evaluate(e.e, env, depth + 1);
      if (v.t === 'unk') return v;
      if (e.op === '+') return v;
      if (v.t !== 'abs') fail('bad-expression', e.col, `cannot apply '${e.op}' to an address`);
      return abs(e.op === '-' ? -v.v : ~v.v);
    }
    case 'bin': {
      // left-associative chains (a + b + c ...) nest on the left: fold them iteratively
      const spine: Extract<Expr, { k: 'bin' }>[] = [];
      let n: Expr = e;
      while (n.k === 'bin') { spine.push(n); n = n.l; }
      let acc = evaluate(n, env, depth + 1);
      for (let i = spine.length - 1; i >= 0; i--) {
        const b = spine[i]!;
        acc = binop(b.op, acc, evaluate(b.r, env, depth + 1), b.col);
      }
      return acc;
    }
  }
}

function binop(op: string, l: Value, r: Value, col: number): Value {
  if (l.t === 'unk' || r.t === 'unk') {
    // still catch what can never work
    return { t: 'unk' };
  }
  if (op === '+') {
    if (l.t === 'abs' && r.t === 'abs') return abs(l.v + r.v);
    if (r.t === 'abs') return { ...l, v: (l.v + r.v) | 0 } as Value;
    if (l.t === 'abs') return { ...r, v: (l.v + r.v) | 0 } as Value;
    fail('bad-expression', col, 'cannot add two addresses');
  }
  if (op === '-') {
    if (r.t === 'abs') return l.t === 'abs' ? abs(l.v - r.v) : ({ ...l, v: (l.v - r.v) | 0 } as Value);
    if (l.t === 'sec' && r.t === 'sec') {
      if (l.sec !== r.sec) fail('bad-expression', col, `cannot subtract addresses in different sections (${l.sec}, ${r.sec})`);
      return abs(l.v - r.v);
    }
    if (l.t === 'ext' && r.t === 'ext' && l.sym === r.sym) return abs(l.v - r.v);
    if (l.t === 'abs') fail('bad-expression', col, 'cannot subtract an address from a constant');
    fail('bad-expression', col, 'cannot subtract addresses that are not in the same section of this file');
  }
  if (l.t !== 'abs' || r.t !== 'abs') fail('bad-expression', col, `operator '${op}' needs constants, not addresses`);
  const a = l.v, b = r.v;
  switch (op) {
    case '*': return abs(Math.imul(a, b));
    case '/':
      if (b === 0) fail('bad-expression', col, 'division by zero');
      return abs(Math.trunc(a / b));
    case '%':
      if (b === 0) fail('bad-expression', col, 'division by zero');
      return abs(a % b);
    case '<<': return abs(b >= 32 || b < 0 ? 0 : a << b);
    case '>>': return abs(b >= 32 || b < 0 ? a >> 31 : a >> b);
    case '&': return abs(a & b);
    case '|': return abs(a | b);
    case '^': return abs(a ^ b);
  }
  fail('bad-expression', col, `unknown operator '${op}'`);
}
