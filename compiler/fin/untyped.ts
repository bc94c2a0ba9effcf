// Untyped integer constants. An integer or character literal — and `sizeof`, `@alignof`,
// `@offsetof`, and arithmetic made only of these — has no type of its own: it takes the integer
// type its context expects, and must fit it. Without an integer context it is a u32 (a character
// a u8; a negated literal such as `-1` an i32, since it cannot be a u32). `null` likewise takes
// the pointer type its context expects.
//
// The checker passes the expected type down as a *hint*. For a binary operator the typed side
// is checked first and its type becomes the hint for the untyped side, so in `x + 1` and `1 + x`
// the literal takes x's type.
import type * as A from './ast.ts';
import { fits, wrap } from './consteval.ts';
import type { ConstExpr } from './checked.ts';
import { I32, U32, type IntType, type Type } from './types.ts';
import { report, type Env } from './context.ts';

const ARITH_OPS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>']);

/** Whether the expression's type comes from its context. */
export function isUntyped(e: A.Expr): boolean {
  switch (e.kind) {
    case 'int': case 'char': case 'sizeof': case 'alignof': case 'offsetof': case 'null':
      return true;
    case 'unary':
      return (e.op === '-' || e.op === '~') && isUntyped(e.operand);
    case 'binary':
      return ARITH_OPS.has(e.op) && isUntyped(e.left) && isUntyped(e.right);
    default:
      return false;
  }
}

/** An untyped integer constant given its final type: the hint when it is an integer type, else
 *  the default. Reports a value that does not fit. */
export function typeLiteral(env: Env, value: number, hint: Type | undefined, span: A.Span, defaultType: IntType = U32): ConstExpr {
  const t = hint?.kind === 'int' ? hint : value < 0 && defaultType === U32 ? I32 : defaultType;
  if (!fits(value, t)) {
    report(env, 'literal-out-of-range', span, `${value} does not fit in ${t.name}`);
    value = wrap(value, t);
  }
  return { kind: 'const', type: t, value, span, lvalue: false };
}
