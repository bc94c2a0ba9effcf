// The static linker: lays out the sections of several objects (layout.ts), resolves symbols,
// applies relocations, and produces an Executable with text (r-x), rodata (r--) and data+bss
// (rw-) segments.
import { hex, isU32 } from './bytes.ts';
import { PAGE_SIZE } from './elf-consts.ts';
import { LinkError } from './errors.ts';
import { GROUP_ORDER, layout, type Layout, type Range } from './layout.ts';
import type { Executable, ExeLine, ExeSymbol, ObjectFile, SectionKind, Segment } from './object.ts';
import { applyReloc, relocName } from './reloc.ts';
import { validateObject } from './validate.ts';

export interface LinkOptions {
  /** entry symbol, a global defined in some object; default '_start' */
  entry?: string;
  /** address of the first byte of the image, page aligned; default 0x00100000 */
  base?: number;
  /** names of the objects, parallel to the objects array, for error messages */
  paths?: string[];
}

export const DEFAULT_ENTRY = '_start';
export const DEFAULT_BASE = 0x00100000;
/** Used in messages about the link as a whole rather than one input. */
const LINK_PATH = '<link>';

/** Symbols the linker supplies when an object references them without any object defining them. */
export const LINKER_SYMBOLS = ['__bss_start', '__bss_end', '__end'] as const;
type LinkerSymbol = (typeof LINKER_SYMBOLS)[number];

interface GlobalDef {
  addr: number;
  obj: number;
}

export function link(objects: ObjectFile[], opts: LinkOptions = {}): Executable {
  const entryName = opts.entry ?? DEFAULT_ENTRY;
  const base = opts.base ?? DEFAULT_BASE;
  const pathOf = (i: number): string => opts.paths?.[i] ?? `<object ${i}>`;
  if (!isU32(base) || base % PAGE_SIZE !== 0) throw new LinkError('invalid-option', LINK_PATH, `base ${base} is not a page-aligned 32-bit address`);
  if (typeof entryName !== 'string' || entryName === '') throw new LinkError('invalid-option', LINK_PATH, 'entry symbol name is empty');
  if (objects.length === 0) throw new LinkError('no-input', LINK_PATH, 'no objects to link');
  objects.forEach((o, i) => validateObject(o, pathOf(i)));
  const arch = objects[0]!.arch;
  objects.forEach((o, i) => {
    if (o.arch !== arch) throw new LinkError('arch-mismatch', pathOf(i), `is ${o.arch} code but ${pathOf(0)} is ${arch}`);
  });

  const lay = layout(objects, base);
  if (lay.end >= 2 ** 32) throw new LinkError('image-too-large', LINK_PATH, `image from ${hex(base)} does not fit in the 32-bit address space`);
  const { addrs } = lay;

  const globals = new Map<string, GlobalDef>();
  objects.forEach((o, i) => {
    for (const s of o.symbols) {
      if (!s.global || s.section === null) continue;
      const prev = globals.get(s.name);
      if (prev !== undefined) {
        throw new LinkError('duplicate-symbol', pathOf(i), `global symbol '${s.name}' is defined both here and in ${pathOf(prev.obj)}`);
      }
      globals.set(s.name, { addr: addrs[i]!.get(s.section)! + s.value, obj: i });
    }
  });

  const linkerValues: Record<LinkerSymbol, number> = {
    __bss_start: lay.groups.bss.start,
    __bss_end: lay.groups.bss.end,
    __end: lay.end,
  };
  const provided = new Set<LinkerSymbol>();

  // Resolve every symbol a relocation uses before patching anything, so that all undefined
  // symbols are reported together instead of one per attempt.
  const resolved = objects.map(() => new Map<string, number>());
  const missing = new Set<string>();
  let firstMissing = -1;
  objects.forEach((o, i) => {
    const own = new Map(o.symbols.map((s) => [s.name, s]));
    for (const sec of o.sections) {
      for (const r of sec.relocs) {
        if (resolved[i]!.has(r.symbol)) continue;
        const sym = own.get(r.symbol)!;
        let addr: number | undefined;
        if (sym.section !== null) addr = addrs[i]!.get(sym.section)! + sym.value;
        else addr = globals.get(r.symbol)?.addr ?? linkerSymbol(r.symbol, linkerValues, provided);
        if (addr === undefined) {
          const text = `'${r.symbol}' (referenced from ${pathOf(i)})`;
          missing.add(text);
          if (firstMissing < 0) firstMissing = i;
          continue;
        }
        resolved[i]!.set(r.symbol, addr);
      }
    }
  });
  if (missing.size > 0) {
    throw new LinkError('undefined-symbol', pathOf(firstMissing), `undefined symbol${missing.size > 1 ? 's' : ''} ${[...missing].join(', ')}`);
  }

  const images = buildImages(objects, lay);
  objects.forEach((o, i) => {
    for (const sec of o.sections) {
      if (sec.relocs.length === 0) continue;
      const secAddr = addrs[i]!.get(sec.name)!;
      const img = images[sec.kind]!;
      for (const r of sec.relocs) {
        const P = secAddr + r.offset;
        const failure = applyReloc(img.bytes, P - img.start, r.type, resolved[i]!.get(r.symbol)!, r.addend, P);
        if (failure !== undefined) {
          throw new LinkError(failure.code, pathOf(i), `${relocName(r.type)} relocation at ${sec.name}+${hex(r.offset)} against '${r.symbol}': ${failure.detail}`);
        }
      }
    }
  });

  const segments = buildSegments(lay, images);
  const entry = globals.get(entryName);
  if (entry === undefined) {
    const local = objects.findIndex((o) => o.symbols.some((s) => s.name === entryName && s.section !== null));
    const hint = local >= 0 ? ` (${pathOf(local)} defines it, but not as a global)` : '';
    throw new LinkError('no-entry', LINK_PATH, `entry symbol '${entryName}' is not defined${hint}`);
  }
  if (!segments.some((s) => s.flags.x && entry.addr >= s.vaddr && entry.addr < s.vaddr + s.memsz)) {
    throw new LinkError('bad-entry', pathOf(entry.obj), `entry symbol '${entryName}' at ${hex(entry.addr)} is not in a text section`);
  }

  return { arch, entry: entry.addr, segments, symbols: exeSymbols(objects, addrs, linkerValues, provided), lines: exeLines(objects, addrs) };
}

function linkerSymbol(name: string, values: Record<LinkerSymbol, number>, provided: Set<LinkerSymbol>): number | undefined {
  const known = LINKER_SYMBOLS.find((n) => n === name);
  if (known === undefined) return undefined;
  provided.add(known);
  return values[known];
}

interface Image {
  start: number;
  bytes: Uint8Array;
}

/** The initialised contents of each non-bss group, with section bytes copied into place. */
function buildImages(objects: readonly ObjectFile[], lay: Layout): Partial<Record<SectionKind, Image>> {
  const images: Partial<Record<SectionKind, Image>> = {};
  for (const kind of GROUP_ORDER) {
    if (kind === 'bss') continue;
    const { start, end } = lay.groups[kind];
    images[kind] = { start, bytes: new Uint8Array(end - start) };
  }
  objects.forEach((o, i) => {
    for (const s of o.sections) {
      const img = images[s.kind];
      if (img !== undefined) img.bytes.set(s.data, lay.addrs[i]!.get(s.name)! - img.start);
    }
  });
  return images;
}

function buildSegments(lay: Layout, images: Partial<Record<SectionKind, Image>>): Segment[] {
  const { text, rodata, data, bss } = lay.groups;
  const size = (g: Range): number => g.end - g.start;
  const segments: Segment[] = [];
  if (size(text) > 0) {
    segments.push({ name: 'text', vaddr: text.start, data: images.text!.bytes, memsz: size(text), flags: { r: true, w: false, x: true } });
  }
  if (size(rodata) > 0) {
    segments.push({ name: 'rodata', vaddr: rodata.start, data: images.rodata!.bytes, memsz: size(rodata), flags: { r: true, w: false, x: false } });
  }
  if (size(data) + size(bss) > 0) {
    // one writable segment; the gap up to bss's page and bss itself are zero-filled memory
    const start = size(data) > 0 ? data.start : bss.start;
    const end = size(bss) > 0 ? bss.end : data.end;
    segments.push({ name: 'data', vaddr: start, data: images.data!.bytes, memsz: end - start, flags: { r: true, w: true, x: false } });
  }
  return segments;
}

function exeSymbols(
  objects: readonly ObjectFile[],
  addrs: readonly Map<string, number>[],
  linkerValues: Record<LinkerSymbol, number>,
  provided: ReadonlySet<LinkerSymbol>,
): ExeSymbol[] {
  const defined = (global: boolean): ExeSymbol[] =>
    objects.flatMap((o, i) =>
      o.symbols
        .filter((s) => s.global === global && s.section !== null)
        .map((s) => ({ name: s.name, value: addrs[i]!.get(s.section!)! + s.value, size: s.size, type: s.type, global })),
    );
  // locals first, as in the ELF symbol table, so the result survives a write/read round trip
  return [
    ...defined(false),
    ...defined(true),
    ...LINKER_SYMBOLS.filter((n) => provided.has(n)).map((name): ExeSymbol => ({ name, value: linkerValues[name], size: 0, type: 'none', global: true })),
  ];
}

function exeLines(objects: readonly ObjectFile[], addrs: readonly Map<string, number>[]): ExeLine[] {
  const lines = objects.flatMap((o, i) =>
    o.lines.map((l): ExeLine => ({ addr: addrs[i]!.get(l.section)! + l.offset, file: l.file, line: l.line, col: l.col })),
  );
  // Array.prototype.sort is stable, so entries at one address keep their object order
  return lines.sort((a, b) => a.addr - b.addr);
}
