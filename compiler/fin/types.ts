// Fin's semantic types, shared by the checker and the code generator.
//
//   Type = IntType | BoolType | VoidType | PointerType | ArrayType | FnType
//        | StructType | EnumType | ErrorType
//
// - Integer, bool and void types are singletons (compare with ===, or use sameType).
// - Pointer, array and function types are structural; struct and enum types are nominal (they
//   point at their StructInfo / EnumInfo, see checked.ts). Type aliases are transparent: an alias
//   is replaced by the type it names, so no Type ever is "an alias".
// - `usize`/`isize` are 32 bits, like u32/i32, but distinct types (conversions need `as`).
// - ErrorType stands for "already reported"; it never reaches a CheckedProgram.
import type { EnumInfo, StructInfo } from './checked.ts';

export type IntName = 'u8' | 'u16' | 'u32' | 'i8' | 'i16' | 'i32' | 'usize' | 'isize';

export interface IntType { kind: 'int'; name: IntName; bits: 8 | 16 | 32; signed: boolean }
export interface BoolType { kind: 'bool' }
export interface VoidType { kind: 'void' }
export interface PointerType { kind: 'pointer'; to: Type }
export interface ArrayType { kind: 'array'; len: number; elem: Type }
export interface FnType { kind: 'fn'; params: Type[]; ret: Type }
export interface StructType { kind: 'struct'; info: StructInfo }
export interface EnumType { kind: 'enum'; info: EnumInfo }
export interface ErrorType { kind: 'error' }

export type Type = IntType | BoolType | VoidType | PointerType | ArrayType | FnType | StructType | EnumType | ErrorType;

function int(name: IntName, bits: 8 | 16 | 32, signed: boolean): IntType {
  return { kind: 'int', name, bits, signed };
}

export const U8 = int('u8', 8, false);
export const U16 = int('u16', 16, false);
export const U32 = int('u32', 32, false);
export const I8 = int('i8', 8, true);
export const I16 = int('i16', 16, true);
export const I32 = int('i32', 32, true);
export const USIZE = int('usize', 32, false);
export const ISIZE = int('isize', 32, true);
export const BOOL: BoolType = { kind: 'bool' };
export const VOID: VoidType = { kind: 'void' };
export const ERROR: ErrorType = { kind: 'error' };

/** The names every module sees without declaring them. */
export const BUILTIN_TYPES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ['u8', U8], ['u16', U16], ['u32', U32], ['i8', I8], ['i16', I16], ['i32', I32],
  ['usize', USIZE], ['isize', ISIZE], ['bool', BOOL], ['void', VOID],
]);

// Pointer types are interned per pointee object so that the common `*T` costs one allocation.
const pointerCache = new WeakMap<Type, PointerType>();

export function pointerTo(to: Type): PointerType {
  let p = pointerCache.get(to);
  if (!p) {
    p = { kind: 'pointer', to };
    pointerCache.set(to, p);
  }
  return p;
}

export function arrayOf(len: number, elem: Type): ArrayType {
  return { kind: 'array', len, elem };
}

export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'pointer':
      return b.kind === 'pointer' && sameType(a.to, b.to);
    case 'array':
      return b.kind === 'array' && a.len === b.len && sameType(a.elem, b.elem);
    case 'fn':
      return b.kind === 'fn' && a.params.length === b.params.length && sameType(a.ret, b.ret)
        && a.params.every((p, i) => sameType(p, b.params[i]!));
    case 'struct':
      return b.kind === 'struct' && a.info === b.info;
    case 'enum':
      return b.kind === 'enum' && a.info === b.info;
    default:
      return false; // ints, bool, void, error are singletons
  }
}

export const isInt = (t: Type): t is IntType => t.kind === 'int';
export const isPointer = (t: Type): t is PointerType => t.kind === 'pointer';
/** pointers and function pointers: one machine word that may be null */
export const isPointerLike = (t: Type): t is PointerType | FnType => t.kind === 'pointer' || t.kind === 'fn';
export const isError = (t: Type): t is ErrorType => t.kind === 'error';

/** The integer type whose bits carry the type's values at run time (enums: the underlying type,
 *  pointers: u32, bool: u8). Undefined for aggregates and void. */
export function scalarRep(t: Type): IntType | undefined {
  switch (t.kind) {
    case 'int': return t;
    case 'enum': return t.info.base;
    case 'bool': return U8;
    case 'pointer': case 'fn': return U32;
    default: return undefined;
  }
}

/** Types that may be stored in variables, fields, array elements and parameters. */
export function isStorable(t: Type): boolean {
  return t.kind !== 'void';
}

export function typeToString(t: Type): string {
  switch (t.kind) {
    case 'int': return t.name;
    case 'bool': return 'bool';
    case 'void': return 'void';
    case 'pointer': return '*' + typeToString(t.to);
    case 'array': return `[${t.len}]${typeToString(t.elem)}`;
    case 'fn': return `fn(${t.params.map(typeToString).join(', ')})` + (t.ret.kind === 'void' ? '' : ` -> ${typeToString(t.ret)}`);
    case 'struct': return t.info.name;
    case 'enum': return t.info.name;
    case 'error': return '<error>';
  }
}
