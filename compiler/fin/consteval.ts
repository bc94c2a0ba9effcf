// Compile-time evaluation of scalar operations, with exactly the run-time semantics: arithmetic
// wraps to the type, signed `/` truncates toward zero, `%` takes the dividend's sign, shift counts
// are taken modulo the width, `>>` is arithmetic on signed types. Values are JS numbers holding
// the normalised bit pattern (see ConstExpr in checked.ts). The checker folds every expression
// whose operands are constant through these functions, so a `const`, an array length, an enum
// value and `x + 2 * 3` all use the same arithmetic.
import type { ArithOp, CastConv, CompareOp } from './checked.ts';
import type { IntType } from './types.ts';

/** Reduces any integer to the type's range (two's complement wrap). */
export function wrap(v: number, t: IntType): number {
  if (t.bits === 32) return t.signed ? v | 0 : v >>> 0;
  if (t.bits === 16) return t.signed ? (v << 16) >> 16 : v & 0xffff;
  return t.signed ? (v << 24) >> 24 : v & 0xff;
}

/** Whether a mathematical integer value is representable in the type (no wrapping). */
export function fits(v: number, t: IntType): boolean {
  const lo = t.signed ? -(2 ** (t.bits - 1)) : 0;
  const hi = t.signed ? 2 ** (t.bits - 1) - 1 : 2 ** t.bits - 1;
  return v >= lo && v <= hi;
}

/** `a op b` in type t; undefined for division or remainder by zero (the caller reports it). */
export function foldArith(op: ArithOp, a: number, b: number, t: IntType): number | undefined {
  switch (op) {
    case '+': return wrap(a + b, t);
    case '-': return wrap(a - b, t);
    case '*': return wrap(Math.imul(a, b), t);
    case '/': return b === 0 ? undefined : wrap(Math.trunc(a / b), t);
    case '%': return b === 0 ? undefined : wrap(a % b, t);
    case '&': return wrap(a & b, t);
    case '|': return wrap(a | b, t);
    case '^': return wrap(a ^ b, t);
    case '<<': return wrap(a << (b & (t.bits - 1)), t);
    case '>>': {
      const n = b & (t.bits - 1);
      // normalised values: signed ones are sign-extended numbers, unsigned ones non-negative
      return wrap(t.signed ? a >> n : a >>> n, t);
    }
  }
}

/** Comparison of two normalised values of the same type (so plain numeric order is right). */
export function foldCompare(op: CompareOp, a: number, b: number): number {
  switch (op) {
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
  }
}

export function foldNeg(a: number, t: IntType): number {
  return wrap(-a, t);
}

export function foldBitNot(a: number, t: IntType): number {
  return wrap(~a, t);
}

/** Converts a normalised value of `from`'s representation to `to`'s. Since the number already
 *  holds the source's mathematical value, extension of either kind is the identity and
 *  truncation is a wrap. */
export function foldCast(a: number, to: IntType): number {
  return wrap(a, to);
}

/** How the bits change when converting between two scalar representations. */
export function castConv(from: IntType, to: IntType, fromBool = false): CastConv {
  if (fromBool) return to.bits === 8 ? 'none' : 'zext';
  if (to.bits < from.bits) return 'trunc';
  if (to.bits > from.bits) return from.signed ? 'sext' : 'zext';
  return 'none';
}
