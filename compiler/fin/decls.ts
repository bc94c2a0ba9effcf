// Top-level declarations: collecting each module's names, then resolving each declaration on
// first use (or in the final sweep) — struct layouts, enum values, aliases, constants, globals
// and function signatures. Resolution is lazy because declarations may be used before they
// appear and across modules in both directions; the `busy` state turns a dependency cycle into a
// diagnostic instead of endless recursion. A declaration is resolved with diagnostics switched
// on even when first reached from a branch the checker is walking muted.
import type * as A from './ast.ts';
import type { AliasInfo, ConstInfo, EnumInfo, FuncInfo, GlobalInfo, GlobalInit, LocalVar, ModuleInfo, StructInfo } from './checked.ts';
import { report, type Ctx, type DeclSym, type Env, type ModState, type Sym } from './context.ts';
import type { Span } from './diagnostics.ts';
import type { LoadedModule } from './modules.ts';
import { BUILTIN_TYPES, ERROR, U32, VOID, typeToString, type FnType, type Type } from './types.ts';
import { layoutFields, MAX_OBJECT_SIZE } from './layout.ts';
import { fits, wrap } from './consteval.ts';
import { checkExpr } from './check-expr.ts';
import { completeType, expectType, resolveType } from './resolve.ts';

// ---------- collection ----------

export function collectModule(ctx: Ctx, loaded: LoadedModule): ModState {
  const info: ModuleInfo = {
    name: loaded.name, path: loaded.path, isMain: loaded.isMain, imports: [],
    functions: [], globals: [], consts: [], structs: [], enums: [], aliases: [],
  };
  const mod: ModState = { ctx, info, loaded, path: loaded.path, scope: new Map(), pendingImports: [] };
  for (const d of loaded.ast.decls) {
    if (d.kind === 'import') {
      const resolved = loaded.imports.find((i) => i.decl === d);
      if (!resolved) continue; // not found: already reported by the loader
      // the target is filled in by linkImports once every module exists
      const sym = { kind: 'module' as const, target: null as unknown as ModState, span: d.span };
      if (declare(mod, d.alias, d.aliasSpan, sym)) mod.pendingImports.push({ sym, loaded: resolved.module, alias: d.alias });
      continue;
    }
    const sym = makeSym(mod, d);
    if (declare(mod, d.name, d.nameSpan, sym)) addToModule(info, sym);
  }
  return mod;
}

/** Points the import aliases at their modules, once every module exists (imports may be cyclic). */
export function linkImports(mod: ModState, byLoaded: Map<LoadedModule, ModState>): void {
  for (const imp of mod.pendingImports) {
    const target = byLoaded.get(imp.loaded);
    if (!target) continue;
    imp.sym.target = target;
    mod.info.imports.push({ alias: imp.alias, module: target.info });
  }
}

function declare(mod: ModState, name: string, span: Span, sym: Sym): boolean {
  if (BUILTIN_TYPES.has(name)) {
    mod.ctx.diags.report('duplicate-definition', mod.path, span, `'${name}' is a builtin type and cannot be redefined`);
    return false;
  }
  if (mod.scope.has(name)) {
    mod.ctx.diags.report('duplicate-definition', mod.path, span, `'${name}' is already declared in this module`);
    return false;
  }
  mod.scope.set(name, sym);
  return true;
}

function makeSym(mod: ModState, d: Exclude<A.TopDecl, A.ImportDecl>): DeclSym {
  const base = { name: d.name, module: mod.info.name, pub: d.pub, span: d.nameSpan, path: mod.path };
  const linkName = `${mod.info.name}.${d.name}`;
  switch (d.kind) {
    case 'struct': {
      const info = { ...base, fields: [], size: 0, align: 1 } as unknown as StructInfo;
      info.type = { kind: 'struct', info };
      const sym: DeclSym = { kind: 'struct', mod, state: 'todo', info, decl: d };
      structSyms.set(info, sym);
      return sym;
    }
    case 'enum': {
      const info = { ...base, base: U32, members: [] } as unknown as EnumInfo;
      info.type = { kind: 'enum', info };
      const sym: EnumSym = { kind: 'enum', mod, state: 'todo', baseState: 'todo', info, decl: d };
      enumSyms.set(info, sym);
      return sym;
    }
    case 'type':
      return { kind: 'alias', mod, state: 'todo', info: { ...base, type: ERROR } satisfies AliasInfo, decl: d };
    case 'const':
      return { kind: 'const', mod, state: 'todo', info: { ...base, type: ERROR, value: 0 } satisfies ConstInfo, decl: d };
    case 'var':
      return { kind: 'global', mod, state: 'todo', info: { ...base, linkName, type: ERROR, init: { kind: 'zero' } } satisfies GlobalInfo, decl: d };
    case 'fn': {
      const info: FuncInfo = {
        ...base, linkName: d.extern ? d.name : linkName, extern: d.extern,
        type: { kind: 'fn', params: [], ret: VOID }, params: [], locals: [], body: null,
      };
      return { kind: 'fn', mod, state: 'todo', info, decl: d };
    }
  }
}

// Info → symbol, for code that meets a struct or enum through its type (Infos are public and
// carry no checker state).
type EnumSym = Extract<DeclSym, { kind: 'enum' }>;
const structSyms = new WeakMap<StructInfo, DeclSym>();
const enumSyms = new WeakMap<EnumInfo, EnumSym>();

export function symOfStruct(info: StructInfo): DeclSym | undefined {
  return structSyms.get(info);
}

export function symOfEnum(info: EnumInfo): EnumSym | undefined {
  return enumSyms.get(info);
}

function addToModule(info: ModuleInfo, sym: DeclSym): void {
  switch (sym.kind) {
    case 'struct': info.structs.push(sym.info); break;
    case 'enum': info.enums.push(sym.info); break;
    case 'alias': info.aliases.push(sym.info); break;
    case 'const': info.consts.push(sym.info); break;
    case 'global': info.globals.push(sym.info); break;
    case 'fn': info.functions.push(sym.info); break;
  }
}

// ---------- lazy resolution ----------

/** Resolves a declaration's own contents in its module, with diagnostics on. */
function inDecl<T>(sym: DeclSym, f: (env: Env) => T): T {
  const diags = sym.mod.ctx.diags;
  const saved = diags.muted;
  diags.muted = 0;
  try {
    return f({ ctx: sym.mod.ctx, mod: sym.mod, fn: null });
  } finally {
    diags.muted = saved;
  }
}

/** Resolves whatever kind of declaration this is (the final sweep). */
export function ensureDecl(sym: DeclSym): void {
  const env = { ctx: sym.mod.ctx, mod: sym.mod, fn: null };
  switch (sym.kind) {
    case 'struct': ensureStruct(sym, env, sym.info.span); break;
    case 'enum': ensureEnum(sym, env, sym.info.span); break;
    case 'alias': ensureAlias(sym, env, sym.info.span); break;
    case 'const': ensureConst(sym, env, sym.info.span); break;
    case 'global': ensureGlobal(sym); break;
    case 'fn': ensureFnSig(sym); break;
  }
}

/** Lays the struct out. False (reported at the use) when it contains itself by value. */
export function ensureStruct(sym: DeclSym, useEnv: Env, useSpan: Span): boolean {
  if (sym.kind !== 'struct') return true;
  if (sym.state === 'done') return sym.info.size >= 0;
  if (sym.state === 'busy') {
    report(useEnv, 'recursive-type', useSpan, `struct '${sym.info.name}' needs its own layout here: it contains itself (use a pointer) or its size defines its fields`);
    return false;
  }
  sym.state = 'busy';
  const ok = inDecl(sym, (env) => {
    const seen = new Set<string>();
    const types: Type[] = [];
    let good = true;
    for (const f of sym.decl.fields) {
      let t = resolveType(env, f.type);
      if (t.kind === 'void') {
        report(env, 'invalid-type', f.type.span, `field '${f.name}' cannot be void`);
        t = ERROR;
      }
      if (!completeType(env, t, f.type.span)) good = false;
      if (seen.has(f.name)) report(env, 'duplicate-field', f.span, `field '${f.name}' is declared twice`);
      seen.add(f.name);
      types.push(t);
    }
    const layout = layoutFields(types);
    if (layout.size > MAX_OBJECT_SIZE) {
      report(env, 'invalid-type', sym.decl.nameSpan, `struct '${sym.info.name}' is larger than 2^31-1 bytes`);
      good = false;
    }
    sym.info.fields = sym.decl.fields.map((f, i) => ({ name: f.name, type: types[i]!, offset: layout.offsets[i]!, index: i }));
    sym.info.size = layout.size;
    sym.info.align = layout.align;
    return good;
  });
  sym.state = 'done';
  return ok;
}

export function ensureEnumBase(sym: EnumSym): void {
  if (sym.baseState !== 'todo') return; // a cycle through the base just keeps u32
  sym.baseState = 'busy';
  inDecl(sym, (env) => {
    if (!sym.decl.base) return;
    const t = resolveType(env, sym.decl.base);
    if (t.kind === 'int') sym.info.base = t;
    else if (t.kind !== 'error') report(env, 'invalid-type', sym.decl.base.span, `an enum's underlying type must be an integer type, not ${typeToString(t)}`);
  });
  sym.baseState = 'done';
}

/** Computes the member values: explicit ones are constants of the underlying type, the others
 *  follow the previous member by one (the first is 0). */
export function ensureEnum(sym: DeclSym, useEnv: Env, useSpan: Span): void {
  if (sym.kind !== 'enum' || sym.state === 'done') return;
  if (sym.state === 'busy') {
    report(useEnv, 'const-cycle', useSpan, `the values of enum '${sym.info.name}' depend on themselves`);
    return;
  }
  ensureEnumBase(sym);
  sym.state = 'busy';
  inDecl(sym, (env) => {
    const base = sym.info.base;
    const seen = new Set<string>();
    let next = 0;
    for (const m of sym.decl.members) {
      let value = next;
      if (m.value) {
        const e = checkExpr(env, m.value, base);
        if (expectType(env, e.type, base, m.value.span, `value of '${sym.info.name}.${m.name}'`) && e.type.kind !== 'error') {
          if (e.kind === 'const') value = e.value;
          else report(env, 'not-constant', m.value.span, `the value of '${sym.info.name}.${m.name}' must be a constant`);
        }
      } else if (!fits(value, base)) {
        report(env, 'literal-out-of-range', m.span, `'${sym.info.name}.${m.name}' would be ${value}, which does not fit ${base.name}`);
        value = wrap(value, base);
      }
      if (seen.has(m.name)) report(env, 'duplicate-field', m.span, `enum member '${m.name}' is declared twice`);
      else sym.info.members.push({ name: m.name, value, span: m.span });
      seen.add(m.name);
      next = value + 1;
    }
  });
  sym.state = 'done';
}

export function ensureAlias(sym: DeclSym, useEnv: Env, useSpan: Span): Type {
  if (sym.kind !== 'alias') return ERROR;
  if (sym.state === 'done') return sym.info.type;
  if (sym.state === 'busy') {
    report(useEnv, 'recursive-type', useSpan, `type alias '${sym.info.name}' refers to itself`);
    return ERROR;
  }
  sym.state = 'busy';
  sym.info.type = inDecl(sym, (env) => resolveType(env, sym.decl.type));
  sym.state = 'done';
  return sym.info.type;
}

/** Evaluates a `const`. False when its value is unusable (already reported). */
export function ensureConst(sym: DeclSym, useEnv: Env, useSpan: Span): boolean {
  if (sym.kind !== 'const') return false;
  if (sym.state === 'done') return sym.info.type.kind !== 'error';
  if (sym.state === 'busy') {
    report(useEnv, 'const-cycle', useSpan, `constant '${sym.info.name}' depends on itself`);
    return false;
  }
  sym.state = 'busy';
  inDecl(sym, (env) => {
    const r = evalConstDecl(env, sym.decl.name, sym.decl.type, sym.decl.init);
    sym.info.type = r.type;
    sym.info.value = r.value;
  });
  sym.state = 'done';
  return sym.info.type.kind !== 'error';
}

/** Checks `const name[: type] = init` (top-level or local); the type is ERROR on failure. */
export function evalConstDecl(env: Env, name: string, typeExpr: A.TypeExpr | null, init: A.Expr): { type: Type; value: number } {
  const declared = typeExpr ? resolveType(env, typeExpr) : null;
  if (declared?.kind === 'error') return { type: ERROR, value: 0 };
  const e = checkExpr(env, init, declared ?? undefined);
  if (e.type.kind === 'error') return { type: ERROR, value: 0 };
  if (declared && !expectType(env, e.type, declared, init.span, `constant '${name}'`)) return { type: ERROR, value: 0 };
  if (e.kind !== 'const') {
    report(env, 'not-constant', init.span, `the value of constant '${name}' must be a compile-time constant`);
    return { type: ERROR, value: 0 };
  }
  return { type: e.type, value: e.value };
}

export function ensureGlobal(sym: DeclSym): void {
  if (sym.kind !== 'global' || sym.state !== 'todo') return;
  sym.state = 'busy';
  inDecl(sym, (env) => {
    const d = sym.decl;
    const declared = d.type ? resolveType(env, d.type) : null;
    if (!d.init) {
      if (!declared) report(env, 'cannot-infer', d.nameSpan, `global '${d.name}' needs a type or an initial value`);
      sym.info.type = checkStorageType(env, declared ?? ERROR, d.type?.span ?? d.nameSpan, `global '${d.name}'`);
      return;
    }
    const e = checkExpr(env, d.init, declared ?? undefined);
    const type = declared ?? e.type;
    sym.info.type = checkStorageType(env, type, d.type?.span ?? d.init.span, `global '${d.name}'`);
    if (!expectType(env, e.type, type, d.init.span, `initial value of '${d.name}'`)) return;
    const init = globalInit(e);
    if (init) sym.info.init = init;
    else if (e.type.kind !== 'error') {
      report(env, 'not-constant', d.init.span, `the initial value of global '${d.name}' must be a constant, a string literal, a function or the address of a global`);
    }
  });
  sym.state = 'done';
}

function globalInit(e: ReturnType<typeof checkExpr>): GlobalInit | null {
  switch (e.kind) {
    case 'const': return e.value === 0 ? { kind: 'zero' } : { kind: 'const', value: e.value };
    case 'string': return { kind: 'string', index: e.index };
    case 'func': return { kind: 'func', func: e.func };
    case 'addr': return e.operand.kind === 'global' ? { kind: 'global', global: e.operand.global } : null;
    default: return null;
  }
}

/** Rejects void and incomplete types for variables; returns the type or ERROR. */
export function checkStorageType(env: Env, t: Type, span: Span, what: string): Type {
  if (t.kind === 'void') {
    report(env, 'invalid-type', span, `${what} cannot have type void`);
    return ERROR;
  }
  return completeType(env, t, span) ? t : ERROR;
}

export function ensureFnSig(sym: DeclSym): void {
  if (sym.kind !== 'fn' || sym.state !== 'todo') return;
  sym.state = 'busy';
  inDecl(sym, (env) => {
    const d = sym.decl;
    const seen = new Set<string>();
    const params: LocalVar[] = [];
    for (const p of d.params) {
      const t = checkStorageType(env, resolveType(env, p.type), p.type.span, `parameter '${p.name}'`);
      if (seen.has(p.name)) report(env, 'duplicate-definition', p.span, `parameter '${p.name}' is declared twice`);
      seen.add(p.name);
      params.push({ id: params.length, name: p.name, type: t, kind: 'param', addressTaken: false, span: p.span });
    }
    let ret = d.ret ? resolveType(env, d.ret) : VOID;
    if (d.ret && ret.kind !== 'void' && !completeType(env, ret, d.ret.span)) ret = ERROR;
    const type: FnType = { kind: 'fn', params: params.map((p) => p.type), ret };
    sym.info.type = type;
    sym.info.params = params;
    sym.info.locals = [...params];
  });
  sym.state = 'done';
}
