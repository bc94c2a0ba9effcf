// Address assignment for a link. Sections are grouped by kind (text, rodata, data, bss, in that
// order), each group starting on a fresh page, so that no page mixes code with anything the
// program writes: the VM throws away decoded code when a code page is written, and a shared
// page would make every store to a neighbouring variable do that.
import { alignUp } from './bytes.ts';
import { PAGE_SIZE } from './elf-consts.ts';
import type { ObjectFile, SectionKind } from './object.ts';

export const GROUP_ORDER: readonly SectionKind[] = ['text', 'rodata', 'data', 'bss'];

export interface Range {
  start: number;
  end: number;
}

export interface Layout {
  /** per object: section name -> assigned address */
  addrs: Map<string, number>[];
  groups: Record<SectionKind, Range>;
  /** first page-aligned address after the image */
  end: number;
}

export function layout(objects: readonly ObjectFile[], base: number): Layout {
  const addrs = objects.map(() => new Map<string, number>());
  const groups = {} as Record<SectionKind, Range>;
  let cursor = base;
  for (const kind of GROUP_ORDER) {
    const start = alignUp(cursor, PAGE_SIZE);
    cursor = start;
    objects.forEach((obj, i) => {
      for (const s of obj.sections) {
        if (s.kind !== kind) continue;
        cursor = alignUp(cursor, s.align);
        addrs[i]!.set(s.name, cursor);
        cursor += s.size;
      }
    });
    groups[kind] = { start, end: cursor };
  }
  return { addrs, groups, end: alignUp(cursor, PAGE_SIZE) };
}
