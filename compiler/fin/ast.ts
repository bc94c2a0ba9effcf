// The Fin syntax tree, as written (nothing resolved, nothing typed). Built by cst-to-ast.ts,
// consumed by the checker, which produces the typed tree of checked.ts. Every node carries the
// `span` (1-based line and column) of its first token, except binary operators and assignments,
// whose span is the operator — that is where their diagnostics point.
import type { Span } from './diagnostics.ts';
import type { BinaryOp } from './precedence.ts';

export type { Span, BinaryOp };

// ---------- types as written ----------

export type TypeExpr = NamedTypeExpr | PointerTypeExpr | ArrayTypeExpr | FnTypeExpr;

/** `u32`, `Frame`, `caps.Cap` */
export interface NamedTypeExpr { kind: 'named'; span: Span; path: string[] }
export interface PointerTypeExpr { kind: 'pointer'; span: Span; to: TypeExpr }
/** `[N]T` */
export interface ArrayTypeExpr { kind: 'array'; span: Span; size: Expr; elem: TypeExpr }
/** `fn(A, B) -> R`; `ret` null means void */
export interface FnTypeExpr { kind: 'fn'; span: Span; params: TypeExpr[]; ret: TypeExpr | null }

// ---------- expressions ----------

export type UnaryOp = '-' | '!' | '~' | '&' | '*';

export type Expr =
  | IntExpr | CharExpr | StringExpr | BoolExpr | NullExpr | NameExpr | FieldExpr | IndexExpr
  | CallExpr | CastExpr | UnaryExpr | BinaryExpr | SizeofExpr | AlignofExpr | OffsetofExpr
  | IntrinsicExpr;

/** `value` may exceed 2^32-1 (the checker reports it) */
export interface IntExpr { kind: 'int'; span: Span; value: number; text: string }
/** `'a'`: one byte */
export interface CharExpr { kind: 'char'; span: Span; value: number }
/** `bytes` are the decoded bytes without the terminating NUL */
export interface StringExpr { kind: 'string'; span: Span; bytes: Uint8Array }
export interface BoolExpr { kind: 'bool'; span: Span; value: boolean }
export interface NullExpr { kind: 'null'; span: Span }
export interface NameExpr { kind: 'name'; span: Span; name: string }
/** `s.f` — also `module.member` and `Enum.Member`; the checker tells them apart */
export interface FieldExpr { kind: 'field'; span: Span; object: Expr; name: string; nameSpan: Span }
export interface IndexExpr { kind: 'index'; span: Span; object: Expr; index: Expr }
export interface CallExpr { kind: 'call'; span: Span; callee: Expr; args: Expr[] }
export interface CastExpr { kind: 'cast'; span: Span; expr: Expr; type: TypeExpr }
export interface UnaryExpr { kind: 'unary'; span: Span; op: UnaryOp; operand: Expr }
export interface BinaryExpr { kind: 'binary'; span: Span; op: BinaryOp; left: Expr; right: Expr }
/** `sizeof(T)` or `@sizeof(T)` */
export interface SizeofExpr { kind: 'sizeof'; span: Span; type: TypeExpr }
export interface AlignofExpr { kind: 'alignof'; span: Span; type: TypeExpr }
export interface OffsetofExpr { kind: 'offsetof'; span: Span; type: TypeExpr; field: string; fieldSpan: Span }
/** `@name(args)` other than the layout intrinsics; `name` is without the `@` */
export interface IntrinsicExpr { kind: 'intrinsic'; span: Span; name: string; args: Expr[] }

// ---------- statements ----------

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export type Stmt =
  | Block | VarStmt | ConstStmt | AssignStmt | ExprStmt | IfStmt | WhileStmt | ForStmt | LoopStmt
  | BreakStmt | ContinueStmt | ReturnStmt | SwitchStmt;

/** `end` is the closing brace (where "missing return" points) */
export interface Block { kind: 'block'; span: Span; stmts: Stmt[]; end: Span }
export interface VarStmt { kind: 'var'; span: Span; name: string; nameSpan: Span; type: TypeExpr | null; init: Expr | null }
export interface ConstStmt { kind: 'const'; span: Span; name: string; nameSpan: Span; type: TypeExpr | null; init: Expr }
export interface AssignStmt { kind: 'assign'; span: Span; op: AssignOp; target: Expr; value: Expr }
export interface ExprStmt { kind: 'expr'; span: Span; expr: Expr }
export interface IfStmt { kind: 'if'; span: Span; cond: Expr; then: Block; else: Block | IfStmt | null }
export interface WhileStmt { kind: 'while'; span: Span; cond: Expr; body: Block }
/** `for name in from..to { body }` */
export interface ForStmt { kind: 'for'; span: Span; name: string; nameSpan: Span; from: Expr; to: Expr; body: Block }
export interface LoopStmt { kind: 'loop'; span: Span; body: Block }
export interface BreakStmt { kind: 'break'; span: Span }
export interface ContinueStmt { kind: 'continue'; span: Span }
export interface ReturnStmt { kind: 'return'; span: Span; value: Expr | null }
/** `default` arms have `values` empty and `isDefault` set */
export interface SwitchArm { span: Span; isDefault: boolean; values: Expr[]; body: Stmt }
export interface SwitchStmt { kind: 'switch'; span: Span; subject: Expr; arms: SwitchArm[] }

// ---------- top-level declarations ----------

export interface ModuleDecl { kind: 'module'; span: Span; path: string[] }
/** `import a.b [as c]`; `alias` is `c`, else the last path segment */
export interface ImportDecl { kind: 'import'; span: Span; path: string[]; alias: string; aliasSpan: Span }
export interface ConstDecl { kind: 'const'; span: Span; pub: boolean; name: string; nameSpan: Span; type: TypeExpr | null; init: Expr }
export interface GlobalDecl { kind: 'var'; span: Span; pub: boolean; name: string; nameSpan: Span; type: TypeExpr | null; init: Expr | null }
export interface FieldDecl { span: Span; name: string; type: TypeExpr }
export interface StructDecl { kind: 'struct'; span: Span; pub: boolean; name: string; nameSpan: Span; fields: FieldDecl[] }
export interface EnumMemberDecl { span: Span; name: string; value: Expr | null }
export interface EnumDecl { kind: 'enum'; span: Span; pub: boolean; name: string; nameSpan: Span; base: TypeExpr | null; members: EnumMemberDecl[] }
export interface TypeAliasDecl { kind: 'type'; span: Span; pub: boolean; name: string; nameSpan: Span; type: TypeExpr }
export interface ParamDecl { span: Span; name: string; type: TypeExpr }
/** `body` is null exactly for `extern fn` (the parser reports the other combinations) */
export interface FnDecl {
  kind: 'fn'; span: Span; pub: boolean; extern: boolean; name: string; nameSpan: Span;
  params: ParamDecl[]; ret: TypeExpr | null; body: Block | null;
}

export type TopDecl = ImportDecl | ConstDecl | GlobalDecl | StructDecl | EnumDecl | TypeAliasDecl | FnDecl;

export interface SourceFile {
  path: string;
  module: ModuleDecl | null;
  decls: TopDecl[];
}
