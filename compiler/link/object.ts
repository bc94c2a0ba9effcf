// The in-memory model of relocatable objects and linked executables. The assembler produces
// ObjectFile, the linker turns several into an Executable, and the VM loader consumes that; the
// ELF files on disk are just a faithful serialisation of these values.

export type Arch = 'x86' | 'arm';
export type SectionKind = 'text' | 'rodata' | 'data' | 'bss';
export type SymbolType = 'func' | 'object' | 'none';

/** Relocation kinds. The numbers are the ELF r_type values written to .rela sections, so they
 *  are part of the file format and must never be renumbered. S = symbol address, A = addend,
 *  P = address of the patched field. */
export enum RelocType {
  /** 32-bit LE word = S + A */
  ABS32 = 1,
  /** 32-bit LE word = S + A - P; the assembler uses A = -4 to be relative to the field's end */
  X86_REL32 = 2,
  /** instruction bits 23..0 = (S + A - P) >> 2, signed 24-bit; bits 31..24 kept */
  ARM_B24 = 3,
  /** instruction bits 18..0 = (S + A - P) >> 2, signed 19-bit; bits 31..19 kept */
  ARM_B19 = 4,
  /** instruction bits 15..0 = (S + A) & 0xffff; bits 31..16 kept */
  ARM_MOVW = 5,
  /** instruction bits 15..0 = (S + A) >>> 16; bits 31..16 kept */
  ARM_MOVT = 6,
  /** 16-bit LE = S + A, which must fit 16 bits signed or unsigned */
  ABS16 = 7,
  /** 8-bit = S + A, which must fit 8 bits signed or unsigned */
  ABS8 = 8,
}

export interface Reloc {
  /** byte offset of the patched field within its section */
  offset: number;
  type: RelocType;
  /** name of a symbol in the same object's symbol list (defined there or undefined/extern) */
  symbol: string;
  /** signed 32-bit */
  addend: number;
}

export interface ObjSection {
  /** unique within the object; symbols and line entries refer to sections by name */
  name: string;
  kind: SectionKind;
  /** power of two, at least 1 */
  align: number;
  /** contents; empty for bss */
  data: Uint8Array;
  /** equals data.length except for bss */
  size: number;
  /** not allowed on bss sections */
  relocs: Reloc[];
}

export interface ObjSymbol {
  /** unique within the object */
  name: string;
  /** defining section's name; null = undefined (extern), which must be global */
  section: string | null;
  /** offset within the section (0 for undefined symbols) */
  value: number;
  global: boolean;
  size: number;
  type: SymbolType;
}

export interface LineEntry {
  section: string;
  offset: number;
  file: string;
  line: number;
  col: number;
}

export interface ObjectFile {
  arch: Arch;
  sections: ObjSection[];
  /** readObject returns locals first, then globals, each group in the order written */
  symbols: ObjSymbol[];
  lines: LineEntry[];
}

export interface Segment {
  name: string;
  vaddr: number;
  /** the initialised part, loaded at vaddr */
  data: Uint8Array;
  /** total size in memory; the bytes past data.length are zero-filled (bss) */
  memsz: number;
  flags: { r: boolean; w: boolean; x: boolean };
}

export interface ExeSymbol {
  name: string;
  /** absolute address */
  value: number;
  size: number;
  type: SymbolType;
  global: boolean;
}

export interface ExeLine {
  addr: number;
  file: string;
  line: number;
  col: number;
}

export interface Executable {
  arch: Arch;
  entry: number;
  /** ascending, non-overlapping */
  segments: Segment[];
  /** readExecutable returns locals first, then globals, each group in the order written */
  symbols: ExeSymbol[];
  /** sorted by address */
  lines: ExeLine[];
}
