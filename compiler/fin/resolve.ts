// Name lookup and type resolution. Scopes, innermost first: the function's block scopes, then the
// module's own declarations and import aliases, then the builtin type names. A qualified name
// `m.x` looks `x` up among module m's declarations, which must be `pub` when m is another module.
// Type resolution turns a TypeExpr into a Type; it never needs a struct's layout (so `*S` inside S
// is fine) — completeType does, for types used as storage.
import type * as A from './ast.ts';
import { report, type Env, type LocalSym, type ModState, type Sym } from './context.ts';
import type { Span } from './diagnostics.ts';
import { arrayOf, BUILTIN_TYPES, ERROR, pointerTo, sameType, typeToString, USIZE, VOID, type FnType, type Type } from './types.ts';
import { ensureAlias, ensureEnumBase, ensureStruct, symOfStruct } from './decls.ts';
import { checkExpr } from './check-expr.ts';
import { MAX_OBJECT_SIZE, sizeOf } from './layout.ts';

export function lookupLocal(env: Env, name: string): LocalSym | undefined {
  const fn = env.fn;
  if (!fn) return undefined;
  for (let i = fn.scopes.length - 1; i >= 0; i--) {
    const s = fn.scopes[i]!.get(name);
    if (s) return s;
  }
  return undefined;
}

/** A member of another module (or of this one, via its own name), checking `pub`. */
export function memberOf(env: Env, target: ModState, name: string, span: Span): Sym | undefined {
  const sym = target.scope.get(name);
  if (!sym || sym.kind === 'module') {
    report(env, 'unknown-member', span, `module '${target.info.name}' has no declaration '${name}'`);
    return undefined;
  }
  if (target !== env.mod && !sym.info.pub) {
    report(env, 'not-exported', span, `'${name}' is private to module '${target.info.name}' (declare it 'pub' to use it here)`);
    return undefined;
  }
  return sym;
}

/** Resolves a type as written. Reports and returns ERROR on failure. */
export function resolveType(env: Env, t: A.TypeExpr): Type {
  switch (t.kind) {
    case 'pointer': {
      const to = resolveType(env, t.to);
      if (to.kind === 'void') {
        report(env, 'invalid-type', t.span, "'*void' is not a type (void is only a function result); use '*u8' for raw memory");
        return ERROR;
      }
      return to.kind === 'error' ? ERROR : pointerTo(to);
    }
    case 'array': return resolveArrayType(env, t);
    case 'fn': return resolveFnType(env, t);
    case 'named': return resolveNamedType(env, t);
  }
}

function resolveArrayType(env: Env, t: A.ArrayTypeExpr): Type {
  const elem = resolveType(env, t.elem);
  const size = checkExpr(env, t.size, USIZE);
  if (elem.kind === 'error' || size.type.kind === 'error') return ERROR;
  if (elem.kind === 'void') {
    report(env, 'invalid-type', t.elem.span, 'an array cannot hold void');
    return ERROR;
  }
  if (size.type.kind !== 'int') {
    report(env, 'type-mismatch', t.size.span, `array length must be an integer, found ${typeToString(size.type)}`);
    return ERROR;
  }
  if (size.kind !== 'const') {
    report(env, 'not-constant', t.size.span, 'array length must be a constant expression');
    return ERROR;
  }
  if (size.value < 0 || size.value > MAX_OBJECT_SIZE) {
    report(env, 'invalid-type', t.size.span, `array length ${size.value} is out of range`);
    return ERROR;
  }
  return arrayOf(size.value, elem);
}

function resolveFnType(env: Env, t: A.FnTypeExpr): Type {
  const params: Type[] = [];
  let bad = false;
  for (const p of t.params) {
    const pt = resolveType(env, p);
    if (pt.kind === 'void') {
      report(env, 'invalid-type', p.span, 'a parameter cannot be void');
      bad = true;
    }
    if (pt.kind === 'error') bad = true;
    params.push(pt);
  }
  const ret = t.ret ? resolveType(env, t.ret) : VOID;
  if (bad || ret.kind === 'error') return ERROR;
  return { kind: 'fn', params, ret } satisfies FnType;
}

function resolveNamedType(env: Env, t: A.NamedTypeExpr): Type {
  const sym = lookupTypePath(env, t.path, t.span);
  if (sym === undefined) return ERROR;
  if (sym === 'builtin') return BUILTIN_TYPES.get(t.path[0]!)!;
  return typeOfSym(env, sym, t.span, t.path.join('.'));
}

/** The type a declaration names, or an error for declarations that are not types. */
export function typeOfSym(env: Env, sym: Sym, span: Span, shown: string): Type {
  switch (sym.kind) {
    case 'struct': return sym.info.type;
    case 'enum':
      ensureEnumBase(sym);
      return sym.info.type;
    case 'alias': return ensureAlias(sym, env, span);
    case 'module':
      report(env, 'module-not-value', span, `'${shown}' is a module, not a type`);
      return ERROR;
    default:
      report(env, 'not-a-type', span, `'${shown}' is a ${sym.kind === 'fn' ? 'function' : sym.kind === 'global' ? 'variable' : 'constant'}, not a type`);
      return ERROR;
  }
}

/** Resolves `a`, `m.a`, `m.n.a` (through modules) in type position. */
function lookupTypePath(env: Env, path: string[], span: Span): Sym | 'builtin' | undefined {
  const first = path[0]!;
  let sym: Sym | undefined = env.mod.scope.get(first);
  if (!sym) {
    if (path.length === 1 && BUILTIN_TYPES.has(first)) return 'builtin';
    if (lookupLocal(env, first)) report(env, 'not-a-type', span, `'${first}' is a local, not a type`);
    else report(env, 'undefined-name', span, `unknown type '${first}'`);
    return undefined;
  }
  for (let i = 1; i < path.length; i++) {
    if (sym.kind !== 'module') {
      report(env, 'not-a-type', span, `'${path.slice(0, i + 1).join('.')}' is not a type`);
      return undefined;
    }
    sym = memberOf(env, sym.target, path[i]!, span);
    if (!sym) return undefined;
  }
  return sym;
}

/** Makes a type usable as storage: lays out the structs it contains by value (reporting a struct
 *  that contains itself) and checks its size. Returns false (after reporting) when it cannot. */
export function completeType(env: Env, t: Type, span: Span): boolean {
  switch (t.kind) {
    case 'struct': {
      const sym = symOfStruct(t.info);
      return sym ? ensureStruct(sym, env, span) : true;
    }
    case 'array': {
      if (!completeType(env, t.elem, span)) return false;
      if (t.len * sizeOf(t.elem) > MAX_OBJECT_SIZE) {
        report(env, 'invalid-type', span, `type ${typeToString(t)} is larger than 2^31-1 bytes`);
        return false;
      }
      return true;
    }
    case 'error': return false;
    default: return true;
  }
}

/** Reports `type-mismatch` unless `actual` is `expected` (errors match anything). */
export function expectType(env: Env, actual: Type, expected: Type, span: Span, what: string): boolean {
  if (actual.kind === 'error' || expected.kind === 'error' || sameType(actual, expected)) return true;
  report(env, 'type-mismatch', span, `${what}: expected ${typeToString(expected)}, found ${typeToString(actual)}`);
  return false;
}
