// Helpers shared by the device models: how a 1/2/4-byte access meets a file of 32-bit registers.
//
// Conventions for every device in this folder (see memory.ts for the Device interface):
//  - reads return the value zero-extended for 1- and 2-byte accesses; 4-byte reads return the
//    register as a signed 32-bit number, exactly like a RAM load (dv.getInt32), so a device
//    word and a RAM word look the same to the interpreter;
//  - a narrow read of a 32-bit register returns the addressed bytes of the aligned word;
//  - offsets with no register read as zero and ignore writes (RAZ/WI, as real parts do for
//    reserved space), since a device only sees offsets and cannot raise a bus fault itself.
import type { RegisterDesc } from '../../compiler/mackerel/runtime/layout.ts';

/** The bytes [offset, offset+size) of the aligned 32-bit register value `word`. */
export function sub(word: number, offset: number, size: number): number {
  if (size === 4) return (offset & 3) === 0 ? word | 0 : 0;
  if (size === 2) return (offset & 1) === 0 ? (word >>> ((offset & 2) * 8)) & 0xffff : 0;
  return (word >>> ((offset & 3) * 8)) & 0xff;
}

/** A written value truncated to the access width (zero-extended, as an unsigned number). */
export function widthOf(value: number, size: number): number {
  return size === 4 ? value >>> 0 : size === 2 ? value & 0xffff : value & 0xff;
}

/** Index (0-31) of the lowest set bit, or -1. */
export function lowestBit(mask: number): number {
  return mask === 0 ? -1 : 31 - Math.clz32(mask & -mask);
}

/** Field attributes software cannot set by writing (reserved and fixed bits included). */
const NOT_WRITABLE = new Set<string>(['ro', 'rc', 'ros', 'rsvd', 'mbz', 'mb1']);

/**
 * The bits of a register that a write stores, from its generated layout (vm/devices/gen/): its
 * named fields that software may write, or every bit of a register without fields. Models call
 * this once, at load time, never per access.
 */
export function writableBits(r: RegisterDesc): number {
  const fields = Object.entries(r.fields);
  if (fields.length === 0) return r.width >= 32 ? 0xffffffff : (1 << r.width) - 1;
  let m = 0;
  for (const [name, f] of fields) if (!name.startsWith('_anon') && !NOT_WRITABLE.has(f.access)) m |= Number(f.mask);
  return m >>> 0;
}
