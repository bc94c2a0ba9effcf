// Relocation arithmetic. Address arithmetic wraps modulo 2^32 like the cores do, so only the
// truncating kinds (branch displacements, ABS16/ABS8) can overflow.
import { RelocType } from './object.ts';

const WIDTH: Readonly<Record<RelocType, number>> = {
  [RelocType.ABS32]: 4,
  [RelocType.X86_REL32]: 4,
  [RelocType.ARM_B24]: 4,
  [RelocType.ARM_B19]: 4,
  [RelocType.ARM_MOVW]: 4,
  [RelocType.ARM_MOVT]: 4,
  [RelocType.ABS16]: 2,
  [RelocType.ABS8]: 1,
};

export function isRelocType(n: unknown): n is RelocType {
  return typeof n === 'number' && Object.hasOwn(WIDTH, n);
}

/** Bytes patched at the relocation's offset. */
export function relocWidth(type: RelocType): number {
  return WIDTH[type];
}

export function relocName(type: RelocType): string {
  return RelocType[type] ?? `type ${type}`;
}

export interface RelocFailure {
  code: 'reloc-overflow' | 'reloc-misaligned';
  detail: string;
}

/**
 * Patches the field at `at` in `buf` for relocation `type` with symbol address S, addend A and
 * field address P. Returns why it could not, leaving `buf` untouched in that case.
 */
export function applyReloc(buf: Uint8Array, at: number, type: RelocType, S: number, A: number, P: number): RelocFailure | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const sa = S + A;
  switch (type) {
    case RelocType.ABS32:
      view.setUint32(at, sa >>> 0, true);
      return undefined;
    case RelocType.X86_REL32:
      view.setUint32(at, (sa - P) >>> 0, true);
      return undefined;
    case RelocType.ARM_B24:
      return branch(view, at, (sa - P) | 0, 24);
    case RelocType.ARM_B19:
      return branch(view, at, (sa - P) | 0, 19);
    case RelocType.ARM_MOVW:
      view.setUint32(at, ((view.getUint32(at, true) & 0xffff0000) | (sa & 0xffff)) >>> 0, true);
      return undefined;
    case RelocType.ARM_MOVT:
      view.setUint32(at, ((view.getUint32(at, true) & 0xffff0000) | ((sa >>> 0) >>> 16)) >>> 0, true);
      return undefined;
    case RelocType.ABS16: {
      const v = sa | 0;
      if (v < -0x8000 || v > 0xffff) return { code: 'reloc-overflow', detail: `value ${v} does not fit in 16 bits` };
      view.setUint16(at, v & 0xffff, true);
      return undefined;
    }
    case RelocType.ABS8: {
      const v = sa | 0;
      if (v < -0x80 || v > 0xff) return { code: 'reloc-overflow', detail: `value ${v} does not fit in 8 bits` };
      view.setUint8(at, v & 0xff);
      return undefined;
    }
  }
}

/** Replaces the low `bits` bits of the instruction word with the word displacement. */
function branch(view: DataView, at: number, delta: number, bits: number): RelocFailure | undefined {
  if ((delta & 3) !== 0) return { code: 'reloc-misaligned', detail: `branch displacement ${delta} is not a multiple of 4` };
  const words = delta >> 2;
  const limit = 2 ** (bits - 1);
  if (words < -limit || words >= limit) {
    return { code: 'reloc-overflow', detail: `branch displacement ${delta} bytes exceeds the signed ${bits}-bit word range` };
  }
  const mask = 2 ** bits - 1;
  const insn = view.getUint32(at, true);
  view.setUint32(at, ((insn & ~mask) | (words & mask)) >>> 0, true);
  return undefined;
}
