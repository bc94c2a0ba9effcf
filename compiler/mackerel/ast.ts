// The syntax tree of one `.dev` file, as written (before types are resolved and fields laid
// out). Integers stay `bigint` here: the source may say anything, and `model.ts` checks ranges.
import type { Position } from './lexer.ts';

export type BitOrder = 'lsbfirst' | 'msbfirst';
export type BuiltinSpace = 'addr' | 'io' | 'pci';

export interface DevFile {
  imports: { name: string; pos: Position }[];
  device: DeviceAst;
}

export interface DeviceAst {
  name: string;
  pos: Position;
  order: BitOrder;
  args: { space: BuiltinSpace; name: string; pos: Position }[];
  desc: string;
  decls: Decl[];
}

export type Decl = RegisterAst | ConstantsAst | SpaceAst | RegTypeAst | DataTypeAst;

export interface RegisterAst {
  kind: 'register';
  name: string;
  /** where the original reports the register: its name */
  pos: Position;
  /** as written (`rw1c` etc.); absent means rw */
  attr?: string;
  also: boolean;
  loc: LocAst;
  /** only for `regarray` */
  array?: ArraySpecAst;
  desc?: string;
  format: FormatAst;
}

export type LocAst =
  | { kind: 'none' }
  | { kind: 'builtin'; space: BuiltinSpace; base: string; basePos: Position; offset: bigint }
  | { kind: 'user'; space: string; spacePos: Position; index: bigint | string };

export type ArraySpecAst = { kind: 'step'; count: bigint; stride: bigint } | { kind: 'list'; offsets: bigint[] };

export type FormatAst = { kind: 'fields'; fields: FieldAst[] } | { kind: 'type'; ref: TypeRefAst };

export interface TypeRefAst { name: string; /** `dev.name`: the imported device */ dev?: string; pos: Position }

export interface FieldAst {
  /** `_` for an anonymous field */
  name: string;
  width: bigint;
  attr?: string;
  type?: TypeRefAst;
  desc?: string;
  pos: Position;
}

export interface RegTypeAst { kind: 'regtype'; name: string; desc: string; fields: FieldAst[]; pos: Position }

export interface DataTypeAst {
  kind: 'datatype';
  name: string;
  order?: BitOrder;
  /** the word size of `lsbfirst(32)` */
  wordSize?: bigint;
  desc: string;
  fields: FieldAst[];
  pos: Position;
}

export interface ConstantsAst {
  kind: 'constants';
  name: string;
  width?: bigint;
  desc: string;
  values: { name: string; expr: ExprAst; desc?: string; pos: Position }[];
  pos: Position;
}

export type ExprAst =
  | { kind: 'int'; value: bigint }
  | { kind: 'name'; name: string; pos: Position }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: ExprAst; right: ExprAst };

export interface SpaceAst {
  kind: 'space';
  name: string;
  params: string[];
  spaceKind: 'bytewise' | 'valuewise' | 'registerwise' | 'stepwise';
  step?: bigint;
  desc: string;
  pos: Position;
}
