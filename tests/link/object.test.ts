import { describe, expect, it } from 'vitest';
import { readExecutable, readObject } from '../../compiler/link/elf-read.ts';
import { writeExecutable, writeObject } from '../../compiler/link/elf-write.ts';
import { EM_SHOAL_ARM, EM_SHOAL_X86 } from '../../compiler/link/elf-consts.ts';
import { LinkError } from '../../compiler/link/errors.ts';
import { link } from '../../compiler/link/link.ts';
import { RelocType, type ObjectFile } from '../../compiler/link/object.ts';
import {
  bss,
  expectLinkError,
  extern,
  le32,
  object,
  reloc,
  sampleProgram,
  section,
  sectionHeaderOffset,
  sectionOffset,
  setLe16,
  setLe32,
  sym,
  zeros,
} from './fixtures.ts';

/** An x86 object exercising every section kind, several relocation types and odd names. */
function richObject(): ObjectFile {
  return object(
    'x86',
    [
      section('.text', 'text', [0xe8, 0, 0, 0, 0, 0xb8, 0, 0, 0, 0, 0x66, 0, 0, 0x6a, 0], [
        reloc(1, RelocType.X86_REL32, 'puts', -4),
        reloc(6, RelocType.ABS32, 'message', 2),
        reloc(11, RelocType.ABS16, 'small'),
        reloc(14, RelocType.ABS8, 'tiny', -1),
      ]),
      section('.text.init', 'text', [0x90, 0x90, 0xc3], [], 16),
      section('.rodata', 'rodata', [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0]),
      section('.data', 'data', zeros(8), [reloc(0, RelocType.ABS32, 'main'), reloc(4, RelocType.ABS32, 'buffer', 16)], 8),
      bss('.bss', 4096, 64),
      section('.empty', 'data', []),
    ],
    [
      sym('main', '.text', 0, { global: true, type: 'func', size: 15 }),
      sym('message', '.rodata', 0, { type: 'object', size: 6 }),
      extern('puts'),
      sym('init', '.text.init', 0, { type: 'func', size: 3 }),
      sym('buffer', '.bss', 0, { global: true, type: 'object', size: 4096 }),
      extern('small'),
      extern('tiny'),
      sym('end_of_bss', '.bss', 4096),
      sym('Ω_ünïcode', '.data', 4, { global: true }),
    ],
    [
      { section: '.text', offset: 0, file: 'src/main.fin', line: 12, col: 3 },
      { section: '.text', offset: 5, file: 'src/main.fin', line: 13, col: 3 },
      { section: '.text.init', offset: 3, file: 'src/ïnit.fin', line: 4294967295, col: 0 },
    ],
  );
}

describe('object round trip', () => {
  it('reads back exactly what was written, locals moved ahead of globals', () => {
    const o = richObject();
    const back = readObject(writeObject(o), 'rich.o');
    const byName = (n: string) => o.symbols.find((s) => s.name === n)!;
    // ELF requires locals first; each group keeps the order it was written in
    const expected: ObjectFile = {
      ...o,
      symbols: ['message', 'init', 'end_of_bss', 'main', 'puts', 'buffer', 'small', 'tiny', 'Ω_ünïcode'].map(byName),
    };
    expect(back).toEqual(expected);
    expect(back.sections[4]!.data).toHaveLength(0);
    expect(back.sections[4]!.size).toBe(4096);
    expect(back.sections[0]!.relocs.map((r) => r.type)).toEqual([RelocType.X86_REL32, RelocType.ABS32, RelocType.ABS16, RelocType.ABS8]);
  });

  it('is a fixed point: reading and rewriting gives identical bytes', () => {
    const bytes = writeObject(richObject());
    expect(writeObject(readObject(bytes))).toEqual(bytes);
  });

  it('round-trips arm objects and empty objects', () => {
    const { main, lib } = sampleProgram();
    for (const o of [main, lib, object('arm', [], [])]) {
      const back = readObject(writeObject(o));
      expect(back).toEqual({ ...o, symbols: [...o.symbols.filter((s) => !s.global), ...o.symbols.filter((s) => s.global)] });
    }
  });

  it('does not alias the input buffer', () => {
    const bytes = writeObject(richObject());
    const back = readObject(bytes);
    bytes.fill(0xff, sectionOffset(bytes, '.rodata'), sectionOffset(bytes, '.rodata') + 6);
    expect(Array.from(back.sections[2]!.data)).toEqual([0x68, 0x65, 0x6c, 0x6c, 0x6f, 0]);
  });

  it('writes the documented header and relocation encoding', () => {
    const bytes = writeObject(richObject());
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
    expect(bytes[16]! | (bytes[17]! << 8)).toBe(1); // ET_REL
    expect(bytes[18]! | (bytes[19]! << 8)).toBe(EM_SHOAL_X86);
    const arm = writeObject(object('arm', [], []));
    expect(arm[18]! | (arm[19]! << 8)).toBe(EM_SHOAL_ARM);

    const rela = sectionHeaderOffset(bytes, '.rela.text');
    const symtabIndex = le32(bytes, rela + 24);
    expect(le32(bytes, rela + 4)).toBe(4); // SHT_RELA
    expect(le32(bytes, rela + 8)).toBe(0x40); // SHF_INFO_LINK
    expect(le32(bytes, rela + 28)).toBe(1); // applies to section 1, .text
    expect(le32(bytes, rela + 36)).toBe(12);
    const shoff = le32(bytes, 32);
    expect(le32(bytes, shoff + symtabIndex * 40 + 4)).toBe(2); // link points at SHT_SYMTAB
    expect(le32(bytes, shoff + symtabIndex * 40 + 28)).toBe(4); // three locals after the null symbol

    const first = sectionOffset(bytes, '.rela.text');
    expect(le32(bytes, first)).toBe(1); // r_offset
    // 'puts' is symbol 5: null, three locals, main, puts
    expect(le32(bytes, first + 4)).toBe((5 << 8) | RelocType.X86_REL32);
    expect(le32(bytes, first + 8) | 0).toBe(-4);
  });
});

describe('writeObject rejects invalid models', () => {
  const valid = () => object('x86', [section('.text', 'text', [1, 2, 3, 4])], [sym('f', '.text', 0, { global: true })]);
  const cases: [string, (o: ObjectFile) => void][] = [
    ['duplicate section', (o) => o.sections.push(section('.text', 'data', []))],
    ['reserved section name', (o) => o.sections.push(section('.symtab', 'data', []))],
    ['relocation against unlisted symbol', (o) => o.sections[0]!.relocs.push(reloc(0, RelocType.ABS32, 'ghost'))],
    ['relocation past the section end', (o) => o.sections[0]!.relocs.push(reloc(1, RelocType.ABS32, 'f'))],
    ['unknown relocation type', (o) => o.sections[0]!.relocs.push(reloc(0, 99 as RelocType, 'f'))],
    ['addend out of range', (o) => o.sections[0]!.relocs.push(reloc(0, RelocType.ABS32, 'f', 2 ** 31))],
    ['local undefined symbol', (o) => o.symbols.push(sym('u', null, 0, { global: false }))],
    ['duplicate symbol', (o) => o.symbols.push(sym('f', '.text', 1))],
    ['symbol past its section', (o) => o.symbols.push(sym('g', '.text', 2, { size: 3 }))],
    ['symbol in unknown section', (o) => o.symbols.push(sym('g', '.nope', 0))],
    ['NUL in a name', (o) => o.symbols.push(sym('a\0b', '.text', 0))],
    ['bss with data', (o) => o.sections.push({ ...bss('.bss', 4), data: new Uint8Array(4) })],
    ['size differs from data', (o) => o.sections.push({ ...section('.d', 'data', [1]), size: 2 })],
    ['alignment not a power of two', (o) => o.sections.push(section('.d', 'data', [], [], 12))],
    ['line in unknown section', (o) => o.lines.push({ section: '.x', offset: 0, file: 'f', line: 1, col: 1 })],
    ['line past section end', (o) => o.lines.push({ section: '.text', offset: 5, file: 'f', line: 1, col: 1 })],
  ];
  it.each(cases)('%s', (_, mutate) => {
    const o = valid();
    mutate(o);
    expectLinkError(() => writeObject(o, 'bad.o'), 'invalid-object', 'bad.o');
  });
});

describe('readObject rejects corrupt files', () => {
  const good = () => writeObject(richObject());
  const symbolOffset = (bytes: Uint8Array, index: number) => sectionOffset(bytes, '.symtab') + index * 16;

  const cases: [string, (b: Uint8Array) => Uint8Array | void, string][] = [
    ['empty input', () => new Uint8Array(0), 'elf-truncated'],
    ['short header', (b) => b.slice(0, 30), 'elf-truncated'],
    ['missing section header table', (b) => b.slice(0, b.length - 1), 'elf-truncated'],
    ['bad magic', (b) => void (b[1] = 0x45 + 1), 'elf-bad-magic'],
    ['not ELF at all', () => new TextEncoder().encode('#!/bin/sh\necho hi\n'.repeat(4)), 'elf-bad-magic'],
    ['64-bit class', (b) => void (b[4] = 2), 'elf-bad-class'],
    ['big-endian', (b) => void (b[5] = 2), 'elf-bad-data'],
    ['ident version', (b) => void (b[6] = 2), 'elf-bad-version'],
    ['OS ABI', (b) => void (b[7] = 3), 'elf-bad-abi'],
    ['e_version', (b) => setLe32(b, 20, 0), 'elf-bad-version'],
    ['unknown machine', (b) => setLe16(b, 18, 3), 'elf-bad-machine'],
    ['e_ehsize', (b) => setLe16(b, 40, 64), 'elf-bad-header'],
    ['e_shentsize', (b) => setLe16(b, 46, 64), 'elf-bad-header'],
    ['e_shstrndx out of range', (b) => setLe16(b, 50, 200), 'elf-bad-header'],
    ['section contents past EOF', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata') + 16, b.length - 2), 'elf-truncated'],
    ['section name index out of range', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata'), 0xffff), 'elf-bad-string'],
    ['unknown section flags', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata') + 8, 0x7), 'elf-bad-section'],
    ['non-power-of-two alignment', (b) => setLe32(b, sectionHeaderOffset(b, '.rodata') + 32, 3), 'elf-bad-section'],
    ['symbol section index invalid', (b) => setLe16(b, symbolOffset(b, 1) + 14, 77), 'elf-bad-symbol'],
    ['symbol in a relocation section', (b) => setLe16(b, symbolOffset(b, 1) + 14, 7), 'elf-bad-symbol'],
    ['symbol name out of range', (b) => setLe32(b, symbolOffset(b, 2), 0xfffff), 'elf-bad-string'],
    ['symbol past its section', (b) => setLe32(b, symbolOffset(b, 1) + 4, 5), 'elf-bad-symbol'],
    ['local after globals', (b) => setLe32(b, sectionHeaderOffset(b, '.symtab') + 28, 2), 'elf-bad-symbol'],
    ['symtab linked to a non-string table', (b) => setLe32(b, sectionHeaderOffset(b, '.symtab') + 24, 1), 'elf-bad-section'],
    ['relocation symbol index out of range', (b) => setLe32(b, sectionOffset(b, '.rela.text') + 4, (999 << 8) | 1), 'elf-bad-reloc'],
    ['relocation symbol index 0', (b) => setLe32(b, sectionOffset(b, '.rela.text') + 4, 1), 'elf-bad-reloc'],
    ['relocation type unknown', (b) => setLe32(b, sectionOffset(b, '.rela.text') + 4, (5 << 8) | 42), 'elf-bad-reloc'],
    ['relocation offset past section', (b) => setLe32(b, sectionOffset(b, '.rela.text'), 12), 'elf-bad-reloc'],
    ['relocation against bss', (b) => setLe32(b, sectionHeaderOffset(b, '.rela.text') + 28, 5), 'elf-bad-section'],
    ['relocation section with a ragged size', (b) => setLe32(b, sectionHeaderOffset(b, '.rela.text') + 20, 13), 'elf-bad-section'],
    ['line table version', (b) => setLe32(b, sectionOffset(b, '.shoal.lines'), 7), 'elf-bad-lines'],
    ['line table count', (b) => setLe32(b, sectionOffset(b, '.shoal.lines') + 4, 0x10000000), 'elf-bad-lines'],
    ['line in a non-code section', (b) => setLe32(b, sectionOffset(b, '.shoal.lines') + 12, 9), 'elf-bad-lines'],
    ['line file name out of range', (b) => setLe32(b, sectionOffset(b, '.shoal.lines') + 20, 999), 'elf-bad-string'],
  ];
  it.each(cases)('%s', (_, corrupt, code) => {
    const bytes = good();
    const input = corrupt(bytes) ?? bytes;
    expectLinkError(() => readObject(input, 'corrupt.o'), code as LinkError['code'], 'corrupt.o');
  });

  it('rejects an executable where an object is expected, and vice versa', () => {
    const { main, lib } = sampleProgram();
    const exe = writeExecutable(link([main, lib]));
    expectLinkError(() => readObject(exe, 'a.out'), 'elf-bad-type', 'a.out');
    expectLinkError(() => readExecutable(writeObject(main), 'main.o'), 'elf-bad-type', 'main.o');
  });

  it('names the file in every message', () => {
    const err = expectLinkError(() => readObject(new Uint8Array([0x7f, 0x45]), 'lib/thing.o'), 'elf-truncated');
    expect(err.path).toBe('lib/thing.o');
    expect(err.message.startsWith('lib/thing.o: ')).toBe(true);
    expect(err.name).toBe('LinkError');
  });
});
