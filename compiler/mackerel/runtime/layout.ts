// Descriptor shapes of generated TypeScript and the pure helpers over them: field extract and
// insert, register read/write with the original's write rules, and the pretty-printer. A device
// MODEL (which implements a register file) uses the descriptors' offsets and masks directly.
// MUST STAY TRUE: registers up to 32 bits are `number`s (unsigned), 64-bit ones `bigint`s.
import { read64, write64, type RegisterSpace } from './space.ts';

export type Access = 'rw' | 'ro' | 'rc' | 'rwc' | 'wo' | 'rwzc' | 'ros' | 'rwo' | 'rwcs' | 'rws' | 'rwl' | 'mbz' | 'mb1' | 'rsvd';

export interface FieldDesc {
  readonly lsb: number;
  readonly width: number;
  /** the field's bits in place: a number in registers up to 32 bits, a bigint in 64-bit ones */
  readonly mask: number | bigint;
  readonly access: Access;
  /** name of a constants type that names this field's values */
  readonly type?: string;
}

export interface RegisterDesc {
  readonly name: string;
  /** key of the space in the accessor's `spaces` (a device argument or a declared space) */
  readonly space: string;
  readonly offset: number;
  readonly width: 8 | 16 | 32 | 64;
  readonly access: Access;
  readonly fields: { readonly [name: string]: FieldDesc };
  /** regarray: number of elements and the distance between them (or the explicit offsets) */
  readonly count?: number;
  readonly stride?: number;
  readonly offsets?: readonly number[];
}

export interface ConstantsDesc { readonly name: string; readonly width?: number; readonly values: { readonly [name: string]: number | bigint } }

const READABLE = (a: Access) => a !== 'wo' && a !== 'mbz' && a !== 'mb1';

/** Offset of element `i` of a register (0 for a plain register). */
export function elementOffset(r: RegisterDesc, i = 0): number {
  if (r.offsets) return r.offset + (r.offsets[i] ?? NaN);
  return r.offset + i * (r.stride ?? 0);
}

export function readRegister(space: RegisterSpace, r: RegisterDesc, i = 0): number | bigint {
  const off = elementOffset(r, i);
  switch (r.width) {
    case 8: return space.read8(off);
    case 16: return space.read16(off);
    case 32: return space.read32(off) >>> 0;
    case 64: return read64(space, off);
  }
}

/** A write as the original generates it: mbz fields forced to 0, mb1 fields to 1, and rsvd
 *  fields preserved from a read of the register first (only when the register has any). */
export function writeRegister(space: RegisterSpace, r: RegisterDesc, value: number | bigint, i = 0): void {
  const off = elementOffset(r, i);
  const fields = Object.values(r.fields);
  if (r.width === 64) {
    let v = BigInt.asUintN(64, BigInt(value));
    const rsvd = fields.filter((f) => f.access === 'rsvd').reduce((m, f) => m | BigInt(f.mask), 0n);
    if (rsvd !== 0n) v = (v & ~rsvd) | (read64(space, off) & rsvd);
    for (const f of fields) if (f.access === 'mbz') v &= ~BigInt(f.mask); else if (f.access === 'mb1') v |= BigInt(f.mask);
    write64(space, off, v);
    return;
  }
  let v = Number(value) >>> 0;
  const rsvd = fields.filter((f) => f.access === 'rsvd').reduce((m, f) => (m | Number(f.mask)) >>> 0, 0);
  if (rsvd !== 0) v = ((v & ~rsvd) | (Number(readRegister(space, r, i)) & rsvd)) >>> 0;
  for (const f of fields) if (f.access === 'mbz') v = (v & ~Number(f.mask)) >>> 0; else if (f.access === 'mb1') v = (v | Number(f.mask)) >>> 0;
  if (r.width === 8) space.write8(off, v & 0xff); else if (r.width === 16) space.write16(off, v & 0xffff); else space.write32(off, v);
}

/** The field's value from a register value. */
export function extract(value: number, f: FieldDesc): number;
export function extract(value: bigint, f: FieldDesc): bigint;
export function extract(value: number | bigint, f: FieldDesc): number | bigint {
  if (typeof value === 'bigint') return (value & BigInt(f.mask)) >> BigInt(f.lsb);
  return ((value & Number(f.mask)) >>> f.lsb) >>> 0;
}

/** A new register value with the field replaced (extra high bits of `x` are dropped). */
export function insert(value: number, f: FieldDesc, x: number): number;
export function insert(value: bigint, f: FieldDesc, x: bigint): bigint;
export function insert(value: number | bigint, f: FieldDesc, x: number | bigint): number | bigint {
  if (typeof value === 'bigint') {
    const m = BigInt(f.mask);
    return BigInt.asUintN(64, (value & ~m) | ((BigInt(x) << BigInt(f.lsb)) & m));
  }
  const m = Number(f.mask);
  // shifting by 32 is a no-op in JS; a 32-bit field at lsb 0 is the whole value
  const placed = f.width >= 32 ? Number(x) >>> 0 : ((Number(x) << f.lsb) >>> 0);
  return ((value & ~m) | (placed & m)) >>> 0;
}

/** `ctrl: enable=1 mode=fifo(2)`: readable named fields, constants by name where one matches. */
export function formatRegister(r: RegisterDesc, value: number | bigint, constants: { readonly [type: string]: ConstantsDesc } = {}): string {
  const names = Object.keys(r.fields).filter((n) => !n.startsWith('_anon') && READABLE(r.fields[n].access));
  if (names.length === 0) return `${r.name}: 0x${value.toString(16)}`;
  const parts = names.map((n) => {
    const f = r.fields[n];
    const v = typeof value === 'bigint' ? extract(value, f) : extract(value, f);
    const c = f.type ? constants[f.type] : undefined;
    const hit = c ? Object.entries(c.values).find(([, cv]) => BigInt.asUintN(f.width, BigInt(cv)) === BigInt(v)) : undefined;
    return hit ? `${n}=${hit[0]}(${v})` : `${n}=${f.width > 8 ? '0x' + v.toString(16) : v.toString()}`;
  });
  return `${r.name}: ${parts.join(' ')}`;
}

/** Bits `lsb .. lsb+width-1` of a little-endian byte buffer (a datatype instance in memory). */
export function getBits(bytes: Uint8Array, lsb: number, width: number): bigint {
  let v = 0n;
  for (let k = width - 1; k >= 0; k--) {
    const bit = lsb + k;
    v = (v << 1n) | BigInt(((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 1);
  }
  return v;
}

export function setBits(bytes: Uint8Array, lsb: number, width: number, value: bigint): void {
  for (let k = 0; k < width; k++) {
    const bit = lsb + k;
    const on = (value >> BigInt(k)) & 1n;
    if ((bit >> 3) < bytes.length) bytes[bit >> 3] = on ? bytes[bit >> 3] | (1 << (bit & 7)) : bytes[bit >> 3] & ~(1 << (bit & 7));
  }
}

export { READABLE as isReadable };
export type { RegisterSpace };
