// Invariant checks for in-memory models. The writers run them so a buggy producer is caught when
// it builds a file rather than when some later reader rejects it, and the linker runs them so
// it can index sections and symbols by name without re-checking.
import { isI32, isPowerOfTwo, isU32 } from './bytes.ts';
import { RESERVED_SECTIONS } from './elf-consts.ts';
import { LinkError } from './errors.ts';
import type { Arch, Executable, ObjectFile, SectionKind, SymbolType } from './object.ts';
import { isRelocType, relocName, relocWidth } from './reloc.ts';
import { unstorable } from './strtab.ts';

const ARCHES: readonly Arch[] = ['x86', 'arm'];
const KINDS: readonly SectionKind[] = ['text', 'rodata', 'data', 'bss'];
const SYMBOL_TYPES: readonly SymbolType[] = ['func', 'object', 'none'];

function checkName(fail: (why: string) => never, what: string, name: unknown): void {
  if (typeof name !== 'string' || name === '') fail(`${what} must be a non-empty string`);
  const why = unstorable(name);
  if (why !== undefined) fail(`${what} '${name}' ${why}`);
}

function checkString(fail: (why: string) => never, what: string, s: unknown): void {
  if (typeof s !== 'string') fail(`${what} must be a string`);
  const why = unstorable(s);
  if (why !== undefined) fail(`${what} ${why}`);
}

export function validateObject(obj: ObjectFile, path: string): void {
  const fail: (why: string) => never = (why) => {
    throw new LinkError('invalid-object', path, why);
  };
  if (!ARCHES.includes(obj.arch)) fail(`unknown arch '${String(obj.arch)}'`);

  const sizes = new Map<string, number>();
  for (const s of obj.sections) {
    checkName(fail, 'section name', s.name);
    if (sizes.has(s.name)) fail(`duplicate section '${s.name}'`);
    if (RESERVED_SECTIONS.includes(s.name)) fail(`section name '${s.name}' is reserved for the ELF writer`);
    if (!KINDS.includes(s.kind)) fail(`section '${s.name}' has unknown kind '${String(s.kind)}'`);
    if (!isPowerOfTwo(s.align)) fail(`section '${s.name}' alignment ${s.align} is not a power of two`);
    if (!(s.data instanceof Uint8Array)) fail(`section '${s.name}' data is not a Uint8Array`);
    if (!isU32(s.size)) fail(`section '${s.name}' size ${s.size} is not a 32-bit unsigned integer`);
    if (s.kind === 'bss') {
      if (s.data.length !== 0) fail(`bss section '${s.name}' must have empty data`);
      if (s.relocs.length !== 0) fail(`bss section '${s.name}' cannot have relocations`);
    } else if (s.size !== s.data.length) {
      fail(`section '${s.name}' size ${s.size} differs from its ${s.data.length} data bytes`);
    }
    sizes.set(s.name, s.size);
  }

  const names = new Set<string>();
  for (const sym of obj.symbols) {
    checkName(fail, 'symbol name', sym.name);
    if (names.has(sym.name)) fail(`duplicate symbol '${sym.name}'`);
    names.add(sym.name);
    if (!SYMBOL_TYPES.includes(sym.type)) fail(`symbol '${sym.name}' has unknown type '${String(sym.type)}'`);
    if (typeof sym.global !== 'boolean') fail(`symbol '${sym.name}' global flag is not a boolean`);
    if (!isU32(sym.value) || !isU32(sym.size)) fail(`symbol '${sym.name}' value/size must be 32-bit unsigned integers`);
    if (sym.section === null) {
      // an undefined symbol only means something if another object can supply it
      if (!sym.global) fail(`undefined symbol '${sym.name}' must be global`);
      continue;
    }
    const size = sizes.get(sym.section);
    if (size === undefined) fail(`symbol '${sym.name}' refers to unknown section '${sym.section}'`);
    else if (sym.value + sym.size > size) {
      fail(`symbol '${sym.name}' (value ${sym.value}, size ${sym.size}) extends past the ${size}-byte section '${sym.section}'`);
    }
  }

  for (const s of obj.sections) {
    for (const r of s.relocs) {
      if (!isRelocType(r.type)) fail(`relocation in '${s.name}' has unknown type ${String(r.type)}`);
      const where = `${relocName(r.type)} relocation at ${s.name}+${r.offset}`;
      if (!isU32(r.offset) || r.offset + relocWidth(r.type) > s.size) fail(`${where} lies outside the ${s.size}-byte section`);
      if (!isI32(r.addend)) fail(`${where} addend ${r.addend} is not a signed 32-bit integer`);
      if (!names.has(r.symbol)) fail(`${where} refers to symbol '${r.symbol}' missing from the symbol list`);
    }
  }

  for (const l of obj.lines) {
    const size = sizes.get(l.section);
    if (size === undefined) fail(`line entry refers to unknown section '${l.section}'`);
    else if (!isU32(l.offset) || l.offset > size) fail(`line entry offset ${l.offset} lies outside section '${l.section}'`);
    checkString(fail, 'line entry file name', l.file);
    if (!isU32(l.line) || !isU32(l.col)) fail(`line entry line/col must be 32-bit unsigned integers`);
  }
}

export function validateExecutable(exe: Executable, path: string): void {
  const fail: (why: string) => never = (why) => {
    throw new LinkError('invalid-executable', path, why);
  };
  if (!ARCHES.includes(exe.arch)) fail(`unknown arch '${String(exe.arch)}'`);
  if (!isU32(exe.entry)) fail(`entry ${exe.entry} is not a 32-bit address`);

  const names = new Set<string>();
  let prevEnd = 0;
  for (const seg of exe.segments) {
    checkName(fail, 'segment name', seg.name);
    if (names.has(seg.name)) fail(`duplicate segment '${seg.name}'`);
    names.add(seg.name);
    if (!(seg.data instanceof Uint8Array)) fail(`segment '${seg.name}' data is not a Uint8Array`);
    if (!isU32(seg.vaddr) || !isU32(seg.memsz)) fail(`segment '${seg.name}' vaddr/memsz must be 32-bit unsigned integers`);
    if (seg.memsz === 0) fail(`segment '${seg.name}' is empty`);
    if (seg.data.length > seg.memsz) fail(`segment '${seg.name}' has ${seg.data.length} data bytes but memsz ${seg.memsz}`);
    if (seg.vaddr + seg.memsz > 2 ** 32) fail(`segment '${seg.name}' runs past the end of the 32-bit address space`);
    if (seg.vaddr < prevEnd) fail(`segment '${seg.name}' overlaps or precedes the previous segment`);
    prevEnd = seg.vaddr + seg.memsz;
    const { r, w, x } = seg.flags;
    if (typeof r !== 'boolean' || typeof w !== 'boolean' || typeof x !== 'boolean') fail(`segment '${seg.name}' flags must be booleans`);
  }
  if (!exe.segments.some((s) => s.flags.x && exe.entry >= s.vaddr && exe.entry < s.vaddr + s.memsz)) {
    fail(`entry ${exe.entry} is not inside an executable segment`);
  }

  for (const sym of exe.symbols) {
    checkName(fail, 'symbol name', sym.name);
    if (!isU32(sym.value) || !isU32(sym.size)) fail(`symbol '${sym.name}' value/size must be 32-bit unsigned integers`);
    if (!SYMBOL_TYPES.includes(sym.type)) fail(`symbol '${sym.name}' has unknown type '${String(sym.type)}'`);
    if (typeof sym.global !== 'boolean') fail(`symbol '${sym.name}' global flag is not a boolean`);
  }

  for (const l of exe.lines) {
    if (!isU32(l.addr) || !isU32(l.line) || !isU32(l.col)) fail(`line entry addr/line/col must be 32-bit unsigned integers`);
    checkString(fail, 'line entry file name', l.file);
  }
}
