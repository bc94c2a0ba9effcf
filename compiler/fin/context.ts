// The checker's working state, internal to the front end. Public results live in the *Info
// objects of checked.ts; the symbols here wrap them with what the checker needs on the way: the
// declaration's AST, its module, and a resolution state for lazy, cycle-detecting resolution
// (declarations may be used before they appear, and across modules in both directions).
import type * as A from './ast.ts';
import type { Arch, AliasInfo, ConstInfo, EnumInfo, FuncInfo, GlobalInfo, LocalVar, ModuleInfo, StringLiteral, StructInfo } from './checked.ts';
import type { DiagName, DiagSink, Span } from './diagnostics.ts';
import type { LoadedModule } from './modules.ts';
import type { Type } from './types.ts';

/** todo → busy (being resolved; meeting it again is a cycle) → done */
export type ResolveState = 'todo' | 'busy' | 'done';

interface SymBase { mod: ModState; state: ResolveState }

export type Sym =
  | { kind: 'module'; target: ModState; span: Span }
  | (SymBase & { kind: 'struct'; info: StructInfo; decl: A.StructDecl })
  | (SymBase & { kind: 'enum'; info: EnumInfo; decl: A.EnumDecl; baseState: ResolveState })
  | (SymBase & { kind: 'alias'; info: AliasInfo; decl: A.TypeAliasDecl })
  | (SymBase & { kind: 'const'; info: ConstInfo; decl: A.ConstDecl })
  | (SymBase & { kind: 'global'; info: GlobalInfo; decl: A.GlobalDecl })
  | (SymBase & { kind: 'fn'; info: FuncInfo; decl: A.FnDecl });

export type DeclSym = Exclude<Sym, { kind: 'module' }>;

export interface ModState {
  ctx: Ctx;
  info: ModuleInfo;
  loaded: LoadedModule;
  path: string;
  /** every top-level name of the module, and its import aliases */
  scope: Map<string, Sym>;
  /** import aliases declared during collection, linked to their modules afterwards */
  pendingImports: { sym: Extract<Sym, { kind: 'module' }>; loaded: LoadedModule; alias: string }[];
}

/** A name declared inside a function. */
export type LocalSym =
  | { kind: 'local'; local: LocalVar; used: boolean; readonly: boolean }
  | { kind: 'lconst'; name: string; type: Type; value: number; used: boolean; span: Span };

export interface FnState {
  func: FuncInfo;
  ret: Type;
  scopes: Map<string, LocalSym>[];
  /** enclosing loops, innermost last; `broken` is set by a `break` that targets the loop */
  loops: { broken: boolean }[];
  /** every local and local const, to warn about the unused ones at the end */
  declared: { sym: LocalSym; span: Span; name: string }[];
}

export interface Ctx {
  arch: Arch;
  diags: DiagSink;
  strings: StringLiteral[];
  stringIndex: Map<string, number>;
}

/** Where an expression or type is being checked: always in a module, maybe in a function. */
export interface Env {
  ctx: Ctx;
  mod: ModState;
  fn: FnState | null;
}

export function report(env: Env, name: DiagName, at: Span, message: string): void {
  env.ctx.diags.report(name, env.mod.path, at, message);
}

/** Runs `f` with diagnostics dropped: used for branches removed by a constant `if`, which are
 *  walked only so that the names they use count as used. */
export function muted<T>(env: Env, f: () => T): T {
  env.ctx.diags.muted++;
  try {
    return f();
  } finally {
    env.ctx.diags.muted--;
  }
}

export function isMuted(env: Env): boolean {
  return env.ctx.diags.muted > 0;
}
