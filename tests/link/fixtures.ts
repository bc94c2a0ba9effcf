// Hand-built objects for the linker tests (there is no assembler to produce them yet), plus
// small helpers to poke at ELF bytes.
import { expect } from 'vitest';
import { LinkError, type LinkErrorCode } from '../../compiler/link/errors.ts';
import {
  RelocType,
  type Arch,
  type LineEntry,
  type ObjectFile,
  type ObjSection,
  type ObjSymbol,
  type Reloc,
  type SectionKind,
  type SymbolType,
} from '../../compiler/link/object.ts';

export function section(name: string, kind: Exclude<SectionKind, 'bss'>, bytes: ArrayLike<number>, relocs: Reloc[] = [], align = 4): ObjSection {
  const data = Uint8Array.from(bytes);
  return { name, kind, align, data, size: data.length, relocs };
}

export function bss(name: string, size: number, align = 4): ObjSection {
  return { name, kind: 'bss', align, data: new Uint8Array(0), size, relocs: [] };
}

export function sym(name: string, sectionName: string | null, value = 0, opts: { global?: boolean; size?: number; type?: SymbolType } = {}): ObjSymbol {
  return { name, section: sectionName, value, global: opts.global ?? sectionName === null, size: opts.size ?? 0, type: opts.type ?? 'none' };
}

export function extern(name: string): ObjSymbol {
  return sym(name, null, 0, { global: true });
}

export function reloc(offset: number, type: RelocType, symbol: string, addend = 0): Reloc {
  return { offset, type, symbol, addend };
}

export function object(arch: Arch, sections: ObjSection[], symbols: ObjSymbol[], lines: LineEntry[] = []): ObjectFile {
  return { arch, sections, symbols, lines };
}

export function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

export function le32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

export function setLe32(bytes: Uint8Array, offset: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(offset, v >>> 0, true);
}

export function setLe16(bytes: Uint8Array, offset: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint16(offset, v, true);
}

/** File offset of the section header of the section called `name` in an ELF32 LE file. */
export function sectionHeaderOffset(bytes: Uint8Array, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = view.getUint32(32, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  const strOff = view.getUint32(shoff + shstrndx * 40 + 16, true);
  const decoder = new TextDecoder();
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * 40;
    const nameAt = strOff + view.getUint32(at, true);
    const nameEnd = bytes.indexOf(0, nameAt);
    if (decoder.decode(bytes.subarray(nameAt, nameEnd)) === name) return at;
  }
  throw new Error(`no section '${name}'`);
}

/** File offset of the contents of section `name`. */
export function sectionOffset(bytes: Uint8Array, name: string): number {
  return le32(bytes, sectionHeaderOffset(bytes, name) + 16);
}

/** Runs `fn`, expecting a LinkError with `code` whose message mentions every string in `mentions`. */
export function expectLinkError(fn: () => unknown, code: LinkErrorCode, ...mentions: string[]): LinkError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected LinkError ${code}`).toBeInstanceOf(LinkError);
  const err = caught as LinkError;
  expect(err.code, err.message).toBe(code);
  for (const m of mentions) expect(err.message).toContain(m);
  return err;
}

/** Deterministic PRNG (mulberry32), so fuzz failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A two-object arm program: main.o's text calls and loads from lib.o, lib.o's data points back
 * at main.o's code. Used by several test files as a realistic input.
 */
export function sampleProgram(): { main: ObjectFile; lib: ObjectFile } {
  const main = object(
    'arm',
    [
      section('.text', 'text', [...zeros(4), 0x00, 0x00, 0x00, 0xeb, 0x00, 0x00, 0x00, 0xe3, 0x00, 0x00, 0x40, 0xe3, ...zeros(4)], [
        reloc(4, RelocType.ARM_B24, 'helper', -8),
        reloc(8, RelocType.ARM_MOVW, 'counter'),
        reloc(12, RelocType.ARM_MOVT, 'counter'),
      ]),
      section('.rodata', 'rodata', [0x68, 0x69, 0x00, 0x00]),
    ],
    [
      sym('_start', '.text', 0, { global: true, type: 'func', size: 20 }),
      sym('greeting', '.rodata', 0, { size: 3, type: 'object' }),
      extern('helper'),
      extern('counter'),
    ],
    [
      { section: '.text', offset: 0, file: 'main.fin', line: 1, col: 1 },
      { section: '.text', offset: 8, file: 'main.fin', line: 2, col: 5 },
    ],
  );
  const lib = object(
    'arm',
    [
      section('.text', 'text', [0x1e, 0xff, 0x2f, 0xe1]),
      section('.data', 'data', zeros(8), [reloc(0, RelocType.ABS32, '_start'), reloc(4, RelocType.ABS32, 'scratch', 4)]),
      bss('.bss', 64, 8),
    ],
    [
      sym('helper', '.text', 0, { global: true, type: 'func', size: 4 }),
      sym('counter', '.bss', 0, { global: true, type: 'object', size: 4 }),
      sym('scratch', '.bss', 8, { type: 'object', size: 56 }),
      sym('table', '.data', 0, { global: true, type: 'object', size: 8 }),
      extern('_start'),
    ],
    [{ section: '.text', offset: 0, file: 'lib/ü.fin', line: 10, col: 3 }],
  );
  return { main, lib };
}
