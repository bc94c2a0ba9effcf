// One function body: parameters in the outermost scope, the body's statements, then the rules
// that need the whole body — "missing return" when a non-void function's end is reachable, and
// the unused-variable warnings (names starting with `_` are exempt; parameters and for-loop
// variables are not warned about).
import type { TStmt } from './checked.ts';
import { report, type DeclSym, type Env, type FnState, type LocalSym } from './context.ts';
import { ensureFnSig } from './decls.ts';
import { checkBlock } from './check-stmt.ts';
import { typeToString } from './types.ts';

export function checkFunction(sym: DeclSym): void {
  if (sym.kind !== 'fn' || !sym.decl.body) return;
  ensureFnSig(sym);
  const func = sym.info;
  const params = new Map<string, LocalSym>();
  for (const p of func.params) params.set(p.name, { kind: 'local', local: p, used: true, readonly: false });
  const fn: FnState = { func, ret: func.type.ret, scopes: [params], loops: [], declared: [] };
  const env: Env = { ctx: sym.mod.ctx, mod: sym.mod, fn };
  const body: TStmt[] = [];
  const completes = checkBlock(env, sym.decl.body, body);
  func.body = body;
  const ret = func.type.ret;
  if (completes && ret.kind !== 'void' && ret.kind !== 'error') {
    report(env, 'missing-return', sym.decl.body.end, `function '${func.name}' must return a ${typeToString(ret)}, but its end can be reached`);
  }
  for (const d of fn.declared) {
    if (!d.sym.used && !d.name.startsWith('_')) {
      report(env, 'unused-variable', d.span, `${d.sym.kind === 'lconst' ? 'constant' : 'variable'} '${d.name}' is never used`);
    }
  }
}
