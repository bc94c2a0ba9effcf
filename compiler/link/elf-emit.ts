// Generic ELF32 little-endian file assembly: lays out section contents, then writes the header,
// program headers, contents, and section header table (always last, with .shstrtab as its final
// entry). The object and executable writers only decide which sections and segments exist.
import { alignUp, ByteSink } from './bytes.ts';
import {
  EHDR_SIZE,
  EI_NIDENT,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFMAG,
  ELFOSABI_SYSV,
  EV_CURRENT,
  PAGE_SIZE,
  PHDR_SIZE,
  SHDR_SIZE,
  SHT_NOBITS,
  SHT_STRTAB,
} from './elf-consts.ts';
import { StringTableBuilder } from './strtab.ts';

export interface OutSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  link: number;
  info: number;
  /** sh_addralign */
  align: number;
  entsize: number;
  /** file contents; ignored for SHT_NOBITS */
  data: Uint8Array;
  /** sh_size of SHT_NOBITS sections (others use data.length) */
  nobitsSize?: number;
  /** For loadable contents: the file offset must equal this modulo the page size, so the
   *  segment can be mapped directly at its virtual address. */
  pageResidue?: number;
}

export interface OutPhdr {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

export interface ElfImage {
  type: number;
  machine: number;
  entry: number;
  /** section header table entries 1..n, in order (index 0 is the null section) */
  sections: OutSection[];
  phnum: number;
  /** builds the program headers once section i + 1 has been placed at offsets[i] */
  phdrs?: (offsets: readonly number[]) => OutPhdr[];
}

/** Alignment of non-loadable contents in the file; larger section alignments only matter in memory. */
const MAX_FILE_ALIGN = 16;

export function emitElf(image: ElfImage): Uint8Array {
  const shstr = new StringTableBuilder();
  const names = image.sections.map((s) => shstr.add(s.name));
  const shstrtabName = shstr.add('.shstrtab');
  const shstrtab = shstr.finish();
  const sections: OutSection[] = [
    ...image.sections,
    { name: '.shstrtab', type: SHT_STRTAB, flags: 0, addr: 0, link: 0, info: 0, align: 1, entsize: 0, data: shstrtab },
  ];
  names.push(shstrtabName);

  let cursor = EHDR_SIZE + PHDR_SIZE * image.phnum;
  const offsets = sections.map((s) => {
    if (s.type === SHT_NOBITS) return cursor;
    if (s.pageResidue !== undefined) {
      cursor += (((s.pageResidue - cursor) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE;
    } else {
      cursor = alignUp(cursor, Math.min(Math.max(s.align, 1), MAX_FILE_ALIGN));
    }
    const at = cursor;
    cursor += s.data.length;
    return at;
  });
  const shoff = alignUp(cursor, 4);
  const phdrs = image.phdrs?.(offsets) ?? [];
  if (phdrs.length !== image.phnum) throw new Error(`emitElf: ${phdrs.length} program headers, expected ${image.phnum}`);

  const out = new ByteSink();
  out.bytes(new Uint8Array(ELFMAG));
  out.u8(ELFCLASS32);
  out.u8(ELFDATA2LSB);
  out.u8(EV_CURRENT);
  out.u8(ELFOSABI_SYSV);
  out.padTo(EI_NIDENT);
  out.u16(image.type);
  out.u16(image.machine);
  out.u32(EV_CURRENT);
  out.u32(image.entry);
  out.u32(image.phnum > 0 ? EHDR_SIZE : 0);
  out.u32(shoff);
  out.u32(0); // e_flags
  out.u16(EHDR_SIZE);
  out.u16(image.phnum > 0 ? PHDR_SIZE : 0);
  out.u16(image.phnum);
  out.u16(SHDR_SIZE);
  out.u16(sections.length + 1);
  out.u16(sections.length); // .shstrtab is last

  for (const p of phdrs) {
    out.u32(p.type);
    out.u32(p.offset);
    out.u32(p.vaddr);
    out.u32(p.vaddr); // p_paddr: shoal loads at the virtual address
    out.u32(p.filesz);
    out.u32(p.memsz);
    out.u32(p.flags);
    out.u32(p.align);
  }

  sections.forEach((s, i) => {
    if (s.type === SHT_NOBITS) return;
    out.padTo(offsets[i]!);
    out.bytes(s.data);
  });

  out.padTo(shoff);
  for (let i = 0; i < SHDR_SIZE; i++) out.u8(0);
  sections.forEach((s, i) => {
    out.u32(names[i]!);
    out.u32(s.type);
    out.u32(s.flags);
    out.u32(s.addr);
    out.u32(offsets[i]!);
    out.u32(s.type === SHT_NOBITS ? (s.nobitsSize ?? 0) : s.data.length);
    out.u32(s.link);
    out.u32(s.info);
    out.u32(s.align);
    out.u32(s.entsize);
  });
  return out.finish();
}
