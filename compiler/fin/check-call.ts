// Calls and intrinsics. A call's callee is any expression of function-pointer type — a named
// function (a direct call) or a variable, field or element holding one. Arguments are checked
// against the parameter types (untyped literals take them). Intrinsics follow intrinsics.ts;
// `@port_*` exist only on x86 and `@is_arch` folds to a bool constant.
import type * as A from './ast.ts';
import type { TExpr } from './checked.ts';
import { report, type Env } from './context.ts';
import { BOOL, isPointerLike, typeToString, USIZE } from './types.ts';
import { INTRINSICS, type IntrinsicArg } from './intrinsics.ts';
import { expectType } from './resolve.ts';
import { checkExpr, constExpr, errorExpr } from './check-expr.ts';

export function checkCall(env: Env, e: A.CallExpr): TExpr {
  const callee = checkExpr(env, e.callee);
  const ft = callee.type;
  if (ft.kind === 'error') {
    for (const a of e.args) checkExpr(env, a);
    return errorExpr(e.span);
  }
  if (ft.kind !== 'fn') {
    report(env, 'not-callable', e.span, `${typeToString(ft)} is not a function`);
    for (const a of e.args) checkExpr(env, a);
    return errorExpr(e.span);
  }
  const args: TExpr[] = [];
  e.args.forEach((a, i) => {
    const pt = ft.params[i];
    const v = checkExpr(env, a, pt);
    if (pt) expectType(env, v.type, pt, a.span, `argument ${i + 1}`);
    args.push(v);
  });
  if (e.args.length !== ft.params.length) {
    const name = callee.kind === 'func' ? `'${callee.func.name}'` : 'this function';
    report(env, 'wrong-arg-count', e.span, `${name} takes ${ft.params.length} argument${ft.params.length === 1 ? '' : 's'}, but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`);
    return errorExpr(e.span);
  }
  if (args.some((a) => a.type.kind === 'error')) return errorExpr(e.span);
  return {
    kind: 'call', callee, func: callee.kind === 'func' ? callee.func : null, args,
    type: ft.ret, span: e.span, lvalue: false,
  };
}

export function checkIntrinsic(env: Env, e: A.IntrinsicExpr): TExpr {
  if (e.name === 'is_arch') return isArch(env, e);
  if (e.name === 'sizeof' || e.name === 'alignof' || e.name === 'offsetof') {
    report(env, 'bad-intrinsic-args', e.span, `@${e.name} takes a type`);
    return errorExpr(e.span);
  }
  const sig = Object.hasOwn(INTRINSICS, e.name) ? INTRINSICS[e.name]! : undefined;
  if (!sig) {
    report(env, 'unknown-intrinsic', e.span, `unknown intrinsic '@${e.name}'`);
    for (const a of e.args) checkExpr(env, a);
    return errorExpr(e.span);
  }
  const args = e.args.map((a, i) => intrinsicArg(env, a, sig.args[i], i));
  if (sig.arch && sig.arch !== env.ctx.arch) {
    report(env, 'intrinsic-wrong-arch', e.span, `'@${e.name}' exists only on ${sig.arch}; guard it with 'if @is_arch("${sig.arch}") { ... }'`);
    return errorExpr(e.span);
  }
  const min = sig.args.length - (sig.optional ?? 0);
  if (e.args.length < min || e.args.length > sig.args.length) {
    const count = min === sig.args.length ? `${min}` : `${min} to ${sig.args.length}`;
    report(env, 'bad-intrinsic-args', e.span, `'@${e.name}' takes ${count} argument${sig.args.length === 1 ? '' : 's'}, but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`);
    return errorExpr(e.span);
  }
  if (args.some((a) => a.type.kind === 'error')) return errorExpr(e.span);
  return { kind: 'intrinsic', name: e.name, args, type: sig.result, span: e.span, lvalue: false };
}

function intrinsicArg(env: Env, a: A.Expr, kind: IntrinsicArg | undefined, i: number): TExpr {
  if (kind === undefined) return checkExpr(env, a);
  if (kind !== 'word') {
    const v = checkExpr(env, a, kind);
    return expectType(env, v.type, kind, a.span, `argument ${i + 1}`) ? v : errorExpr(a.span);
  }
  const v = checkExpr(env, a, USIZE);
  if (v.type.kind === 'error' || v.type.kind === 'int' || isPointerLike(v.type)) return v;
  report(env, 'bad-intrinsic-args', a.span, `argument ${i + 1} must be an integer or a pointer, not ${typeToString(v.type)}`);
  return errorExpr(a.span);
}

/** `@is_arch("x86")`: a bool constant for the personality being compiled. */
function isArch(env: Env, e: A.IntrinsicExpr): TExpr {
  const arg = e.args[0];
  if (e.args.length !== 1 || arg?.kind !== 'string') {
    report(env, 'bad-intrinsic-args', e.span, `@is_arch takes one string literal: "x86" or "arm"`);
    return errorExpr(e.span);
  }
  const name = new TextDecoder().decode(arg.bytes);
  if (name !== 'x86' && name !== 'arm') {
    report(env, 'bad-intrinsic-args', arg.span, `unknown personality "${name}"; expected "x86" or "arm"`);
    return errorExpr(e.span);
  }
  return constExpr(BOOL, name === env.ctx.arch ? 1 : 0, e.span);
}
