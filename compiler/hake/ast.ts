// The typed AST of a Hakefile: a Haskell expression. `at` is the 1-based line/column in the
// Hakefile as written (layout.ts maps positions back through its inserted block characters).
import type { Loc } from './diagnostics.ts';

export type Expr =
  | { kind: 'str'; at: Loc; value: string }
  | { kind: 'num'; at: Loc; value: number }
  | { kind: 'var'; at: Loc; name: string }
  | { kind: 'con'; at: Loc; name: string }
  | { kind: 'list'; at: Loc; items: Expr[] }
  | { kind: 'tuple'; at: Loc; items: Expr[] }
  | { kind: 'comp'; at: Loc; body: Expr; quals: Qual[] }
  | { kind: 'app'; at: Loc; fn: Expr; args: Expr[] }
  /** a binary operator, including backtick-infix functions (`op` is then the function name) */
  | { kind: 'op'; at: Loc; op: string; left: Expr; right: Expr }
  | { kind: 'section'; at: Loc; op: string }
  | { kind: 'neg'; at: Loc; expr: Expr }
  | { kind: 'let'; at: Loc; decls: Decl[]; body: Expr }
  | { kind: 'if'; at: Loc; cond: Expr; then: Expr; else: Expr }
  | { kind: 'case'; at: Loc; scrutinee: Expr; alts: Alt[] }
  | { kind: 'lambda'; at: Loc; params: Pat[]; body: Expr }
  /** record construction/update: `application { target = "x" }`, `(f a) { cFiles = … }` */
  | { kind: 'record'; at: Loc; base: Expr; fields: Field[] }
  | { kind: 'unsupported'; at: Loc; what: string };

export interface Field { name: string; at: Loc; value: Expr }

export type Qual =
  | { kind: 'gen'; at: Loc; pat: Pat; source: Expr }
  | { kind: 'let'; at: Loc; decls: Decl[] }
  | { kind: 'guard'; at: Loc; cond: Expr };

export interface Rhs {
  /** one plain body, or guarded bodies tried in order */
  guards: { cond?: Expr; body: Expr }[];
  where: Decl[];
}

/** One equation `f p1 p2 = e`; equations of the same name are the clauses of one function.
 *  Type signatures are parsed and dropped. */
export interface Decl { name: string; at: Loc; params: Pat[]; rhs: Rhs }

export interface Alt { at: Loc; pat: Pat; rhs: Rhs }

export type Pat =
  | { kind: 'wild'; at: Loc }
  | { kind: 'var'; at: Loc; name: string }
  | { kind: 'str'; at: Loc; value: string }
  | { kind: 'num'; at: Loc; value: number }
  | { kind: 'con'; at: Loc; name: string; args: Pat[] }
  | { kind: 'cons'; at: Loc; head: Pat; tail: Pat }
  | { kind: 'tuple'; at: Loc; items: Pat[] }
  | { kind: 'list'; at: Loc; items: Pat[] };
