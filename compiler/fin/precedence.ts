// The binary operator table: the one place Fin's precedence lives. The grammar parses a flat
// `unary (op unary)*` list (a rule per precedence level made chevrotain ~4x slower); cst-to-ast.ts
// folds the list into a tree with this table by precedence climbing. Loosest first:
//   ||  <  &&  <  == != < <= > >= (non-associative)  <  |  <  ^  <  &  <  << >>  <  + -  <  * / %
// All levels but comparisons associate to the left.

export type BinaryOp =
  | '||' | '&&'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';

export const COMPARISON_LEVEL = 3;

/** Precedence level per operator (higher binds tighter). */
export const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1,
  '&&': 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '|': 4,
  '^': 5,
  '&': 6,
  '<<': 7, '>>': 7,
  '+': 8, '-': 8,
  '*': 9, '/': 9, '%': 9,
};

export function isBinaryOp(text: string): text is BinaryOp {
  return Object.hasOwn(PRECEDENCE, text);
}

/** Folds `operands[0] ops[0] operands[1] ...` into a tree. `onChain(i)` is called when the
 *  comparison `ops[i]` directly follows another comparison (`a < b < c`); the tree is then built
 *  as if it were left-associative so that checking can continue. */
export function climb<T>(
  operands: T[],
  ops: BinaryOp[],
  make: (op: BinaryOp, opIndex: number, left: T, right: T) => T,
  onChain: (opIndex: number) => void,
): T {
  const state = { operands, ops, make, onChain, pos: 0 };
  return climbFrom(state, 0);
}

interface ClimbState<T> {
  operands: T[];
  ops: BinaryOp[];
  make: (op: BinaryOp, opIndex: number, left: T, right: T) => T;
  onChain: (opIndex: number) => void;
  /** index of the next operator */
  pos: number;
}

/** Parses operands[pos] and every following operator binding at least as tightly as minLevel.
 *  (A plain function rather than a closure: closures per expression cost allocation.) */
function climbFrom<T>(s: ClimbState<T>, minLevel: number): T {
  let left: T = s.operands[s.pos]!;
  let lastLevel = -1;
  while (s.pos < s.ops.length) {
    const op = s.ops[s.pos]!;
    const level = PRECEDENCE[op];
    if (level < minLevel) break;
    if (level === COMPARISON_LEVEL && lastLevel === COMPARISON_LEVEL) s.onChain(s.pos);
    const opIndex = s.pos;
    s.pos++;
    const right = climbFrom(s, level + 1);
    left = s.make(op, opIndex, left, right);
    lastLevel = level;
  }
  return left;
}
