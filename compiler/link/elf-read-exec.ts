// Validating reader for ET_EXEC files. The program headers are authoritative (they are what a
// loader maps); section headers are optional, but when present they must agree with the
// segments, and they supply segment names, symbols and the line table.
import { ByteReader, hex, isPowerOfTwo } from './bytes.ts';
import {
  ET_EXEC,
  LINES_SECTION,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
} from './elf-consts.ts';
import { parseHeader, parseSections, sectionBytes, type RawSection } from './elf-parse.ts';
import { decodeSymtab } from './elf-symtab.ts';
import { LinkError, NO_PATH } from './errors.ts';
import { decodeLines } from './lines.ts';
import type { Executable, ExeLine, ExeSymbol, Segment } from './object.ts';

interface RawSegment {
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

function readSegments(r: ByteReader, phoff: number, phnum: number): RawSegment[] {
  const out: RawSegment[] = [];
  let prevEnd = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE;
    const what = `program header ${i}`;
    const bad = (why: string): LinkError => new LinkError('elf-bad-segment', r.path, `${what}: ${why}`);
    const type = r.u32(at, what);
    const seg = {
      offset: r.u32(at + 4, what),
      vaddr: r.u32(at + 8, what),
      filesz: r.u32(at + 16, what),
      memsz: r.u32(at + 20, what),
      flags: r.u32(at + 24, what),
    };
    const paddr = r.u32(at + 12, what);
    const align = r.u32(at + 28, what);
    if (type !== PT_LOAD) throw bad(`type ${type} is not PT_LOAD`);
    if (paddr !== seg.vaddr) throw bad(`physical address ${hex(paddr)} differs from virtual address ${hex(seg.vaddr)}`);
    if ((seg.flags & ~(PF_R | PF_W | PF_X)) !== 0) throw bad(`unknown flags ${hex(seg.flags)}`);
    if (seg.memsz === 0) throw bad('empty segment');
    if (seg.filesz > seg.memsz) throw bad(`file size ${seg.filesz} exceeds memory size ${seg.memsz}`);
    if (seg.vaddr + seg.memsz > 2 ** 32) throw bad('runs past the end of the 32-bit address space');
    if (align > 1 && (!isPowerOfTwo(align) || seg.offset % align !== seg.vaddr % align)) {
      throw bad(`file offset ${hex(seg.offset)} and address ${hex(seg.vaddr)} disagree modulo alignment ${align}`);
    }
    if (seg.vaddr < prevEnd) throw bad('overlaps or precedes the previous segment');
    prevEnd = seg.vaddr + seg.memsz;
    r.need(seg.offset, seg.filesz, `contents of ${what}`);
    out.push(seg);
  }
  return out;
}

/** Index of the last segment whose vaddr is <= addr, or -1. */
function lastStartingAtOrBelow(segments: readonly RawSegment[], addr: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.vaddr <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Fallback segment name when no section header names it. */
function flagName(flags: number): string {
  if (flags & PF_X) return 'text';
  if (flags & PF_W) return 'data';
  return 'rodata';
}

/** The section flags a section inside a segment with these program header flags must carry. */
function expectedSectionFlags(flags: number): number {
  return SHF_ALLOC | (flags & PF_W ? SHF_WRITE : 0) | (flags & PF_X ? SHF_EXECINSTR : 0);
}

export function readExecutable(bytes: Uint8Array, path: string = NO_PATH): Executable {
  const r = new ByteReader(bytes, path);
  const h = parseHeader(r, ET_EXEC);
  if (h.phnum === 0) throw new LinkError('elf-bad-segment', path, 'no program headers');
  const raw = readSegments(r, h.phoff, h.phnum);
  if (!raw.some((s) => s.flags & PF_X && h.entry >= s.vaddr && h.entry < s.vaddr + s.memsz)) {
    throw new LinkError('elf-bad-entry', path, `entry ${hex(h.entry)} is not inside an executable segment`);
  }

  const sections = parseSections(r, h);
  const names: (string | undefined)[] = raw.map(() => undefined);
  let symtab: RawSection | undefined;
  let lines: RawSection | undefined;
  for (const s of sections.slice(1)) {
    const bad = (why: string): LinkError => new LinkError('elf-bad-section', path, `section ${s.index} '${s.name}': ${why}`);
    if (s.type === SHT_PROGBITS && s.flags === 0 && s.name === LINES_SECTION) {
      if (lines !== undefined) throw bad('second line table');
      lines = s;
    } else if (s.type === SHT_PROGBITS || s.type === SHT_NOBITS) {
      const end = s.addr + s.size;
      // Segments are sorted and disjoint, so only the last one starting at or below the
      // section, and for an empty section on a boundary the one before it, can contain it.
      const last = lastStartingAtOrBelow(raw, s.addr);
      const fits = [last - 1, last].filter((i) => {
        const g = raw[i];
        if (g === undefined) return false;
        return s.type === SHT_NOBITS
          ? s.addr >= g.vaddr && end <= g.vaddr + g.memsz
          : s.addr >= g.vaddr && end <= g.vaddr + g.filesz && s.offset - g.offset === s.addr - g.vaddr;
      });
      if (fits.length === 0) throw bad(`[${hex(s.addr)}, ${hex(end)}) is not inside a loaded segment's ${s.type === SHT_NOBITS ? 'memory' : 'file image'}`);
      // an empty section on the boundary of two adjacent segments fits both; flags and start
      // address say which one it belongs to
      const agreeing = fits.filter((i) => s.flags === expectedSectionFlags(raw[i]!.flags));
      if (agreeing.length === 0) throw bad(`flags ${hex(s.flags)} disagree with its segment's flags`);
      const segIndex = agreeing.find((i) => raw[i]!.vaddr === s.addr) ?? agreeing[0]!;
      if (s.type === SHT_PROGBITS && s.addr === raw[segIndex]!.vaddr && names[segIndex] === undefined && s.name.length > 1 && s.name.startsWith('.')) {
        names[segIndex] = s.name.slice(1);
      }
    } else if (s.type === SHT_SYMTAB) {
      if (symtab !== undefined) throw bad('second symbol table');
      symtab = s;
    } else if (s.type !== SHT_STRTAB) {
      throw bad(`unsupported section type ${s.type}`);
    }
  }

  const used = new Set<string>();
  const segments: Segment[] = raw.map((g, i) => {
    let name = names[i];
    if (name === undefined) {
      name = flagName(g.flags);
      if (used.has(name)) name = `${name}${i}`;
    }
    if (used.has(name)) throw new LinkError('elf-bad-section', path, `two segments are named '${name}'`);
    used.add(name);
    return {
      name,
      vaddr: g.vaddr,
      data: r.slice(g.offset, g.filesz, `contents of segment '${name}'`),
      memsz: g.memsz,
      flags: { r: (g.flags & PF_R) !== 0, w: (g.flags & PF_W) !== 0, x: (g.flags & PF_X) !== 0 },
    };
  });

  const symbols: ExeSymbol[] =
    symtab === undefined
      ? []
      : decodeSymtab(r, sections, symtab).map((s, i) => {
          const bad = (why: string): LinkError => new LinkError('elf-bad-symbol', path, `symbol ${i + 1} '${s.name}': ${why}`);
          if (s.shndx === SHN_UNDEF) throw bad('executables cannot have undefined symbols');
          if (s.shndx !== SHN_ABS) {
            const sec = sections[s.shndx];
            if (sec === undefined || (sec.flags & SHF_ALLOC) === 0) throw bad(`section index ${s.shndx} is not a loaded section`);
            if (s.value < sec.addr || s.value >= sec.addr + sec.size) throw bad(`value ${hex(s.value)} lies outside its section '${sec.name}'`);
          }
          return { name: s.name, value: s.value, size: s.size, type: s.type, global: s.global };
        });

  const lineEntries: ExeLine[] =
    lines === undefined
      ? []
      : decodeLines(sectionBytes(r, lines), path).map((l, i) => {
          if (l.shndx !== SHN_ABS) throw new LinkError('elf-bad-lines', path, `line entry ${i}: section index ${l.shndx} is not SHN_ABS`);
          return { addr: l.offset, file: l.file, line: l.line, col: l.col };
        });

  return { arch: h.arch, entry: h.entry, segments, symbols, lines: lineEntries };
}
