// Serialises ObjectFile to ELF32 ET_REL and Executable to ELF32 ET_EXEC.
//
// Object section order: null, the code/data sections (index i + 1 for obj.sections[i]), one
// .rela<name> per section that has relocations, .symtab, .strtab, .shoal.lines, .shstrtab.
// Executable section order: null, per segment a PROGBITS section named '.' + segment name over
// its file bytes (present even when empty, because readExecutable takes segment names from it)
// and, if memsz exceeds the file bytes, a NOBITS section for the rest ('.bss' for the 'data'
// segment, '.<name>.bss' otherwise); then .symtab, .strtab, .shoal.lines, .shstrtab.
import { ByteSink } from './bytes.ts';
import {
  ET_EXEC,
  ET_REL,
  LINES_SECTION,
  MACHINE_OF,
  PAGE_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  RELA_SIZE,
  SECTION_FLAGS,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_INFO_LINK,
  SHF_WRITE,
  SHN_ABS,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  SYM_SIZE,
} from './elf-consts.ts';
import { emitElf, type OutPhdr, type OutSection } from './elf-emit.ts';
import { encodeSymtab, localsFirst, type RawSymbol } from './elf-symtab.ts';
import { LinkError, NO_PATH } from './errors.ts';
import { encodeLines } from './lines.ts';
import type { Executable, ObjectFile, ObjSection, Segment } from './object.ts';
import { validateExecutable, validateObject } from './validate.ts';

/** Name of the NOBITS section covering a segment's zero-filled tail. */
export function bssSectionName(segmentName: string): string {
  return segmentName === 'data' ? '.bss' : `.${segmentName}.bss`;
}

function tableSection(name: string, type: number, data: Uint8Array, link = 0, info = 0, entsize = 0): OutSection {
  return { name, type, flags: 0, addr: 0, link, info, align: type === SHT_STRTAB ? 1 : 4, entsize, data };
}

function encodeRelocs(s: ObjSection, symIndex: ReadonlyMap<string, number>): Uint8Array {
  const out = new ByteSink();
  for (const r of s.relocs) {
    out.u32(r.offset);
    out.u32(((symIndex.get(r.symbol)! << 8) | r.type) >>> 0);
    out.i32(r.addend);
  }
  return out.finish();
}

export function writeObject(obj: ObjectFile, path: string = NO_PATH): Uint8Array {
  validateObject(obj, path);
  const withRelocs = obj.sections.filter((s) => s.relocs.length > 0);
  const symtabIndex = obj.sections.length + withRelocs.length + 1;
  if (symtabIndex + 3 >= SHN_LORESERVE) throw new LinkError('invalid-object', path, 'too many sections for ELF');

  const secIndex = new Map(obj.sections.map((s, i) => [s.name, i + 1]));
  const syms = localsFirst(obj.symbols);
  const symIndex = new Map(syms.map((s, i) => [s.name, i + 1]));
  const { symtab, strtab, firstGlobal } = encodeSymtab(
    syms.map((s) => ({ ...s, shndx: s.section === null ? SHN_UNDEF : secIndex.get(s.section)! })),
  );
  const lines = encodeLines(obj.lines.map((l) => ({ ...l, shndx: secIndex.get(l.section)! })));

  const sections: OutSection[] = [
    ...obj.sections.map(
      (s): OutSection => ({
        name: s.name,
        type: s.kind === 'bss' ? SHT_NOBITS : SHT_PROGBITS,
        flags: SECTION_FLAGS[s.kind],
        addr: 0,
        link: 0,
        info: 0,
        align: s.align,
        entsize: 0,
        data: s.data,
        nobitsSize: s.size,
      }),
    ),
    ...withRelocs.map(
      (s): OutSection => ({
        name: `.rela${s.name}`,
        type: SHT_RELA,
        flags: SHF_INFO_LINK,
        addr: 0,
        link: symtabIndex,
        info: secIndex.get(s.name)!,
        align: 4,
        entsize: RELA_SIZE,
        data: encodeRelocs(s, symIndex),
      }),
    ),
    tableSection('.symtab', SHT_SYMTAB, symtab, symtabIndex + 1, firstGlobal, SYM_SIZE),
    tableSection('.strtab', SHT_STRTAB, strtab),
    tableSection(LINES_SECTION, SHT_PROGBITS, lines),
  ];
  return emitElf({ type: ET_REL, machine: MACHINE_OF[obj.arch], entry: 0, sections, phnum: 0 });
}

function segmentSectionFlags(seg: Segment): number {
  return SHF_ALLOC | (seg.flags.w ? SHF_WRITE : 0) | (seg.flags.x ? SHF_EXECINSTR : 0);
}

/** Largest power of two (up to a page) that divides `addr`, so sh_addralign stays truthful. */
function addrAlign(addr: number): number {
  let a = 1;
  while (a < PAGE_SIZE && addr % (a * 2) === 0) a *= 2;
  return a;
}

export function writeExecutable(exe: Executable, path: string = NO_PATH): Uint8Array {
  validateExecutable(exe, path);
  if (exe.segments.length * 2 + 5 >= SHN_LORESERVE) throw new LinkError('invalid-executable', path, 'too many segments for ELF');

  const sections: OutSection[] = [];
  /** per segment, the position in `sections` of its PROGBITS section */
  const progbits: number[] = [];
  for (const seg of exe.segments) {
    const flags = segmentSectionFlags(seg);
    progbits.push(sections.length);
    sections.push({
      name: `.${seg.name}`,
      type: SHT_PROGBITS,
      flags,
      addr: seg.vaddr,
      link: 0,
      info: 0,
      align: addrAlign(seg.vaddr),
      entsize: 0,
      data: seg.data,
      pageResidue: seg.vaddr % PAGE_SIZE,
    });
    if (seg.memsz > seg.data.length) {
      const addr = seg.vaddr + seg.data.length;
      sections.push({
        name: bssSectionName(seg.name),
        type: SHT_NOBITS,
        flags,
        addr,
        link: 0,
        info: 0,
        align: 1,
        entsize: 0,
        data: new Uint8Array(0),
        nobitsSize: seg.memsz - seg.data.length,
      });
    }
  }

  const sizeOf = (s: OutSection): number => (s.type === SHT_NOBITS ? s.nobitsSize! : s.data.length);
  const shndxOf = (addr: number): number => {
    const i = sections.findIndex((s) => addr >= s.addr && addr < s.addr + sizeOf(s));
    return i < 0 ? SHN_ABS : i + 1;
  };
  const syms: RawSymbol[] = localsFirst(exe.symbols).map((s) => ({ ...s, shndx: shndxOf(s.value) }));
  const { symtab, strtab, firstGlobal } = encodeSymtab(syms);
  const symtabIndex = sections.length + 1;
  sections.push(
    tableSection('.symtab', SHT_SYMTAB, symtab, symtabIndex + 1, firstGlobal, SYM_SIZE),
    tableSection('.strtab', SHT_STRTAB, strtab),
    tableSection(LINES_SECTION, SHT_PROGBITS, encodeLines(exe.lines.map((l) => ({ ...l, shndx: SHN_ABS, offset: l.addr })))),
  );

  const phdrs = (offsets: readonly number[]): OutPhdr[] =>
    exe.segments.map((seg, i) => ({
      type: PT_LOAD,
      offset: offsets[progbits[i]!]!,
      vaddr: seg.vaddr,
      filesz: seg.data.length,
      memsz: seg.memsz,
      flags: (seg.flags.r ? PF_R : 0) | (seg.flags.w ? PF_W : 0) | (seg.flags.x ? PF_X : 0),
      align: PAGE_SIZE,
    }));
  return emitElf({ type: ET_EXEC, machine: MACHINE_OF[exe.arch], entry: exe.entry, sections, phnum: exe.segments.length, phdrs });
}
