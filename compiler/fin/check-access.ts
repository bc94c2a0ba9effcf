// Names and places: identifiers, `a.b` (a struct field, a field through a pointer, a module
// member, or an enum member — decided here), and `a[i]`. Places (lvalues) are variables, fields
// of places, fields through pointers, elements of places, pointer elements and `*p`.
import type * as A from './ast.ts';
import type { LocalVar, TExpr } from './checked.ts';
import { report, type Env, type Sym } from './context.ts';
import { BUILTIN_TYPES, typeToString, USIZE } from './types.ts';
import { sizeOf } from './layout.ts';
import { completeType, lookupLocal, memberOf, typeOfSym } from './resolve.ts';
import { ensureConst, ensureEnum, ensureFnSig, ensureGlobal, symOfEnum } from './decls.ts';
import { checkExpr, constExpr, errorExpr } from './check-expr.ts';

export function checkName(env: Env, e: A.NameExpr): TExpr {
  const local = lookupLocal(env, e.name);
  if (local) {
    local.used = true;
    if (local.kind === 'lconst') return constExpr(local.type, local.value, e.span);
    return { kind: 'local', type: local.local.type, local: local.local, span: e.span, lvalue: !local.readonly };
  }
  const sym = env.mod.scope.get(e.name);
  if (sym) return valueOfSym(env, sym, e.span, e.name);
  if (BUILTIN_TYPES.has(e.name)) report(env, 'not-a-value', e.span, `'${e.name}' is a type, not a value`);
  else report(env, 'undefined-name', e.span, `unknown name '${e.name}'`);
  return errorExpr(e.span);
}

/** A module-level declaration used as a value. */
function valueOfSym(env: Env, sym: Sym, span: A.Span, shown: string): TExpr {
  switch (sym.kind) {
    case 'const':
      if (!ensureConst(sym, env, span)) return errorExpr(span);
      return constExpr(sym.info.type, sym.info.value, span);
    case 'global':
      if (sym.state === 'busy') {
        report(env, 'const-cycle', span, `global '${shown}' is used in its own initial value`);
        return errorExpr(span);
      }
      ensureGlobal(sym);
      if (sym.info.type.kind === 'error') return errorExpr(span);
      return { kind: 'global', type: sym.info.type, global: sym.info, span, lvalue: true };
    case 'fn':
      ensureFnSig(sym);
      return { kind: 'func', type: sym.info.type, func: sym.info, span, lvalue: false };
    case 'module':
      report(env, 'module-not-value', span, `'${shown}' is a module; use one of its members, e.g. ${shown}.name`);
      return errorExpr(span);
    default:
      report(env, 'not-a-value', span, `'${shown}' is a type, not a value`);
      return errorExpr(span);
  }
}

/** What a name or a chain `m.x` denotes before it is checked as a value. */
type Static = { kind: 'value' } | { kind: 'sym'; sym: Sym; shown: string } | { kind: 'failed' };

function staticOf(env: Env, e: A.Expr): Static {
  if (e.kind === 'name') {
    if (lookupLocal(env, e.name)) return { kind: 'value' };
    const sym = env.mod.scope.get(e.name);
    if (sym && sym.kind !== 'const' && sym.kind !== 'global' && sym.kind !== 'fn') return { kind: 'sym', sym, shown: e.name };
    return { kind: 'value' };
  }
  if (e.kind === 'field') {
    const inner = staticOf(env, e.object);
    if (inner.kind !== 'sym' || inner.sym.kind !== 'module') return inner.kind === 'failed' ? inner : { kind: 'value' };
    const sym = memberOf(env, inner.sym.target, e.name, e.nameSpan);
    if (!sym) return { kind: 'failed' };
    // `m.v` for a value v is checked as an expression (so `m.v.f` is a field of it)
    if (sym.kind === 'const' || sym.kind === 'global' || sym.kind === 'fn') return { kind: 'value' };
    return { kind: 'sym', sym, shown: `${inner.shown}.${e.name}` };
  }
  return { kind: 'value' };
}

export function checkField(env: Env, e: A.FieldExpr): TExpr {
  const s = staticOf(env, e.object);
  if (s.kind === 'failed') return errorExpr(e.span);
  if (s.kind === 'sym') return staticMember(env, s.sym, s.shown, e);
  const obj = checkExpr(env, e.object);
  const t = obj.type;
  if (t.kind === 'error') return errorExpr(e.span);
  const st = t.kind === 'pointer' ? t.to : t;
  if (st.kind !== 'struct') {
    report(env, 'no-fields', e.nameSpan, `${typeToString(t)} has no fields ('.${e.name}' needs a struct or a pointer to one)`);
    return errorExpr(e.span);
  }
  const field = st.info.fields.find((f) => f.name === e.name);
  if (!field) {
    report(env, 'unknown-field', e.nameSpan, `struct '${st.info.name}' has no field '${e.name}'`);
    return errorExpr(e.span);
  }
  const via = t.kind === 'pointer' ? 'pointer' : 'value';
  return { kind: 'field', type: field.type, object: obj, field, via, span: e.span, lvalue: via === 'pointer' || obj.lvalue };
}

/** `module.member`, `Enum.Member` (also through an alias of the enum). */
function staticMember(env: Env, sym: Sym, shown: string, e: A.FieldExpr): TExpr {
  if (sym.kind === 'module') {
    const member = memberOf(env, sym.target, e.name, e.nameSpan);
    return member ? valueOfSym(env, member, e.span, `${shown}.${e.name}`) : errorExpr(e.span);
  }
  if (sym.kind !== 'enum' && sym.kind !== 'alias' && sym.kind !== 'struct') return valueOfSym(env, sym, e.span, shown);
  const t = typeOfSym(env, sym, e.span, shown);
  if (t.kind === 'error') return errorExpr(e.span);
  if (t.kind !== 'enum') {
    report(env, 'not-a-value', e.span, `'${shown}' is the type ${typeToString(t)}; only enum types have members`);
    return errorExpr(e.span);
  }
  const enumSym = symOfEnum(t.info);
  if (enumSym) ensureEnum(enumSym, env, e.span);
  const m = t.info.members.find((x) => x.name === e.name);
  if (!m) {
    report(env, 'unknown-enum-member', e.nameSpan, `enum '${t.info.name}' has no member '${e.name}'`);
    return errorExpr(e.span);
  }
  return constExpr(t, m.value, e.span);
}

export function checkIndex(env: Env, e: A.IndexExpr): TExpr {
  const obj = checkExpr(env, e.object);
  const index = checkExpr(env, e.index, USIZE);
  const t = obj.type;
  if (t.kind === 'error' || index.type.kind === 'error') return errorExpr(e.span);
  if (index.type.kind !== 'int') {
    report(env, 'not-indexable', e.index.span, `an index must be an integer, not ${typeToString(index.type)}`);
    return errorExpr(e.span);
  }
  if (t.kind === 'array') {
    return { kind: 'index', type: t.elem, object: obj, index, checked: true, length: t.len, elemSize: sizeOf(t.elem), span: e.span, lvalue: obj.lvalue };
  }
  if (t.kind === 'pointer') {
    if (!completeType(env, t.to, e.span)) return errorExpr(e.span);
    return { kind: 'index', type: t.to, object: obj, index, checked: false, length: 0, elemSize: sizeOf(t.to), span: e.span, lvalue: true };
  }
  report(env, 'not-indexable', e.span, `${typeToString(t)} cannot be indexed (arrays and pointers can)`);
  return errorExpr(e.span);
}

/** The local variable a place is stored in, if any (`x`, `x.f`, `x[i]` for an array x). */
export function rootLocal(e: TExpr): LocalVar | null {
  switch (e.kind) {
    case 'local': return e.local;
    case 'field': return e.via === 'value' ? rootLocal(e.object) : null;
    case 'index': return e.checked ? rootLocal(e.object) : null;
    default: return null;
  }
}
