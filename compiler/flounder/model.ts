// The typed, resolved model of one Flounder interface: what every backend (wire packing, TS stubs,
// Fin stubs) prints from. Aliases and typedefs are resolved here, so a backend never looks a type
// name up. Shapes are a contract with the Fin backend: add fields, never rename or remove them.
//
// shoal is a 32-bit machine on both personalities: `uintptr`, `intptr` and `size` are 32 bits,
// `errval` and `iref` travel as 32 bits, enums as int32, bool as a single bit.

/** Where a declaration is, for diagnostics: 1-based line and column. */
export interface Loc { line: number; col: number }

export type IntBits = 8 | 16 | 32 | 64;

/** The primitive (single-piece) types: what flattening bottoms out in. */
export type Prim =
  | { kind: 'int'; bits: IntBits; signed: boolean }
  | { kind: 'bool' }
  | { kind: 'char' }
  | { kind: 'enum'; name: string; members: string[] }
  | { kind: 'iref' }
  | { kind: 'errval' };

/** A capability: copied, or moved (`give_away_cap`: the sender's copy is deleted). */
export interface CapType { kind: 'cap'; giveAway: boolean }

/** A type that can be an argument, struct field or array element: primitives travel in the
 *  fixed words, capabilities out of band (the original accepts caps inside structs, e.g.
 *  `omap_sdma.if`, so they are values here too). */
export type ValueType =
  | Prim
  | CapType
  | { kind: 'struct'; name: string; fields: Field[] }
  | { kind: 'array'; name: string; elem: ValueType; length: number };

export interface Field { name: string; type: ValueType }

/** Element types a dynamic array may have (the original only marshals 8-bit elements). */
export type ByteElem = 'uint8' | 'int8' | 'char';

/** Everything an argument can be: values (see ValueType), and strings and dynamic byte arrays,
 *  which travel in overflow fragments. */
export type ArgType =
  | ValueType
  | { kind: 'string'; max: number }
  | { kind: 'bytes'; elem: ByteElem; lengthName: string; max: number };

export interface Arg {
  name: string;
  type: ArgType;
  /** the type name as written in the source (`genpaddr`, `reading`, `uint8`, `String`, `cap`) */
  typeName: string;
  loc: Loc;
}

/** Which side may send a message: plain messages go both ways (as in Barrelfish, either end of a
 *  binding may send any message); an rpc's call goes client→server, its response server→client. */
export type Direction = 'both' | 'c2s' | 's2c';

export interface MetaArg { name: string; value: number | string }
export interface Meta { name: string; args: MetaArg[] }

export interface Message {
  name: string;
  /** wire message number: 3, 4, … in declaration order (an rpc takes two consecutive numbers) */
  number: number;
  kind: 'message' | 'call' | 'response';
  /** for `call`/`response`: the rpc this message belongs to */
  rpc?: string;
  direction: Direction;
  args: Arg[];
  meta: Meta[];
  loc: Loc;
}

export interface Rpc {
  name: string;
  /** the `in` arguments and the `out` arguments, in declaration order */
  inArgs: Arg[];
  outArgs: Arg[];
  call: Message;
  response: Message;
  meta: Meta[];
  loc: Loc;
}

/** A named type the interface (or an import file) declares, for backends that print type names. */
export type TypeDecl =
  | { kind: 'alias'; name: string; type: ValueType; builtin: string; imported: boolean; loc: Loc }
  | { kind: 'typedef'; name: string; type: ValueType; loc: Loc };

export interface Interface {
  name: string;
  description: string;
  /** the path the interface was read from (as given) */
  path: string;
  /** the import-file aliases the interface uses (`imported: true`), then the interface's own
   *  typedefs and aliases in source order */
  types: TypeDecl[];
  /** every wire message in number order; each rpc contributes its `_call` then `_response` */
  messages: Message[];
  rpcs: Rpc[];
}

/** Message numbers 0..2 are reserved as in Barrelfish (`__dummy`, `__bind`, `__bind_reply`). */
export const FIRST_MESSAGE_NUMBER = 3;
/** Message numbers travel in 16 bits (LMP) / 15 bits (UMP control word: 0x7FFF is reserved). */
export const MAX_MESSAGE_NUMBER = 0x7ffe;

/** Bits a primitive occupies on the wire. */
export function primBits(p: Prim): number {
  switch (p.kind) {
    case 'int': return p.bits;
    case 'bool': return 1;
    case 'char': return 8;
    case 'enum': case 'iref': case 'errval': return 32;
  }
}

/** Whether a primitive's wire value is sign-extended when decoded. */
export const primSigned = (p: Prim): boolean => (p.kind === 'int' ? p.signed : p.kind === 'enum');

export const isPrim = (t: ArgType): t is Prim =>
  t.kind === 'int' || t.kind === 'bool' || t.kind === 'char' || t.kind === 'enum' || t.kind === 'iref' || t.kind === 'errval';

export const isValueType = (t: ArgType): t is ValueType => isPrim(t) || t.kind === 'cap' || t.kind === 'struct' || t.kind === 'array';
