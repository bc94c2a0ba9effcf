// Validating reader for ET_REL files written by writeObject (or anything else following the same
// conventions). Any inconsistency is a LinkError: the linker and loader trust what this returns.
import { ByteReader, hex } from './bytes.ts';
import {
  ET_REL,
  LINES_SECTION,
  RELA_SIZE,
  RESERVED_SECTIONS,
  SECTION_FLAGS,
  SHF_INFO_LINK,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './elf-consts.ts';
import { findUnique, parseHeader, parseSections, sectionBytes, type RawSection } from './elf-parse.ts';
import { decodeSymtab } from './elf-symtab.ts';
import { LinkError, NO_PATH } from './errors.ts';
import { decodeLines } from './lines.ts';
import type { LineEntry, ObjectFile, ObjSection, ObjSymbol, Reloc, SectionKind } from './object.ts';
import { isRelocType, relocName, relocWidth } from './reloc.ts';

function kindOf(s: RawSection): SectionKind | undefined {
  if (s.type === SHT_NOBITS) return s.flags === SECTION_FLAGS.bss ? 'bss' : undefined;
  for (const kind of ['text', 'rodata', 'data'] as const) if (s.flags === SECTION_FLAGS[kind]) return kind;
  return undefined;
}

export function readObject(bytes: Uint8Array, path: string = NO_PATH): ObjectFile {
  const r = new ByteReader(bytes, path);
  const h = parseHeader(r, ET_REL);
  if (h.phnum !== 0) throw new LinkError('elf-bad-header', path, 'a relocatable object must not have program headers');
  if (h.shnum === 0) throw new LinkError('elf-bad-header', path, 'no section headers');
  const all = parseSections(r, h);
  const badSection = (s: RawSection, why: string): LinkError => new LinkError('elf-bad-section', path, `section ${s.index} '${s.name}': ${why}`);

  /** code/data sections by ELF index, in index order */
  const code = new Map<number, { raw: RawSection; sec: ObjSection }>();
  const codeNames = new Set<string>();
  const relas: RawSection[] = [];
  for (const s of all.slice(1)) {
    if (s.type === SHT_PROGBITS && s.name === LINES_SECTION && s.flags === 0) continue;
    if (s.type === SHT_PROGBITS || s.type === SHT_NOBITS) {
      const kind = kindOf(s);
      if (kind === undefined) throw badSection(s, `flags ${hex(s.flags)} do not match a text, rodata, data or bss section`);
      if (s.name === '' || RESERVED_SECTIONS.includes(s.name)) throw badSection(s, 'empty or reserved name for a code or data section');
      if (codeNames.has(s.name)) throw badSection(s, 'duplicate section name');
      codeNames.add(s.name);
      const data = kind === 'bss' ? new Uint8Array(0) : sectionBytes(r, s);
      code.set(s.index, { raw: s, sec: { name: s.name, kind, align: s.align, data, size: s.size, relocs: [] } });
    } else if (s.type === SHT_RELA) {
      relas.push(s);
    } else if (s.type !== SHT_SYMTAB && s.type !== SHT_STRTAB) {
      throw badSection(s, `unsupported section type ${s.type}`);
    }
  }

  const symtab = findUnique(r, all, SHT_SYMTAB, undefined);
  if (symtab === undefined) throw new LinkError('elf-bad-section', path, 'no .symtab section');
  const names = new Set<string>();
  const symbols: ObjSymbol[] = decodeSymtab(r, all, symtab).map((raw, i) => {
    const bad = (why: string): LinkError => new LinkError('elf-bad-symbol', path, `symbol ${i + 1} '${raw.name}': ${why}`);
    if (names.has(raw.name)) throw bad('duplicate symbol name');
    names.add(raw.name);
    const { shndx, ...rest } = raw;
    if (shndx === SHN_UNDEF) {
      if (!raw.global) throw bad('undefined symbol is not global');
      return { ...rest, section: null };
    }
    const target = code.get(shndx);
    if (target === undefined) throw bad(`section index ${shndx} is not a text, rodata, data or bss section`);
    if (raw.value + raw.size > target.raw.size) throw bad(`value ${raw.value} + size ${raw.size} extends past its section`);
    return { ...rest, section: target.sec.name };
  });

  const relocated = new Set<number>();
  for (const s of relas) {
    if (s.flags !== SHF_INFO_LINK) throw badSection(s, `flags ${hex(s.flags)} are not SHF_INFO_LINK`);
    if (s.link !== symtab.index) throw badSection(s, `link ${s.link} is not the symbol table`);
    if (s.entsize !== RELA_SIZE || s.size % RELA_SIZE !== 0) throw badSection(s, `entry size ${s.entsize} / size ${s.size} is not Elf32_Rela`);
    const target = code.get(s.info);
    if (target === undefined || target.sec.kind === 'bss') throw badSection(s, `target section ${s.info} cannot take relocations`);
    if (relocated.has(s.info)) throw badSection(s, `second relocation section for section ${s.info}`);
    relocated.add(s.info);
    target.sec.relocs = readRelocs(r, s, target.sec, symbols);
  }

  const lines: LineEntry[] = [];
  const linesSection = findUnique(r, all, SHT_PROGBITS, LINES_SECTION);
  if (linesSection !== undefined && linesSection.flags === 0) {
    for (const [i, l] of decodeLines(sectionBytes(r, linesSection), path).entries()) {
      const target = code.get(l.shndx);
      if (target === undefined) throw new LinkError('elf-bad-lines', path, `line entry ${i}: section index ${l.shndx} is not a code or data section`);
      if (l.offset > target.raw.size) throw new LinkError('elf-bad-lines', path, `line entry ${i}: offset ${l.offset} lies outside '${target.sec.name}'`);
      lines.push({ section: target.sec.name, offset: l.offset, file: l.file, line: l.line, col: l.col });
    }
  }

  return { arch: h.arch, sections: [...code.values()].map((c) => c.sec), symbols, lines };
}

function readRelocs(r: ByteReader, s: RawSection, target: ObjSection, symbols: readonly ObjSymbol[]): Reloc[] {
  const out: Reloc[] = [];
  for (let i = 0; i < s.size / RELA_SIZE; i++) {
    const at = s.offset + i * RELA_SIZE;
    const what = `relocation ${i} in '${s.name}'`;
    const offset = r.u32(at, what);
    const info = r.u32(at + 4, what);
    const addend = r.i32(at + 8, what);
    const type = info & 0xff;
    const symIndex = info >>> 8;
    const bad = (why: string): LinkError => new LinkError('elf-bad-reloc', r.path, `${what}: ${why}`);
    if (!isRelocType(type)) throw bad(`unknown type ${type}`);
    const sym = symbols[symIndex - 1];
    if (symIndex === 0 || sym === undefined) throw bad(`symbol index ${symIndex} is out of range`);
    if (offset + relocWidth(type) > target.size) throw bad(`${relocName(type)} at offset ${offset} lies outside the ${target.size}-byte section`);
    out.push({ offset, type, symbol: sym.name, addend });
  }
  return out;
}
