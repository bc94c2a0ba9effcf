// Operators and casts. Binary operators need identical operand types — the only implicit
// adaptation is an untyped literal (or `null`) taking the other side's type. Pointer arithmetic is
// `p + n` / `p - n` (n any integer type, scaled by the pointee size) and `p - q` (elements between
// two pointers of one type). Every operation on constants is folded (consteval.ts), so constant
// expressions come out as ConstExpr leaves.
import type * as A from './ast.ts';
import type { ArithOp, CastConv, CompareOp, TExpr } from './checked.ts';
import { report, type Env } from './context.ts';
import { BOOL, ISIZE, isPointerLike, pointerTo, sameType, scalarRep, typeToString, U32, type Type } from './types.ts';
import { sizeOf } from './layout.ts';
import { castConv, foldArith, foldBitNot, foldCast, foldCompare, foldNeg } from './consteval.ts';
import { isUntyped, typeLiteral } from './untyped.ts';
import { completeType, resolveType } from './resolve.ts';
import { checkExpr, constExpr, errorExpr } from './check-expr.ts';
import { rootLocal } from './check-access.ts';

// ---------- unary ----------

export function checkUnary(env: Env, e: A.UnaryExpr, hint: Type | undefined): TExpr {
  switch (e.op) {
    case '-': {
      // `-128` is one literal: it must fit the type as a negative number
      const o = e.operand;
      if (o.kind === 'int' || o.kind === 'char') return typeLiteral(env, -o.value, hint, e.span);
      return intUnary(env, e, hint, '-');
    }
    case '~': return intUnary(env, e, hint, '~');
    case '!': {
      const v = checkExpr(env, e.operand, BOOL);
      if (v.type.kind === 'error') return errorExpr(e.span);
      if (v.type.kind !== 'bool') {
        report(env, 'invalid-operands', e.span, `'!' needs a bool, not ${typeToString(v.type)}`);
        return errorExpr(e.span);
      }
      if (v.kind === 'const') return constExpr(BOOL, v.value ? 0 : 1, e.span);
      return { kind: 'unary', op: '!', operand: v, type: BOOL, span: e.span, lvalue: false };
    }
    case '&': return addressOf(env, e);
    case '*': {
      const p = checkExpr(env, e.operand);
      if (p.type.kind === 'error') return errorExpr(e.span);
      if (p.type.kind !== 'pointer') {
        report(env, 'not-a-pointer', e.span, `cannot dereference ${typeToString(p.type)}; '*' needs a pointer`);
        return errorExpr(e.span);
      }
      if (!completeType(env, p.type.to, e.span)) return errorExpr(e.span);
      return { kind: 'deref', pointer: p, type: p.type.to, span: e.span, lvalue: true };
    }
  }
}

function intUnary(env: Env, e: A.UnaryExpr, hint: Type | undefined, op: '-' | '~'): TExpr {
  const v = checkExpr(env, e.operand, hint);
  const t = v.type;
  if (t.kind === 'error') return errorExpr(e.span);
  if (t.kind !== 'int') {
    report(env, 'invalid-operands', e.span, `'${op}' needs an integer, not ${typeToString(t)}`);
    return errorExpr(e.span);
  }
  if (v.kind === 'const') return constExpr(t, op === '-' ? foldNeg(v.value, t) : foldBitNot(v.value, t), e.span);
  return { kind: 'unary', op, operand: v, type: t, span: e.span, lvalue: false };
}

function addressOf(env: Env, e: A.UnaryExpr): TExpr {
  const v = checkExpr(env, e.operand);
  if (v.type.kind === 'error') return errorExpr(e.span);
  if (!v.lvalue) {
    const why = v.kind === 'func' ? ' (a function name already is a pointer)' : v.kind === 'local' ? ' (a for-loop variable is read-only)' : '';
    report(env, 'not-an-lvalue', e.span, `cannot take the address of this expression; '&' needs a variable, field or element${why}`);
    return errorExpr(e.span);
  }
  const root = rootLocal(v);
  if (root) root.addressTaken = true;
  return { kind: 'addr', operand: v, type: pointerTo(v.type), span: e.span, lvalue: false };
}

// ---------- binary ----------

const COMPARE: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function checkBinary(env: Env, e: A.BinaryExpr, hint: Type | undefined): TExpr {
  if (e.op === '&&' || e.op === '||') return logical(env, e, e.op);
  const isCompare = COMPARE.has(e.op);
  const operandHint = isCompare ? undefined : hint;
  let left: TExpr;
  let right: TExpr;
  if (isUntyped(e.left) && !isUntyped(e.right)) {
    right = checkExpr(env, e.right, operandHint);
    left = checkExpr(env, e.left, right.type);
  } else {
    left = checkExpr(env, e.left, operandHint);
    // a literal added to a pointer is an element count, which may be negative
    const ptrOffset = left.type.kind === 'pointer' && (e.op === '+' || e.op === '-');
    right = checkExpr(env, e.right, ptrOffset && isUntyped(e.right) && e.right.kind !== 'null' ? ISIZE : left.type);
  }
  const lt = left.type;
  const rt = right.type;
  if (lt.kind === 'error' || rt.kind === 'error') return errorExpr(e.span);
  if ((e.op === '+' || e.op === '-') && lt.kind === 'pointer') return pointerArith(env, e, e.op, left, right);
  if (!isCompare && (lt.kind !== 'int' || rt.kind !== 'int')) {
    report(env, 'invalid-operands', e.span, `'${e.op}' needs integer operands, not ${typeToString(lt.kind !== 'int' ? lt : rt)}`);
    return errorExpr(e.span);
  }
  if (!sameType(lt, rt)) {
    report(env, 'type-mismatch', e.span, `operands of '${e.op}' have different types ${typeToString(lt)} and ${typeToString(rt)} (convert one with 'as')`);
    return errorExpr(e.span);
  }
  if (isCompare || lt.kind !== 'int') return compare(env, e, e.op as CompareOp, left, right);
  const op = e.op as ArithOp;
  if (left.kind === 'const' && right.kind === 'const') {
    const v = foldArith(op, left.value, right.value, lt);
    if (v === undefined) {
      report(env, 'const-division-by-zero', e.span, `'${op}' by zero in a constant expression`);
      return errorExpr(e.span);
    }
    return constExpr(lt, v, e.span);
  }
  return { kind: 'binary', op, left, right, type: lt, span: e.span, lvalue: false };
}

function logical(env: Env, e: A.BinaryExpr, op: '&&' | '||'): TExpr {
  const left = checkExpr(env, e.left, BOOL);
  const right = checkExpr(env, e.right, BOOL);
  if (left.type.kind === 'error' || right.type.kind === 'error') return errorExpr(e.span);
  if (left.type.kind !== 'bool' || right.type.kind !== 'bool') {
    const bad = left.type.kind !== 'bool' ? left.type : right.type;
    report(env, 'invalid-operands', e.span, `'${op}' needs bool operands, not ${typeToString(bad)}`);
    return errorExpr(e.span);
  }
  if (left.kind === 'const' && right.kind === 'const') {
    return constExpr(BOOL, op === '&&' ? left.value & right.value : left.value | right.value, e.span);
  }
  return { kind: 'logical', op, left, right, type: BOOL, span: e.span, lvalue: false };
}

function compare(env: Env, e: A.BinaryExpr, op: CompareOp, left: TExpr, right: TExpr): TExpr {
  const t = left.type;
  const equality = op === '==' || op === '!=';
  const ok = t.kind === 'int' || t.kind === 'enum' || t.kind === 'pointer' || (equality && (t.kind === 'bool' || t.kind === 'fn'));
  if (!ok) {
    report(env, 'invalid-operands', e.span, `'${op}' cannot compare values of type ${typeToString(t)}`);
    return errorExpr(e.span);
  }
  if (left.kind === 'const' && right.kind === 'const') return constExpr(BOOL, foldCompare(op, left.value, right.value), e.span);
  return { kind: 'binary', op, left, right, type: BOOL, span: e.span, lvalue: false };
}

function pointerArith(env: Env, e: A.BinaryExpr, op: '+' | '-', left: TExpr, right: TExpr): TExpr {
  const pt = left.type;
  if (pt.kind !== 'pointer') return errorExpr(e.span);
  if (!completeType(env, pt.to, e.span)) return errorExpr(e.span);
  const scale = sizeOf(pt.to);
  if (right.type.kind === 'int') {
    return { kind: 'ptradd', op, pointer: left, offset: right, scale, type: pt, span: e.span, lvalue: false };
  }
  if (op === '-' && sameType(pt, right.type)) {
    return { kind: 'ptrdiff', left, right, scale, type: ISIZE, span: e.span, lvalue: false };
  }
  report(env, 'invalid-operands', e.span, op === '+'
    ? `a pointer can only be advanced by an integer, not by ${typeToString(right.type)}`
    : `'-' on ${typeToString(pt)} needs an integer or a pointer of the same type, not ${typeToString(right.type)}`);
  return errorExpr(e.span);
}

// ---------- casts ----------

/** `e as T`. An untyped literal operand is a u32 (i32 if negative) and then converted, so
 *  `0xFFFF_FFFF as i32` and `300 as u8` truncate as written; it takes an enum target's
 *  underlying type, and `null` takes a pointer target's type. */
export function checkCast(env: Env, e: A.CastExpr): TExpr {
  const to = resolveType(env, e.type);
  const hint = to.kind === 'enum' ? to.info.base : isPointerLike(to) && e.expr.kind === 'null' ? to : undefined;
  const v = checkExpr(env, e.expr, hint);
  const from = v.type;
  if (to.kind === 'error' || from.kind === 'error') return errorExpr(e.span);
  const conv = conversion(from, to);
  if (conv === null) {
    report(env, 'invalid-cast', e.span, `cannot convert ${typeToString(from)} to ${typeToString(to)} with 'as'`);
    return errorExpr(e.span);
  }
  if (v.kind === 'const') {
    const rep = scalarRep(to);
    if (rep) return constExpr(to, foldCast(v.value, rep), e.span);
  }
  if (sameType(from, to)) return { ...v, lvalue: false };
  return { kind: 'cast', operand: v, conv, type: to, span: e.span, lvalue: false };
}

/** The bit change of an allowed `as`, or null when the conversion is not allowed:
 *  integer↔integer, integer↔pointer, pointer↔pointer (fn pointers count as pointers),
 *  bool→integer, enum↔its underlying integer type, and any type to itself. */
export function conversion(from: Type, to: Type): CastConv | null {
  if (sameType(from, to)) return 'none';
  const fromPtr = isPointerLike(from);
  const toPtr = isPointerLike(to);
  if (from.kind === 'int' && to.kind === 'int') return castConv(from, to);
  if (from.kind === 'int' && toPtr) return castConv(from, U32);
  if (fromPtr && to.kind === 'int') return castConv(U32, to);
  if (fromPtr && toPtr) return 'none';
  if (from.kind === 'bool' && to.kind === 'int') return castConv(U32, to, true);
  if (from.kind === 'enum' && to.kind === 'int' && sameType(from.info.base, to)) return 'none';
  if (from.kind === 'int' && to.kind === 'enum' && sameType(from, to.info.base)) return 'none';
  return null;
}
