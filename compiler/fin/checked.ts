// The checked program: what the front end hands the code generator. Everything here is resolved
// and typed; a CheckedProgram exists only when the program had no errors, so no ErrorType, no
// unresolved name and no unchecked rule is left in it.
//
// CheckedProgram
//   arch          'x86' | 'arm' — the personality it was checked for (`@is_arch` is already folded
//                 and the branches of an `if` on a constant are already dropped)
//   modules       every module, main files first, then imports in discovery order
//   functions     every `fn` of every module, `extern` ones included (they have no body)
//   globals       every global `var`, with its initial value (GlobalInit)
//   consts        every top-level `const` (already folded into the expressions that use them)
//   structs/enums every struct (with its layout) and enum (with member values)
//   strings       the string literal table; StringExpr.index and GlobalInit.index point into it
//
// The object graph is cyclic (a struct's type points at its StructInfo, imports may be mutual):
// print it with dump.ts, not JSON.stringify.
//
// Functions: FuncInfo.params are the parameters in order; FuncInfo.locals lists EVERY variable of
// the function — the parameters first (ids 0..n-1), then `var`s, `for` variables and compiler
// temporaries, each with a dense id unique within its function (LocalVar.id === its index in
// `locals`). A local whose address is taken (`&x`, also `&x.f`, `&x[i]`) has `addressTaken` set;
// aggregates (structs, arrays) always need memory anyway.
//
// Expressions (TExpr) all carry `type`, `span` and `lvalue` (true for places: variables, fields
// of places, elements, `*p`, `p.f` through a pointer, `p[i]`). Any expression whose value is known
// at compile time (literals, consts, enum members, sizeof, `null`, `@is_arch`, folded arithmetic)
// is a ConstExpr leaf; its `value` is the bit pattern normalised for its type (see ConstExpr).
//
// Semantics the code generator must implement (the checker guarantees the typing):
//   - integer arithmetic wraps to the operand type; signed `/` truncates toward zero, `%` has
//     the sign of the dividend; division by zero traps (`divide`); shift counts are taken modulo
//     the operand width; `>>` is arithmetic on signed types, logical on unsigned ones;
//   - BinaryExpr operands always have the same type (`left.type`); for comparisons that type
//     decides signed vs unsigned (pointers, fn pointers, bool and unsigned enums: unsigned);
//   - `&&`/`||` short-circuit (LogicalExpr);
//   - IndexExpr with `checked: true` (arrays) traps (`bounds`) when the index, taken as unsigned
//     after extension to 32 bits by its own signedness, is >= `length`; `checked: false` is a
//     pointer index and is not checked. The index may be any integer type;
//   - PtrAddExpr / compound `+=`/`-=` on a pointer add/subtract `offset * scale` bytes, the
//     offset extended to 32 bits by its own signedness; PtrDiffExpr is (left - right) / scale
//     as an isize;
//   - CastExpr.conv says how bits change: `none` (same width / reinterpret), `trunc`, `zext`,
//     `sext` (extension by the SOURCE's signedness; bool → int is `zext` from 8 bits);
//   - arrays and structs are values: assignment, parameters, results and `var` initialisers copy
//     them;
//   - `var` without an initialiser (local or global) starts zero-filled;
//   - AssignStmt with `op` set is `target op= value`, the target's address evaluated once;
//   - ForStmt evaluates `from` then `to` once each, stores `to` in the hidden local `end`, and runs
//     `local = from; while local < end { body; local += 1 }` (`continue` goes to the increment);
//   - BreakStmt/ContinueStmt act on the innermost enclosing loop (`while`, `for`, `loop`); a
//     `switch` is transparent to them. SwitchStmt has no fall-through;
//   - `call` arguments are evaluated left to right; operands of binary operators left first.
import type { Span } from './diagnostics.ts';
import type { BinaryOp } from './precedence.ts';
import type { EnumType, FnType, IntType, StructType, Type } from './types.ts';

export type Arch = 'x86' | 'arm';

export interface CheckedProgram {
  arch: Arch;
  modules: ModuleInfo[];
  functions: FuncInfo[];
  globals: GlobalInfo[];
  consts: ConstInfo[];
  structs: StructInfo[];
  enums: EnumInfo[];
  strings: StringLiteral[];
}

export interface ModuleInfo {
  /** dotted module name, e.g. `std.io` */
  name: string;
  /** the file it was read from */
  path: string;
  /** one of the `mainFiles` given to checkProgram */
  isMain: boolean;
  imports: { alias: string; module: ModuleInfo }[];
  functions: FuncInfo[];
  globals: GlobalInfo[];
  consts: ConstInfo[];
  structs: StructInfo[];
  enums: EnumInfo[];
  aliases: AliasInfo[];
}

/** Names: `module` is the dotted module name. `linkName` is the symbol the front end suggests:
 *  `<module>.<name>` (e.g. `net.arp.add`), except for `extern fn`, which use the bare name as
 *  written (they are defined in assembly). */
interface DeclBase {
  name: string;
  module: string;
  pub: boolean;
  span: Span;
  /** the file of the declaring module */
  path: string;
}

export interface StructInfo extends DeclBase {
  type: StructType;
  fields: FieldInfo[];
  size: number;
  align: number;
}

export interface FieldInfo {
  name: string;
  type: Type;
  /** byte offset within the struct */
  offset: number;
  /** declaration order */
  index: number;
}

export interface EnumInfo extends DeclBase {
  type: EnumType;
  /** the underlying integer type (`u32` when not written) */
  base: IntType;
  members: { name: string; value: number; span: Span }[];
}

export interface AliasInfo extends DeclBase {
  type: Type;
}

export interface ConstInfo extends DeclBase {
  type: Type;
  /** normalised like ConstExpr.value */
  value: number;
}

export type GlobalInit =
  | { kind: 'zero' }
  /** a scalar constant (int, bool, enum, pointer made from an integer), normalised like ConstExpr */
  | { kind: 'const'; value: number }
  /** the address of strings[index] */
  | { kind: 'string'; index: number }
  /** the address of a function */
  | { kind: 'func'; func: FuncInfo }
  /** the address of a global (`&g`) */
  | { kind: 'global'; global: GlobalInfo };

export interface GlobalInfo extends DeclBase {
  linkName: string;
  type: Type;
  init: GlobalInit;
}

export interface FuncInfo extends DeclBase {
  linkName: string;
  extern: boolean;
  type: FnType;
  params: LocalVar[];
  /** params first, then every other local; locals[i].id === i */
  locals: LocalVar[];
  /** null for extern functions */
  body: TStmt[] | null;
}

export interface LocalVar {
  id: number;
  name: string;
  type: Type;
  /** `temp` is a compiler temporary (the end bound of a `for`) */
  kind: 'param' | 'var' | 'for' | 'temp';
  addressTaken: boolean;
  span: Span;
}

export interface StringLiteral {
  index: number;
  /** the bytes including the terminating NUL */
  bytes: Uint8Array;
}

// ---------- expressions ----------

interface ExprBase {
  type: Type;
  span: Span;
  lvalue: boolean;
}

/** A compile-time value. `value` is the bit pattern read as a number: for signed integer types
 *  (and enums over them) in [-2^(n-1), 2^(n-1)), for unsigned ones, pointers and fn pointers in
 *  [0, 2^n), bool 0 or 1. `null` is a ConstExpr of pointer type with value 0. */
export interface ConstExpr extends ExprBase { kind: 'const'; value: number }
/** the address of strings[index]; type `*u8` */
export interface StringExpr extends ExprBase { kind: 'string'; index: number }
export interface LocalExpr extends ExprBase { kind: 'local'; local: LocalVar }
export interface GlobalExpr extends ExprBase { kind: 'global'; global: GlobalInfo }
/** a function used as a value (its address); type `fn(...)` */
export interface FuncExpr extends ExprBase { kind: 'func'; func: FuncInfo }
/** `object.f` (`via: 'value'`, object is a struct) or `p.f` (`via: 'pointer'`, object is a
 *  pointer to a struct) */
export interface FieldExpr extends ExprBase { kind: 'field'; object: TExpr; field: FieldInfo; via: 'value' | 'pointer' }
/** `a[i]`; `checked` for arrays (`length` is the array length), unchecked for pointers. The
 *  element size is `elemSize` bytes. */
export interface IndexExpr extends ExprBase { kind: 'index'; object: TExpr; index: TExpr; checked: boolean; length: number; elemSize: number }
export interface DerefExpr extends ExprBase { kind: 'deref'; pointer: TExpr }
/** `&operand`; operand is an lvalue */
export interface AddrExpr extends ExprBase { kind: 'addr'; operand: TExpr }
/** `-x` (wrapping), `~x`, `!b` */
export interface UnaryExpr extends ExprBase { kind: 'unary'; op: '-' | '~' | '!'; operand: TExpr }
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** arithmetic (type = operand type) or comparison (type bool); operands have identical types */
export interface BinaryExpr extends ExprBase { kind: 'binary'; op: ArithOp | CompareOp; left: TExpr; right: TExpr }
export interface LogicalExpr extends ExprBase { kind: 'logical'; op: '&&' | '||'; left: TExpr; right: TExpr }
/** `pointer ± offset` scaled by `scale` bytes (the pointee size) */
export interface PtrAddExpr extends ExprBase { kind: 'ptradd'; op: '+' | '-'; pointer: TExpr; offset: TExpr; scale: number }
/** `left - right` for two pointers of the same type, in elements; type isize */
export interface PtrDiffExpr extends ExprBase { kind: 'ptrdiff'; left: TExpr; right: TExpr; scale: number }
export type CastConv = 'none' | 'trunc' | 'zext' | 'sext';
export interface CastExpr extends ExprBase { kind: 'cast'; operand: TExpr; conv: CastConv }
/** `func` is set for a direct call of a named function; `callee` is then a FuncExpr */
export interface CallExpr extends ExprBase { kind: 'call'; callee: TExpr; func: FuncInfo | null; args: TExpr[] }
/** an `@name(...)` intrinsic other than the compile-time ones (see intrinsics.ts) */
export interface IntrinsicExpr extends ExprBase { kind: 'intrinsic'; name: string; args: TExpr[] }

export type TExpr =
  | ConstExpr | StringExpr | LocalExpr | GlobalExpr | FuncExpr | FieldExpr | IndexExpr | DerefExpr
  | AddrExpr | UnaryExpr | BinaryExpr | LogicalExpr | PtrAddExpr | PtrDiffExpr | CastExpr | CallExpr
  | IntrinsicExpr;

export type { BinaryOp };

// ---------- statements ----------

export interface BlockStmt { kind: 'block'; span: Span; body: TStmt[] }
/** a local `var`; no init means zero-filled */
export interface VarStmt { kind: 'var'; span: Span; local: LocalVar; init: TExpr | null }
/** `target = value`, or `target op= value` when `op` is set; for a pointer target `op` is `+`/`-`
 *  and `ptrScale` is the pointee size */
export interface AssignStmt { kind: 'assign'; span: Span; target: TExpr; value: TExpr; op: ArithOp | null; ptrScale: number | null }
/** a call or intrinsic evaluated for its effect */
export interface ExprStmt { kind: 'expr'; span: Span; expr: TExpr }
export interface IfStmt { kind: 'if'; span: Span; cond: TExpr; then: TStmt[]; else: TStmt[] | null }
export interface WhileStmt { kind: 'while'; span: Span; cond: TExpr; body: TStmt[] }
export interface LoopStmt { kind: 'loop'; span: Span; body: TStmt[] }
export interface ForStmt { kind: 'for'; span: Span; local: LocalVar; end: LocalVar; from: TExpr; to: TExpr; body: TStmt[] }
export interface BreakStmt { kind: 'break'; span: Span }
export interface ContinueStmt { kind: 'continue'; span: Span }
export interface ReturnStmt { kind: 'return'; span: Span; value: TExpr | null }
/** `values` are normalised constants of the subject's type, all distinct across cases */
export interface SwitchStmt {
  kind: 'switch'; span: Span; subject: TExpr;
  cases: { span: Span; values: number[]; body: TStmt[] }[];
  default: TStmt[] | null;
}

export type TStmt =
  | BlockStmt | VarStmt | AssignStmt | ExprStmt | IfStmt | WhileStmt | LoopStmt | ForStmt
  | BreakStmt | ContinueStmt | ReturnStmt | SwitchStmt;
