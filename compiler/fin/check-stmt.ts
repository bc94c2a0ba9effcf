// Statement checking, and the flow facts that go with it: each check returns whether control can
// reach the statement's end ("completes"), which gives the "missing return" rule, and `break`
// marks its loop so that `loop { ... }` without a break is known not to complete.
// An `if` on a compile-time constant (typically `@is_arch("x86")`) keeps only the taken branch;
// the other one is walked muted — no diagnostics, no code, no string literals, no locals — only so
// that the names it uses count as used.
import type * as A from './ast.ts';
import type { ArithOp, LocalVar, TExpr, TStmt } from './checked.ts';
import { isMuted, muted, report, type Env, type FnState, type LocalSym } from './context.ts';
import { BOOL, ERROR, ISIZE, sameType, typeToString, type Type } from './types.ts';
import { checkStorageType, evalConstDecl } from './decls.ts';
import { completeType, expectType, lookupLocal, resolveType } from './resolve.ts';
import { sizeOf } from './layout.ts';
import { checkAny, checkExpr } from './check-expr.ts';
import { isUntyped } from './untyped.ts';

/** Checks `s`, appending its checked form to `out`; returns whether it can complete. */
export function checkStmt(env: Env, s: A.Stmt, out: TStmt[]): boolean {
  const fn = env.fn!;
  switch (s.kind) {
    case 'block': {
      const body: TStmt[] = [];
      const completes = checkBlock(env, s, body);
      out.push({ kind: 'block', span: s.span, body });
      return completes;
    }
    case 'var': return varStmt(env, s, out);
    case 'const': {
      const r = evalConstDecl(env, s.name, s.type, s.init);
      declare(env, s.name, s.nameSpan, { kind: 'lconst', name: s.name, type: r.type, value: r.value, used: false, span: s.nameSpan }, true);
      return true;
    }
    case 'assign': return assignStmt(env, s, out);
    case 'expr': {
      const e = checkAny(env, s.expr);
      if (e.type.kind === 'error') return true;
      if ((s.expr.kind !== 'call' && s.expr.kind !== 'intrinsic') || e.kind === 'const') {
        report(env, 'useless-statement', s.span, 'this expression has no effect; only calls can be statements');
        return true;
      }
      out.push({ kind: 'expr', span: s.span, expr: e });
      return true;
    }
    case 'if': return ifStmt(env, s, out);
    case 'while': {
      const cond = condition(env, s.cond, 'while');
      fn.loops.push({ broken: false });
      const body: TStmt[] = [];
      checkBlock(env, s.body, body);
      const loop = fn.loops.pop()!;
      out.push({ kind: 'while', span: s.span, cond, body });
      return !(cond.kind === 'const' && cond.value === 1) || loop.broken;
    }
    case 'loop': {
      fn.loops.push({ broken: false });
      const body: TStmt[] = [];
      checkBlock(env, s.body, body);
      const loop = fn.loops.pop()!;
      out.push({ kind: 'loop', span: s.span, body });
      return loop.broken;
    }
    case 'for': return forStmt(env, s, out);
    case 'break':
    case 'continue': {
      const loop = fn.loops[fn.loops.length - 1];
      if (!loop) {
        report(env, s.kind === 'break' ? 'break-outside-loop' : 'continue-outside-loop', s.span,
          `'${s.kind}' must be inside a loop (inside a switch it acts on the enclosing loop)`);
        return false;
      }
      // a break in a dropped branch does not make the loop end
      if (s.kind === 'break' && !isMuted(env)) loop.broken = true;
      out.push({ kind: s.kind, span: s.span });
      return false;
    }
    case 'return': return returnStmt(env, s, out);
    case 'switch': return switchStmt(env, s, out);
  }
}

/** Checks a block's statements in a new scope, appending them to `out`. */
export function checkBlock(env: Env, b: A.Block, out: TStmt[]): boolean {
  const fn = env.fn!;
  fn.scopes.push(new Map());
  let reachable = true;
  for (const s of b.stmts) {
    if (!checkStmt(env, s, out)) reachable = false;
  }
  fn.scopes.pop();
  return reachable;
}

/** Adds a name to the innermost scope (reporting a redeclaration in the same scope). */
function declare(env: Env, name: string, span: A.Span, sym: LocalSym, warnUnused: boolean): void {
  const fn = env.fn!;
  const scope = fn.scopes[fn.scopes.length - 1]!;
  // scopes[0] holds the parameters, scopes[1] the function body's outermost block
  const isParam = fn.scopes.length === 2 && fn.scopes[0]!.has(name);
  if (scope.has(name) || isParam) report(env, 'duplicate-definition', span, `'${name}' is already declared in this ${isParam ? 'function as a parameter' : 'block'}`);
  scope.set(name, sym);
  if (warnUnused && !isMuted(env)) fn.declared.push({ sym, span, name });
}

/** A new local variable; locals of muted branches get id -1 and are not kept. */
export function newLocal(env: Env, name: string, type: Type, kind: LocalVar['kind'], span: A.Span): LocalVar {
  const fn: FnState = env.fn!;
  const keep = !isMuted(env);
  const local: LocalVar = { id: keep ? fn.func.locals.length : -1, name, type, kind, addressTaken: false, span };
  if (keep) fn.func.locals.push(local);
  return local;
}

function varStmt(env: Env, s: A.VarStmt, out: TStmt[]): boolean {
  const declared = s.type ? resolveType(env, s.type) : null;
  let init: TExpr | null = null;
  let type: Type = declared ?? ERROR;
  if (s.init) {
    init = checkExpr(env, s.init, declared ?? undefined);
    if (declared) expectType(env, init.type, declared, s.init.span, `initial value of '${s.name}'`);
    else type = init.type;
  } else if (!declared) {
    report(env, 'cannot-infer', s.nameSpan, `'${s.name}' needs a type or an initial value`);
  }
  type = checkStorageType(env, type, s.type?.span ?? s.nameSpan, `variable '${s.name}'`);
  const local = newLocal(env, s.name, type, 'var', s.nameSpan);
  declare(env, s.name, s.nameSpan, { kind: 'local', local, used: false, readonly: false }, true);
  out.push({ kind: 'var', span: s.span, local, init });
  return true;
}

function assignStmt(env: Env, s: A.AssignStmt, out: TStmt[]): boolean {
  // Storing into a variable is not a use of it (for the unused-variable warning).
  const plainLocal = s.op === '=' && s.target.kind === 'name' ? lookupLocal(env, s.target.name) : undefined;
  const wasUsed = plainLocal?.used ?? false;
  const target = checkExpr(env, s.target);
  if (plainLocal) plainLocal.used = wasUsed;
  const tt = target.type;
  if (tt.kind !== 'error' && !target.lvalue) {
    const isConst = target.kind === 'const' && (s.target.kind === 'name' || s.target.kind === 'field');
    if (isConst || target.kind === 'local') report(env, 'assign-to-const', s.span, `cannot assign to ${isConst ? 'a constant' : "the read-only for-loop variable"}`);
    else report(env, 'not-an-lvalue', s.span, `cannot assign to this expression; the left side of '${s.op}' must be a variable, field, element or '*p'`);
  }
  if (s.op === '=') {
    const value = checkExpr(env, s.value, tt);
    expectType(env, value.type, tt, s.value.span, 'assigned value');
    out.push({ kind: 'assign', span: s.span, target, value, op: null, ptrScale: null });
    return true;
  }
  const op = s.op.slice(0, -1) as ArithOp;
  if (tt.kind === 'pointer' && (op === '+' || op === '-')) {
    const value = checkExpr(env, s.value, ISIZE);
    if (value.type.kind !== 'int' && value.type.kind !== 'error') {
      report(env, 'invalid-operands', s.span, `a pointer can only be moved by an integer, not by ${typeToString(value.type)}`);
    }
    const scale = completeType(env, tt.to, s.span) ? sizeOf(tt.to) : 0;
    out.push({ kind: 'assign', span: s.span, target, value, op, ptrScale: scale });
    return true;
  }
  const value = checkExpr(env, s.value, tt);
  if (tt.kind !== 'error' && value.type.kind !== 'error') {
    if (tt.kind !== 'int') report(env, 'invalid-operands', s.span, `'${s.op}' needs an integer target, not ${typeToString(tt)}`);
    else if (!sameType(tt, value.type)) report(env, 'type-mismatch', s.span, `'${s.op}' needs a ${typeToString(tt)} value, found ${typeToString(value.type)}`);
  }
  out.push({ kind: 'assign', span: s.span, target, value, op, ptrScale: null });
  return true;
}

function condition(env: Env, e: A.Expr, what: string): TExpr {
  const c = checkExpr(env, e, BOOL);
  if (c.type.kind !== 'bool' && c.type.kind !== 'error') {
    report(env, 'type-mismatch', e.span, `the condition of '${what}' must be a bool, not ${typeToString(c.type)} (compare it, e.g. 'x != 0')`);
  }
  return c;
}

function ifStmt(env: Env, s: A.IfStmt, out: TStmt[]): boolean {
  const cond = condition(env, s.cond, 'if');
  const elseBranch = s.else;
  if (cond.kind === 'const' && cond.type.kind === 'bool') {
    // compile-time condition: keep the taken branch, walk the other one muted and drop it
    const taken: TStmt[] = [];
    let completes: boolean;
    if (cond.value === 1) {
      completes = checkBlock(env, s.then, taken);
      muted(env, () => checkElse(env, elseBranch, []));
    } else {
      muted(env, () => checkBlock(env, s.then, []));
      completes = checkElse(env, elseBranch, taken);
    }
    if (taken.length > 0) out.push({ kind: 'block', span: s.span, body: taken });
    return completes;
  }
  const then: TStmt[] = [];
  const thenCompletes = checkBlock(env, s.then, then);
  let otherwise: TStmt[] | null = null;
  let elseCompletes = true;
  if (elseBranch) {
    otherwise = [];
    elseCompletes = checkElse(env, elseBranch, otherwise);
  }
  out.push({ kind: 'if', span: s.span, cond, then, else: otherwise });
  return thenCompletes || elseCompletes;
}

function checkElse(env: Env, branch: A.Block | A.IfStmt | null, into: TStmt[]): boolean {
  if (branch === null) return true;
  return branch.kind === 'block' ? checkBlock(env, branch, into) : ifStmt(env, branch, into);
}

function forStmt(env: Env, s: A.ForStmt, out: TStmt[]): boolean {
  const fn = env.fn!;
  let from: TExpr;
  let to: TExpr;
  if (isUntyped(s.from) && !isUntyped(s.to)) {
    to = checkExpr(env, s.to);
    from = checkExpr(env, s.from, to.type);
  } else {
    from = checkExpr(env, s.from);
    to = checkExpr(env, s.to, from.type);
  }
  let type: Type = from.type;
  if (from.type.kind !== 'error' && to.type.kind !== 'error') {
    if (from.type.kind !== 'int') {
      report(env, 'type-mismatch', s.from.span, `a for range needs integer bounds, not ${typeToString(from.type)}`);
      type = ERROR;
    } else if (!sameType(from.type, to.type)) {
      report(env, 'type-mismatch', s.to.span, `the bounds of a for range have different types ${typeToString(from.type)} and ${typeToString(to.type)}`);
      type = ERROR;
    }
  } else {
    type = ERROR;
  }
  const end = newLocal(env, `${s.name}.end`, type, 'temp', s.nameSpan);
  fn.scopes.push(new Map());
  const local = newLocal(env, s.name, type, 'for', s.nameSpan);
  declare(env, s.name, s.nameSpan, { kind: 'local', local, used: false, readonly: true }, false);
  fn.loops.push({ broken: false });
  const body: TStmt[] = [];
  checkBlock(env, s.body, body);
  fn.loops.pop();
  fn.scopes.pop();
  out.push({ kind: 'for', span: s.span, local, end, from, to, body });
  return true;
}

function returnStmt(env: Env, s: A.ReturnStmt, out: TStmt[]): boolean {
  const ret = env.fn!.ret;
  if (ret.kind === 'void') {
    if (s.value) {
      checkAny(env, s.value);
      report(env, 'return-mismatch', s.span, `function '${env.fn!.func.name}' returns nothing, so 'return' takes no value`);
    }
    out.push({ kind: 'return', span: s.span, value: null });
    return false;
  }
  if (!s.value) {
    if (ret.kind !== 'error') report(env, 'return-mismatch', s.span, `function '${env.fn!.func.name}' must return a ${typeToString(ret)}`);
    return false;
  }
  const value = checkExpr(env, s.value, ret);
  expectType(env, value.type, ret, s.value.span, 'returned value');
  out.push({ kind: 'return', span: s.span, value });
  return false;
}

function switchStmt(env: Env, s: A.SwitchStmt, out: TStmt[]): boolean {
  const fn = env.fn!;
  const subject = checkExpr(env, s.subject);
  const st = subject.type;
  const ok = st.kind === 'int' || st.kind === 'enum';
  if (!ok && st.kind !== 'error') report(env, 'invalid-switch', s.subject.span, `switch needs an integer or enum value, not ${typeToString(st)}`);
  const seen = new Set<number>();
  const cases: { span: A.Span; values: number[]; body: TStmt[] }[] = [];
  let dflt: TStmt[] | null = null;
  let anyCompletes = false;
  for (const arm of s.arms) {
    const values: number[] = [];
    for (const v of arm.values) {
      const c = checkExpr(env, v, ok ? st : undefined);
      if (!ok || c.type.kind === 'error' || !expectType(env, c.type, st, v.span, 'case value')) continue;
      if (c.kind !== 'const') {
        report(env, 'not-constant', v.span, 'a case value must be a constant');
        continue;
      }
      if (seen.has(c.value)) report(env, 'duplicate-case', v.span, `the value ${c.value} is already handled by an earlier case`);
      seen.add(c.value);
      values.push(c.value);
    }
    if (arm.isDefault && dflt !== null) report(env, 'duplicate-case', arm.span, "a switch has at most one 'default'");
    const body: TStmt[] = [];
    fn.scopes.push(new Map());
    if (checkStmt(env, arm.body, body)) anyCompletes = true;
    fn.scopes.pop();
    if (arm.isDefault) dflt ??= body;
    else cases.push({ span: arm.span, values, body });
  }
  out.push({ kind: 'switch', span: s.span, subject, cases, default: dflt });
  return dflt === null || anyCompletes;
}
