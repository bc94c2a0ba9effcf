// Which operations a register or field supports, from its attribute (reference §2.2): shared by
// both backends so TypeScript and Fin offer the same functions.
import type { Access, Register } from './model.ts';

const NOT_READABLE: ReadonlySet<Access> = new Set(['wo', 'mbz', 'mb1', 'rsvd']);
const NOT_WRITABLE: ReadonlySet<Access> = new Set(['ro', 'rc', 'ros', 'mbz', 'mb1', 'rsvd']);

export const readable = (a: Access) => !NOT_READABLE.has(a);
export const writable = (a: Access) => !NOT_WRITABLE.has(a);

/** Fields a program may name: anonymous `_` fields are only padding. */
export const namedFields = (r: Register) => r.fields.filter((f) => !f.anonymous);

/** A register has a read function when any of it is readable (the whole value when unfielded). */
export const regReadable = (r: Register) => (r.fields.length === 0 ? readable(r.access) : r.fields.some((f) => readable(f.access)));
export const regWritable = (r: Register) => (r.fields.length === 0 ? writable(r.access) : r.fields.some((f) => writable(f.access)));

/** Masks (as bigint, within the register width) of the fields with one of the attributes. */
export function maskOf(r: Register, attrs: Access[]): bigint {
  let m = 0n;
  for (const f of r.fields) if (attrs.includes(f.access)) m |= ((1n << BigInt(f.width)) - 1n) << BigInt(f.lsb);
  return BigInt.asUintN(r.width, m);
}

export const fieldMask = (lsb: number, width: number, regWidth: number) => BigInt.asUintN(regWidth, ((1n << BigInt(width)) - 1n) << BigInt(lsb));
