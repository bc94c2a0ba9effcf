// The typed model of a device: what every backend prints and every check inspects. Built from
// the syntax tree by `build.ts`. Bit positions are final here (bit order applied), attributes
// are resolved (no "inherit"), and spellings are normalised (`rw1c` is `rwc`, `rw1cs` is `rwcs`).
import type { BitOrder, BuiltinSpace } from './ast.ts';
import type { Position } from './lexer.ts';

export type Access = 'rw' | 'ro' | 'rc' | 'rwc' | 'wo' | 'rwzc' | 'ros' | 'rwo' | 'rwcs' | 'rws' | 'rwl' | 'mbz' | 'mb1' | 'rsvd';

export interface Field {
  /** `_anon<lsb>` for an anonymous `_` field, as the original names them */
  name: string;
  anonymous: boolean;
  /** bit offset of the least significant bit (in a datatype: from bit 0 of byte 0) */
  lsb: number;
  width: number;
  access: Access;
  /** `type(c)`: a constants type, qualified with its device */
  type?: TypeName;
  desc: string;
  pos: Position;
}

export interface TypeName { dev: string; name: string }

export interface RegFormat {
  kind: 'regtype';
  name: string;
  desc: string;
  /** sum of the field widths */
  width: number;
  fields: Field[];
  /** the type a register with an inline field list gets, named after the register */
  implicit: boolean;
  pos: Position;
}

export interface DataFormat {
  kind: 'datatype';
  name: string;
  desc: string;
  width: number;
  /** bits per word the fields are laid out in (the whole type when not given) */
  wordSize: number;
  order: BitOrder;
  fields: Field[];
  pos: Position;
}

export interface ConstantValue { name: string; value: bigint; desc: string; pos: Position }

export interface ConstantsType {
  kind: 'constants';
  name: string;
  desc: string;
  /** `width(n)`; without it the type cannot be a register type */
  width?: number;
  values: ConstantValue[];
  pos: Position;
}

export type TypeDef = RegFormat | DataFormat | ConstantsType;

export type SpaceKind = 'bytewise' | 'valuewise' | 'registerwise';

export interface Space {
  name: string;
  kind: SpaceKind;
  /** bytes per index step: 1 for bytewise and the builtin spaces, k for `stepwise(k)` */
  step: number;
  builtin: boolean;
  params: string[];
  desc: string;
}

/** What a register's value is: a builtin unsigned type, or a named type of this device. */
export type RegisterType =
  | { kind: 'builtin'; name: 'uint8' | 'uint16' | 'uint32' | 'uint64' }
  | { kind: 'regtype' | 'datatype' | 'constants'; name: string; implicit: boolean };

export interface Register {
  name: string;
  desc: string;
  access: Access;
  also: boolean;
  /** `addr`/`io`/`pci` (a device argument is the base), a declared space, or `noaddr` */
  space: string;
  /** for the builtin spaces: which of them */
  builtin?: BuiltinSpace;
  /** the device argument that is the base (builtin spaces only) */
  base?: string;
  /** byte offset from the base, or the index in a user space */
  offset: number;
  /** a registerwise space's register name, written where an index would be */
  indexName?: string;
  /** bits: 8, 16, 32 or 64 once the checks pass */
  width: number;
  type: RegisterType;
  /** empty for builtin and constants types */
  fields: Field[];
  /** regarray: element offsets relative to `offset`, one per element */
  array?: number[];
  pos: Position;
}

export interface DeviceArg { space: BuiltinSpace; name: string; pos: Position }

export interface Device {
  name: string;
  desc: string;
  order: BitOrder;
  args: DeviceArg[];
  spaces: Space[];
  /** regtypes, datatypes, constants and the implicit types of registers, in source order */
  types: TypeDef[];
  registers: Register[];
  /** the devices this one imports (their constants are usable as `type(dev.c)`) */
  imports: Device[];
  file: string;
  pos: Position;
}

export const BUILTIN_SPACES: readonly Space[] = (['addr', 'io', 'pci'] as const).map((name) => ({ name, kind: 'bytewise', step: 1, builtin: true, params: [], desc: name }));
