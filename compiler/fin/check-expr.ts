// Expression checking: AST Expr → typed TExpr (checked.ts). `hint` is the type the context
// expects; it only gives untyped literals and `null` their type (see untyped.ts) — the consumer
// still checks the result's type. Failures are reported once and yield an expression of
// ErrorType, which every consumer accepts silently, so one mistake gives one diagnostic.
// This file dispatches and handles leaves; names and places are in check-access.ts, operators and
// casts in check-ops.ts, calls and intrinsics in check-call.ts.
import type * as A from './ast.ts';
import type { ConstExpr, TExpr } from './checked.ts';
import { isMuted, report, type Env } from './context.ts';
import { BOOL, ERROR, isPointerLike, pointerTo, typeToString, U8, type Type } from './types.ts';
import { alignOf, sizeOf } from './layout.ts';
import { typeLiteral } from './untyped.ts';
import { internString } from './strings.ts';
import { completeType, resolveType } from './resolve.ts';
import { checkField, checkIndex, checkName } from './check-access.ts';
import { checkBinary, checkCast, checkUnary } from './check-ops.ts';
import { checkCall, checkIntrinsic } from './check-call.ts';

/** Checks an expression used for its value (a void call is an error here). */
export function checkExpr(env: Env, e: A.Expr, hint?: Type): TExpr {
  const t = checkAny(env, e, hint);
  if (t.type.kind === 'void') {
    report(env, 'void-value', e.span, 'this call returns no value');
    return errorExpr(e.span);
  }
  return t;
}

/** Checks an expression that may be void (an expression statement). */
export function checkAny(env: Env, e: A.Expr, hint?: Type): TExpr {
  switch (e.kind) {
    case 'int': return typeLiteral(env, e.value, hint, e.span);
    case 'char': return typeLiteral(env, e.value, hint, e.span, U8);
    case 'bool': return constExpr(BOOL, e.value ? 1 : 0, e.span);
    case 'string': return stringExpr(env, e);
    case 'null': return nullExpr(env, e, hint);
    case 'sizeof': case 'alignof': return layoutConst(env, e, hint);
    case 'offsetof': return offsetofConst(env, e, hint);
    case 'name': return checkName(env, e);
    case 'field': return checkField(env, e);
    case 'index': return checkIndex(env, e);
    case 'unary': return checkUnary(env, e, hint);
    case 'binary': return checkBinary(env, e, hint);
    case 'cast': return checkCast(env, e);
    case 'call': return checkCall(env, e);
    case 'intrinsic': return checkIntrinsic(env, e);
  }
}

export function constExpr(type: Type, value: number, span: A.Span): ConstExpr {
  return { kind: 'const', type, value, span, lvalue: false };
}

/** The result of a failed check: already reported, accepted silently by every consumer. */
export function errorExpr(span: A.Span): ConstExpr {
  return { kind: 'const', type: ERROR, value: 0, span, lvalue: false };
}

function stringExpr(env: Env, e: A.StringExpr): TExpr {
  // A literal in a muted (dropped) branch is not interned: no code will ever refer to it.
  const index = isMuted(env) ? -1 : internString(env.ctx, e.bytes);
  return { kind: 'string', type: pointerTo(U8), index, span: e.span, lvalue: false };
}

function nullExpr(env: Env, e: A.NullExpr, hint: Type | undefined): TExpr {
  if (hint && isPointerLike(hint)) return constExpr(hint, 0, e.span);
  if (hint?.kind === 'error') return errorExpr(e.span);
  report(env, 'null-without-type', e.span, hint
    ? `null is a pointer, but ${typeToString(hint)} is expected here`
    : "the pointer type of 'null' is not known here; write e.g. 'null as *u8' or declare the variable's type");
  return errorExpr(e.span);
}

/** A type argument of a layout intrinsic, resolved and laid out. */
function layoutType(env: Env, t: A.TypeExpr): Type {
  const type = resolveType(env, t);
  if (type.kind === 'void') {
    report(env, 'invalid-type', t.span, 'void has no size');
    return ERROR;
  }
  return completeType(env, type, t.span) ? type : ERROR;
}

function layoutConst(env: Env, e: A.SizeofExpr | A.AlignofExpr, hint: Type | undefined): TExpr {
  const t = layoutType(env, e.type);
  if (t.kind === 'error') return errorExpr(e.span);
  return typeLiteral(env, e.kind === 'sizeof' ? sizeOf(t) : alignOf(t), hint, e.span);
}

function offsetofConst(env: Env, e: A.OffsetofExpr, hint: Type | undefined): TExpr {
  const t = layoutType(env, e.type);
  if (t.kind === 'error') return errorExpr(e.span);
  if (t.kind !== 'struct') {
    report(env, 'no-fields', e.type.span, `@offsetof needs a struct type, not ${typeToString(t)}`);
    return errorExpr(e.span);
  }
  const f = t.info.fields.find((x) => x.name === e.field);
  if (!f) {
    report(env, 'unknown-field', e.fieldSpan, `struct '${t.info.name}' has no field '${e.field}'`);
    return errorExpr(e.span);
  }
  return typeLiteral(env, f.offset, hint, e.span);
}
