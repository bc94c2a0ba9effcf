// ELF32 numbers used by shoal's object and executable files (System V gABI values), plus the two
// e_machine numbers shoal claims for its personalities. The personalities only resemble x86 and
// ARM, so claiming EM_386/EM_ARM would let real tools misinterpret the code; private numbers make
// readelf show "<unknown>" instead.
import type { Arch, SectionKind } from './object.ts';

export const EM_SHOAL_X86 = 0x5386;
export const EM_SHOAL_ARM = 0x5341;

export const MACHINE_OF: Readonly<Record<Arch, number>> = { x86: EM_SHOAL_X86, arm: EM_SHOAL_ARM };

export function archOfMachine(machine: number): Arch | undefined {
  if (machine === EM_SHOAL_X86) return 'x86';
  if (machine === EM_SHOAL_ARM) return 'arm';
  return undefined;
}

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const;
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;
export const EI_NIDENT = 16;
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ELFOSABI_SYSV = 0;

export const ET_REL = 1;
export const ET_EXEC = 2;

export const EHDR_SIZE = 52;
export const PHDR_SIZE = 32;
export const SHDR_SIZE = 40;
export const SYM_SIZE = 16;
export const RELA_SIZE = 12;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_INFO_LINK = 0x40;

export const SECTION_FLAGS: Readonly<Record<SectionKind, number>> = {
  text: SHF_ALLOC | SHF_EXECINSTR,
  rodata: SHF_ALLOC,
  data: SHF_ALLOC | SHF_WRITE,
  bss: SHF_ALLOC | SHF_WRITE,
};

export const SHN_UNDEF = 0;
/** Section indices at and above this are reserved, so a file can hold at most this many. */
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;

export const PT_LOAD = 1;
export const PF_X = 0x1;
export const PF_W = 0x2;
export const PF_R = 0x4;

export const PAGE_SIZE = 4096;

/** Non-allocated section holding the source line table (format in lines.ts). */
export const LINES_SECTION = '.shoal.lines';

/** Names the object writer generates itself, so code/data sections may not use them. */
export const RESERVED_SECTIONS: readonly string[] = ['.symtab', '.strtab', '.shstrtab', LINES_SECTION];
