import { describe, expect, it } from 'vitest';
import { archOf, isElf, readExecutable } from '../../compiler/link/elf-read.ts';
import { writeExecutable, writeObject } from '../../compiler/link/elf-write.ts';
import type { LinkErrorCode } from '../../compiler/link/errors.ts';
import { link } from '../../compiler/link/link.ts';
import type { Executable } from '../../compiler/link/object.ts';
import { expectLinkError, le32, sampleProgram, sectionHeaderOffset, sectionOffset, setLe16, setLe32 } from './fixtures.ts';

const PHDRS = 52;
const phdr = (i: number, field: number) => PHDRS + i * 32 + field;

function linked(): Executable {
  const { main, lib } = sampleProgram();
  return link([main, lib]);
}

/** A hand-built executable with an unusual segment name, a bss tail and symbols out of ELF order. */
function handBuilt(): Executable {
  return {
    arch: 'x86',
    entry: 0x8004,
    segments: [
      { name: 'boot', vaddr: 0x8000, data: Uint8Array.from([1, 2, 3, 4, 5, 6]), memsz: 0x20, flags: { r: true, w: true, x: true } },
      { name: 'tables', vaddr: 0x9100, data: new Uint8Array(0), memsz: 0x100, flags: { r: true, w: false, x: false } },
    ],
    symbols: [
      { name: 'entry', value: 0x8004, size: 2, type: 'func', global: true },
      { name: 'tail', value: 0x8010, size: 0, type: 'none', global: false },
      { name: 'end', value: 0x9200, size: 0, type: 'none', global: false },
    ],
    lines: [
      { addr: 0x8004, file: 'boot.S', line: 7, col: 1 },
      { addr: 0x8000, file: 'boot.S', line: 3, col: 1 },
    ],
  };
}

describe('executable round trip', () => {
  it('reads back a linked executable exactly', () => {
    const exe = linked();
    const bytes = writeExecutable(exe, 'a.out');
    expect(readExecutable(bytes, 'a.out')).toEqual(exe);
    expect(writeExecutable(readExecutable(bytes))).toEqual(bytes);
  });

  it('keeps segment names, bss tails and line order of hand-built executables; puts locals first', () => {
    const exe = handBuilt();
    const back = readExecutable(writeExecutable(exe));
    expect(back).toEqual({ ...exe, symbols: [exe.symbols[1], exe.symbols[2], exe.symbols[0]] });
  });

  it('maps every segment at a file offset congruent to its address', () => {
    const exe = linked();
    const bytes = writeExecutable(exe);
    expect(bytes[16]! | (bytes[17]! << 8)).toBe(2); // ET_EXEC
    expect(le32(bytes, 24)).toBe(exe.entry);
    expect(bytes[44]! | (bytes[45]! << 8)).toBe(exe.segments.length);
    exe.segments.forEach((seg, i) => {
      expect(le32(bytes, phdr(i, 0))).toBe(1); // PT_LOAD
      const offset = le32(bytes, phdr(i, 4));
      expect(offset % 4096).toBe(seg.vaddr % 4096);
      expect(le32(bytes, phdr(i, 8))).toBe(seg.vaddr);
      expect(le32(bytes, phdr(i, 12))).toBe(seg.vaddr);
      expect(le32(bytes, phdr(i, 16))).toBe(seg.data.length);
      expect(le32(bytes, phdr(i, 20))).toBe(seg.memsz);
      expect(le32(bytes, phdr(i, 28))).toBe(4096);
      expect(bytes.subarray(offset, offset + seg.data.length)).toEqual(seg.data);
    });
    expect(le32(bytes, phdr(0, 24))).toBe(5); // text: R|X
    expect(le32(bytes, phdr(1, 24))).toBe(4); // rodata: R
    expect(le32(bytes, phdr(2, 24))).toBe(6); // data: R|W
  });

  it('loads without section headers, naming segments from their flags', () => {
    const bytes = writeExecutable(linked());
    setLe32(bytes, 32, 0);
    setLe16(bytes, 48, 0);
    setLe16(bytes, 50, 0);
    const back = readExecutable(bytes);
    expect(back.segments.map((s) => s.name)).toEqual(['text', 'rodata', 'data']);
    expect(back.segments).toEqual(linked().segments);
    expect(back.symbols).toEqual([]);
    expect(back.lines).toEqual([]);
  });

  it('probes files cheaply', () => {
    const exe = writeExecutable(linked());
    expect(isElf(exe)).toBe(true);
    expect(isElf(Uint8Array.from([0x7f, 0x45, 0x4c]))).toBe(false);
    expect(archOf(exe)).toBe('arm');
    expect(archOf(writeObject(sampleProgram().main))).toBe('arm');
    expectLinkError(() => archOf(new Uint8Array(10), 'zeros.bin'), 'elf-bad-magic', 'zeros.bin');
  });
});

describe('writeExecutable rejects invalid models', () => {
  const cases: [string, (e: Executable) => void][] = [
    ['entry outside executable segments', (e) => void (e.entry = 0x9100)],
    ['overlapping segments', (e) => void (e.segments[1]!.vaddr = 0x801f)],
    ['unsorted segments', (e) => e.segments.reverse()],
    ['memsz below data size', (e) => void (e.segments[0]!.memsz = 5)],
    ['segment past 4 GiB', (e) => void (e.segments[1]!.vaddr = 0xffffff80)],
    ['duplicate segment names', (e) => void (e.segments[1]!.name = 'boot')],
    ['symbol value not 32-bit', (e) => void (e.symbols[0]!.value = -1)],
    ['line with NUL file name', (e) => void (e.lines[0]!.file = 'a\0')],
  ];
  it.each(cases)('%s', (_, mutate) => {
    const exe = handBuilt();
    mutate(exe);
    expectLinkError(() => writeExecutable(exe, 'bad.exe'), 'invalid-executable', 'bad.exe');
  });
});

describe('readExecutable rejects corrupt files', () => {
  // linked(): text at 0x100000 (24 bytes), rodata at 0x101000, data at 0x102000 with a bss tail
  const cases: [string, (b: Uint8Array) => Uint8Array | void, LinkErrorCode][] = [
    ['truncated segment contents', (b) => b.slice(0, le32(b, phdr(2, 4)) + 4), 'elf-truncated'],
    ['no program headers', (b) => setLe16(b, 44, 0), 'elf-bad-segment'],
    ['e_phentsize', (b) => setLe16(b, 42, 56), 'elf-bad-header'],
    ['program headers past EOF', (b) => setLe32(b, 28, b.length - 40), 'elf-truncated'],
    ['non-LOAD segment', (b) => setLe32(b, phdr(1, 0), 4), 'elf-bad-segment'],
    ['paddr differs', (b) => setLe32(b, phdr(1, 12), 0), 'elf-bad-segment'],
    ['unknown segment flags', (b) => setLe32(b, phdr(1, 24), 0x14), 'elf-bad-segment'],
    ['filesz above memsz', (b) => setLe32(b, phdr(1, 16), 5), 'elf-bad-segment'],
    ['empty segment', (b) => setLe32(b, phdr(1, 20), 0), 'elf-bad-segment'],
    [
      'overlapping segments',
      (b) => {
        setLe32(b, phdr(1, 8), 0x100000);
        setLe32(b, phdr(1, 12), 0x100000);
      },
      'elf-bad-segment',
    ],
    ['offset not congruent to address', (b) => setLe32(b, phdr(1, 4), le32(b, phdr(1, 4)) + 4), 'elf-bad-segment'],
    ['contents past EOF', (b) => setLe32(b, phdr(2, 4), Math.ceil(b.length / 4096) * 4096), 'elf-truncated'],
    ['segment wraps the address space', (b) => setLe32(b, phdr(2, 20), 0xffffffff), 'elf-bad-segment'],
    ['entry outside any segment', (b) => setLe32(b, 24, 0x200000), 'elf-bad-entry'],
    ['entry in a non-executable segment', (b) => setLe32(b, 24, 0x101000), 'elf-bad-entry'],
    ['section flags disagree with segment', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata') + 8, 0x3), 'elf-bad-section'],
    ['section outside its segment', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata') + 12, 0x101100), 'elf-bad-section'],
    ['section offset disagrees with segment', (b) => setLe32(b, sectionHeaderOffset(b, '.text') + 16, 8), 'elf-bad-section'],
    ['undefined symbol', (b) => setLe16(b, sectionOffset(b, '.symtab') + 16 + 14, 0), 'elf-bad-symbol'],
    ['symbol outside its section', (b) => setLe32(b, sectionOffset(b, '.symtab') + 16 + 4, 0x101004), 'elf-bad-symbol'],
    ['symbol binding', (b) => void (b[sectionOffset(b, '.symtab') + 16 + 12] = 0x21), 'elf-bad-symbol'],
    ['line entry not absolute', (b) => setLe32(b, sectionOffset(b, '.shoal.lines') + 12, 1), 'elf-bad-lines'],
    ['line table size', (b) => setLe32(b, sectionOffset(b, '.shoal.lines') + 8, 1000), 'elf-bad-lines'],
  ];
  it.each(cases)('%s', (_, corrupt, code) => {
    const bytes = writeExecutable(linked());
    const input = corrupt(bytes) ?? bytes;
    expectLinkError(() => readExecutable(input, 'corrupt.exe'), code, 'corrupt.exe');
  });
});
