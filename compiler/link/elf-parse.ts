// Validating parse of the parts of an ELF32 file that objects and executables share: the file
// header and the section header table. Everything read from the file is range-checked before
// use; callers then only deal with in-bounds, well-typed values.
import { ByteReader, hex, isPowerOfTwo } from './bytes.ts';
import {
  archOfMachine,
  EHDR_SIZE,
  EI_ABIVERSION,
  EI_CLASS,
  EI_DATA,
  EI_OSABI,
  EI_VERSION,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFMAG,
  ELFOSABI_SYSV,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  PHDR_SIZE,
  SHDR_SIZE,
  SHN_LORESERVE,
  SHT_NOBITS,
  SHT_NULL,
  SHT_STRTAB,
} from './elf-consts.ts';
import { LinkError } from './errors.ts';
import type { Arch } from './object.ts';
import { readString } from './strtab.ts';

export interface ElfHeader {
  type: number;
  arch: Arch;
  entry: number;
  phoff: number;
  phnum: number;
  shoff: number;
  shnum: number;
  shstrndx: number;
}

export interface RawSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  /** sh_addralign with 0 normalised to 1 (the gABI gives both the same meaning) */
  align: number;
  entsize: number;
}

const TYPE_NAME: Record<number, string> = { [ET_REL]: 'relocatable object (ET_REL)', [ET_EXEC]: 'executable (ET_EXEC)' };

export function hasElfMagic(bytes: Uint8Array): boolean {
  return bytes.length >= ELFMAG.length && ELFMAG.every((b, i) => bytes[i] === b);
}

/** Parses and checks the ELF header; `expectType` is ET_REL or ET_EXEC, or undefined for either. */
export function parseHeader(r: ByteReader, expectType: number | undefined): ElfHeader {
  const bytes = r.bytes;
  const { path } = r;
  if (ELFMAG.some((b, i) => i < bytes.length && bytes[i] !== b)) throw new LinkError('elf-bad-magic', path, 'not an ELF file (bad magic number)');
  r.need(0, EHDR_SIZE, 'ELF header');
  if (bytes[EI_CLASS] !== ELFCLASS32) throw new LinkError('elf-bad-class', path, `ELF class ${bytes[EI_CLASS]} is not ELFCLASS32`);
  if (bytes[EI_DATA] !== ELFDATA2LSB) throw new LinkError('elf-bad-data', path, `ELF data encoding ${bytes[EI_DATA]} is not little-endian`);
  if (bytes[EI_VERSION] !== EV_CURRENT) throw new LinkError('elf-bad-version', path, `ELF ident version ${bytes[EI_VERSION]} is not EV_CURRENT`);
  if (bytes[EI_OSABI] !== ELFOSABI_SYSV || bytes[EI_ABIVERSION] !== 0) {
    throw new LinkError('elf-bad-abi', path, `OS ABI ${bytes[EI_OSABI]} version ${bytes[EI_ABIVERSION]} is not System V`);
  }

  const type = r.u16(16, 'e_type');
  if (expectType !== undefined ? type !== expectType : TYPE_NAME[type] === undefined) {
    const want = expectType !== undefined ? TYPE_NAME[expectType] : 'an object or executable';
    throw new LinkError('elf-bad-type', path, `ELF type ${type} is not ${want}`);
  }
  const machine = r.u16(18, 'e_machine');
  const arch = archOfMachine(machine);
  if (arch === undefined) throw new LinkError('elf-bad-machine', path, `machine ${hex(machine)} is not a shoal personality`);
  const version = r.u32(20, 'e_version');
  if (version !== EV_CURRENT) throw new LinkError('elf-bad-version', path, `ELF version ${version} is not EV_CURRENT`);

  const h: ElfHeader = {
    type,
    arch,
    entry: r.u32(24, 'e_entry'),
    phoff: r.u32(28, 'e_phoff'),
    shoff: r.u32(32, 'e_shoff'),
    phnum: r.u16(44, 'e_phnum'),
    shnum: r.u16(48, 'e_shnum'),
    shstrndx: r.u16(50, 'e_shstrndx'),
  };
  const bad = (why: string): LinkError => new LinkError('elf-bad-header', path, why);
  const flags = r.u32(36, 'e_flags');
  if (flags !== 0) throw bad(`e_flags ${hex(flags)} is not 0`);
  const ehsize = r.u16(40, 'e_ehsize');
  if (ehsize !== EHDR_SIZE) throw bad(`e_ehsize ${ehsize} is not ${EHDR_SIZE}`);
  const phentsize = r.u16(42, 'e_phentsize');
  if (h.phnum > 0 && phentsize !== PHDR_SIZE) throw bad(`e_phentsize ${phentsize} is not ${PHDR_SIZE}`);
  const shentsize = r.u16(46, 'e_shentsize');
  if (h.shnum > 0 && shentsize !== SHDR_SIZE) throw bad(`e_shentsize ${shentsize} is not ${SHDR_SIZE}`);
  if (h.shnum === 0 && h.shoff !== 0) throw bad('extended section numbering is not supported');
  if (h.shnum >= SHN_LORESERVE) throw bad(`${h.shnum} sections exceed the reserved index range`);
  if (h.shnum > 0 && (h.shstrndx === 0 || h.shstrndx >= h.shnum)) throw bad(`e_shstrndx ${h.shstrndx} is not a section index`);
  if (h.shnum === 0 && h.shstrndx !== 0) throw bad(`e_shstrndx ${h.shstrndx} without section headers`);
  if (h.phnum > 0) r.need(h.phoff, h.phnum * PHDR_SIZE, 'program header table');
  if (h.shnum > 0) r.need(h.shoff, h.shnum * SHDR_SIZE, 'section header table');
  return h;
}

/** Parses every section header (index 0 included) and resolves section names. */
export function parseSections(r: ByteReader, h: ElfHeader): RawSection[] {
  const { path } = r;
  const raw = [];
  for (let i = 0; i < h.shnum; i++) {
    const at = h.shoff + i * SHDR_SIZE;
    const what = `section header ${i}`;
    const s = {
      index: i,
      nameOff: r.u32(at, what),
      type: r.u32(at + 4, what),
      flags: r.u32(at + 8, what),
      addr: r.u32(at + 12, what),
      offset: r.u32(at + 16, what),
      size: r.u32(at + 20, what),
      link: r.u32(at + 24, what),
      info: r.u32(at + 28, what),
      align: r.u32(at + 32, what),
      entsize: r.u32(at + 36, what),
    };
    const bad = (why: string): LinkError => new LinkError('elf-bad-section', path, `${what}: ${why}`);
    if (i === 0) {
      const { index: _, ...fields } = s;
      if (Object.values(fields).some((v) => v !== 0)) throw bad('the null section header is not all zero');
      if (s.type !== SHT_NULL) throw bad('is not SHT_NULL');
    } else if (s.type === SHT_NULL) {
      throw bad('unexpected SHT_NULL section');
    }
    if (s.align !== 0 && !isPowerOfTwo(s.align)) throw bad(`alignment ${s.align} is not a power of two`);
    if (s.type !== SHT_NOBITS) r.need(s.offset, s.size, `contents of ${what}`);
    raw.push(s);
  }
  if (h.shnum === 0) return [];

  const shstr = raw[h.shstrndx]!;
  if (shstr.type !== SHT_STRTAB) throw new LinkError('elf-bad-section', path, `e_shstrndx ${h.shstrndx} is not a string table`);
  const names = r.bytes.subarray(shstr.offset, shstr.offset + shstr.size);
  return raw.map(({ nameOff, ...s }) => ({
    ...s,
    name: readString(names, nameOff, path, `section header ${s.index} name`),
    align: s.align === 0 ? 1 : s.align,
  }));
}

export function sectionBytes(r: ByteReader, s: RawSection): Uint8Array {
  return r.slice(s.offset, s.size, `contents of section '${s.name}'`);
}

/** Index of the single section named `name` with type `type`, or undefined if there is none. */
export function findUnique(r: ByteReader, sections: readonly RawSection[], type: number, name: string | undefined): RawSection | undefined {
  const found = sections.filter((s) => s.type === type && (name === undefined || s.name === name));
  if (found.length > 1) {
    throw new LinkError('elf-bad-section', r.path, `${found.length} sections${name ? ` named '${name}'` : ''} of type ${type}; expected at most one`);
  }
  return found[0];
}
