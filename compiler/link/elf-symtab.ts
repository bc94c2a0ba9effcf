// .symtab/.strtab encoding shared by objects and executables. ELF requires all local symbols to
// precede the globals, with the symtab's sh_info holding the index of the first global; callers
// pass symbols already in that order.
import { ByteReader, ByteSink } from './bytes.ts';
import { SHT_STRTAB, STB_GLOBAL, STB_LOCAL, STT_FUNC, STT_NOTYPE, STT_OBJECT, SYM_SIZE } from './elf-consts.ts';
import type { RawSection } from './elf-parse.ts';
import { LinkError } from './errors.ts';
import type { SymbolType } from './object.ts';
import { readString, StringTableBuilder } from './strtab.ts';

export interface RawSymbol {
  name: string;
  value: number;
  size: number;
  type: SymbolType;
  global: boolean;
  shndx: number;
}

const STT_OF: Readonly<Record<SymbolType, number>> = { none: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC };
const TYPE_OF: Readonly<Record<number, SymbolType>> = { [STT_NOTYPE]: 'none', [STT_OBJECT]: 'object', [STT_FUNC]: 'func' };

/** Stable partition: locals first. Both readers return symbols in this order. */
export function localsFirst<T extends { global: boolean }>(syms: readonly T[]): T[] {
  return [...syms.filter((s) => !s.global), ...syms.filter((s) => s.global)];
}

export interface EncodedSymtab {
  symtab: Uint8Array;
  strtab: Uint8Array;
  /** sh_info of .symtab */
  firstGlobal: number;
}

/** Encodes `syms` (locals first) after the mandatory null symbol; symbol i gets index i + 1. */
export function encodeSymtab(syms: readonly RawSymbol[]): EncodedSymtab {
  const strings = new StringTableBuilder();
  const out = new ByteSink();
  for (let i = 0; i < SYM_SIZE; i++) out.u8(0);
  let firstGlobal = syms.length + 1;
  syms.forEach((s, i) => {
    if (s.global && firstGlobal > syms.length) firstGlobal = i + 1;
    out.u32(strings.add(s.name));
    out.u32(s.value);
    out.u32(s.size);
    out.u8(((s.global ? STB_GLOBAL : STB_LOCAL) << 4) | STT_OF[s.type]);
    out.u8(0); // st_other: default visibility
    out.u16(s.shndx);
  });
  return { symtab: out.finish(), strtab: strings.finish(), firstGlobal };
}

/** Decodes a SHT_SYMTAB section (without its null symbol). Section indices are left to the caller. */
export function decodeSymtab(r: ByteReader, sections: readonly RawSection[], symtab: RawSection): RawSymbol[] {
  const { path } = r;
  const bad = (why: string): LinkError => new LinkError('elf-bad-symbol', path, why);
  if (symtab.entsize !== SYM_SIZE) throw new LinkError('elf-bad-section', path, `.symtab entry size ${symtab.entsize} is not ${SYM_SIZE}`);
  if (symtab.size % SYM_SIZE !== 0 || symtab.size === 0) {
    throw new LinkError('elf-bad-section', path, `.symtab size ${symtab.size} is not a non-zero multiple of ${SYM_SIZE}`);
  }
  const strtab = sections[symtab.link];
  if (symtab.link === 0 || strtab === undefined || strtab.type !== SHT_STRTAB) {
    throw new LinkError('elf-bad-section', path, `.symtab link ${symtab.link} is not a string table`);
  }
  const count = symtab.size / SYM_SIZE;
  if (symtab.info < 1 || symtab.info > count) throw new LinkError('elf-bad-section', path, `.symtab first-global index ${symtab.info} is out of range`);
  const names = r.bytes.subarray(strtab.offset, strtab.offset + strtab.size);

  for (let b = 0; b < SYM_SIZE; b++) {
    if (r.u8(symtab.offset + b, 'null symbol') !== 0) throw bad('symbol 0 is not the null symbol');
  }
  const out: RawSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const at = symtab.offset + i * SYM_SIZE;
    const what = `symbol ${i}`;
    const info = r.u8(at + 12, what);
    const bind = info >> 4;
    const stt = info & 0xf;
    const type = TYPE_OF[stt];
    if (bind !== STB_LOCAL && bind !== STB_GLOBAL) throw bad(`${what}: unsupported binding ${bind}`);
    if (type === undefined) throw bad(`${what}: unsupported type ${stt}`);
    const global = bind === STB_GLOBAL;
    if (global !== i >= symtab.info) throw bad(`${what}: ${global ? 'global' : 'local'} symbol on the wrong side of .symtab sh_info ${symtab.info}`);
    const other = r.u8(at + 13, what);
    if (other !== 0) throw bad(`${what}: unsupported st_other ${other}`);
    const name = readString(names, r.u32(at, what), path, `${what} name`);
    if (name === '') throw bad(`${what} has no name`);
    out.push({ name, value: r.u32(at + 4, what), size: r.u32(at + 8, what), type, global, shndx: r.u16(at + 14, what) });
  }
  return out;
}
