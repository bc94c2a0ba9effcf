// C-like data layout, identical on both personalities (32-bit words, little-endian is the VM's
// business): natural alignment; struct fields in declared order, each at the next multiple of
// its alignment; struct size rounded up to the struct's alignment (the largest field alignment,
// at least 1). An empty struct has size 0 and alignment 1.
// Structs must have their layout computed (StructInfo.size/align) before sizeOf is asked about
// them; the checker does that lazily in decls.ts.
import type { Type } from './types.ts';

/** The largest object the compiler accepts (arrays and structs): 2^31 - 1 bytes. */
export const MAX_OBJECT_SIZE = 0x7fffffff;

export function sizeOf(t: Type): number {
  switch (t.kind) {
    case 'int': return t.bits / 8;
    case 'bool': return 1;
    case 'pointer': case 'fn': return 4;
    case 'array': return t.len * sizeOf(t.elem);
    case 'struct': return t.info.size;
    case 'enum': return t.info.base.bits / 8;
    case 'void': case 'error': return 0;
  }
}

export function alignOf(t: Type): number {
  switch (t.kind) {
    case 'int': return t.bits / 8;
    case 'bool': return 1;
    case 'pointer': case 'fn': return 4;
    case 'array': return alignOf(t.elem);
    case 'struct': return t.info.align;
    case 'enum': return t.info.base.bits / 8;
    case 'void': case 'error': return 1;
  }
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export interface FieldLayout { offsets: number[]; size: number; align: number }

/** Offsets, size and alignment of a struct with fields of these types, in this order. */
export function layoutFields(types: Type[]): FieldLayout {
  let offset = 0;
  let align = 1;
  const offsets: number[] = [];
  for (const t of types) {
    const a = alignOf(t);
    offset = alignUp(offset, a);
    offsets.push(offset);
    offset += sizeOf(t);
    if (a > align) align = a;
  }
  return { offsets, size: alignUp(offset, align), align };
}
