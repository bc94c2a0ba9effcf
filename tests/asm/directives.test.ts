// Directives, sections, symbols, expressions and line tables, on both personalities.
import { describe, expect, it } from 'vitest';
import { RelocType } from '../../compiler/link/object.ts';
import { asm, enc, errorCodes, section } from './helpers.ts';

for (const arch of ['x86', 'arm'] as const) {
  const data = (src: string, name = '.data') => [...section(asm(src, arch), name).data];
  const NOP = enc(arch, 'nop', '', []);

  describe(`${arch} directives`, () => {
    it('.byte, .half/.short, .long/.int and .word', () => {
      expect(data('.data\n.byte 1, -1, 0xff, \'a\'')).toEqual([1, 255, 255, 97]);
      expect(data('.data\n.half 0x1234\n.short -2')).toEqual([0x34, 0x12, 0xfe, 0xff]);
      expect(data('.data\n.long 0x12345678, -1\n.int 7')).toEqual([0x78, 0x56, 0x34, 0x12, 255, 255, 255, 255, 7, 0, 0, 0]);
      // .word is 16 bits on x86 and 32 bits on arm
      expect(data('.data\n.word 0x0102')).toEqual(arch === 'x86' ? [2, 1] : [2, 1, 0, 0]);
      if (arch === 'x86') expect(data('.data\n.dword 0x01020304')).toEqual([4, 3, 2, 1]);
    });

    it('.ascii, .asciz and .string with escapes', () => {
      expect(data('.data\n.ascii "ab"')).toEqual([97, 98]);
      expect(data('.data\n.asciz "a\\n\\t\\r\\0\\\\\\"\\x41"')).toEqual([97, 10, 9, 13, 0, 92, 34, 0x41, 0]);
      expect(data('.data\n.string "x", "y"')).toEqual([120, 0, 121, 0]);
      expect(data('.data\n.ascii "# not a comment // really ; @"')).toEqual([...'# not a comment // really ; @'].map((c) => c.charCodeAt(0)));
    });

    it('.zero/.space, .align/.balign/.p2align', () => {
      expect(data('.data\n.byte 1\n.zero 3\n.space 2, 0xaa')).toEqual([1, 0, 0, 0, 0xaa, 0xaa]);
      expect(data('.data\n.byte 1\n.align 4\n.byte 2\n.balign 2\n.byte 3\n.p2align 3\n.byte 4'))
        .toEqual([1, 0, 0, 0, 2, 0, 3, 0, 4]);
      const o = asm('.data\n.byte 1\n.align 16\n.byte 2', arch);
      expect(section(o, '.data').align).toBe(16);
      expect(data('.data\n.byte 1\n.align 4, 0xee\n')).toEqual([1, 0xee, 0xee, 0xee]);
    });

    it('.align in text pads with nops', () => {
      const t = [...section(asm(`nop\n.align 8\nnop`, arch)).data];
      expect(t.length).toBe(8 + NOP.length);
      for (let i = 0; i < 8; i += NOP.length) expect(t.slice(i, i + NOP.length)).toEqual(NOP);
    });

    it('.equ, .set and = define constants, which may be used before they are defined', () => {
      expect(data('.equ A, 3\n.set B, A * 2\nC = B + 1\n.data\n.byte A, B, C, D\n.equ D, C << 1')).toEqual([3, 6, 7, 14]);
    });

    it('.section with kinds from the name prefix and from flags', () => {
      const o = asm([
        '.section .text.init', 'nop',
        '.section .rodata.str', '.byte 1',
        '.section .data.rel', '.byte 2',
        '.section .bss.big', '.zero 8',
        '.section .mine, "ax"', 'nop',
        '.section .ro, "a"', '.byte 1',
        '.section .nb, "aw", @nobits', '.zero 4',
      ].join('\n'), arch);
      expect(o.sections.map((s) => [s.name, s.kind])).toEqual([
        ['.text.init', 'text'], ['.rodata.str', 'rodata'], ['.data.rel', 'data'], ['.bss.big', 'bss'],
        ['.mine', 'text'], ['.ro', 'rodata'], ['.nb', 'bss'],
      ]);
      expect(section(o, '.bss.big')).toMatchObject({ size: 8, data: new Uint8Array(0) });
    });

    it('switching back to a section appends to it', () => {
      const o = asm('.data\n.byte 1\n.text\nnop\n.data\n.byte 2', arch);
      expect([...section(o, '.data').data]).toEqual([1, 2]);
      expect(o.sections.map((s) => s.name)).toEqual(['.data', '.text']);
    });

    it('.bss reserves space', () => {
      const o = asm('.bss\nbuf: .zero 100\n.align 8\nend:', arch);
      const bss = section(o, '.bss');
      expect(bss.size).toBe(104);
      expect(bss.data.length).toBe(0);
      expect(o.symbols.find((s) => s.name === 'end')).toMatchObject({ section: '.bss', value: 104, type: 'object' });
    });

    it('labels: local by default, .global/.globl export, .extern declares', () => {
      const o = asm('.global main\n.globl other\n.extern ext\nmain: nop\nother: nop\nhelper: nop\n.Lhidden: nop', arch);
      const sym = (n: string) => o.symbols.find((s) => s.name === n);
      expect(sym('main')).toMatchObject({ global: true, section: '.text', value: 0, type: 'func' });
      expect(sym('other')).toMatchObject({ global: true, value: NOP.length });
      expect(sym('helper')).toMatchObject({ global: false, value: 2 * NOP.length });
      expect(sym('.Lhidden')).toBeUndefined();
      expect(sym('ext')).toEqual({ name: 'ext', section: null, value: 0, global: true, size: 0, type: 'none' });
      // locals first, then globals
      const firstGlobal = o.symbols.findIndex((s) => s.global);
      expect(o.symbols.slice(firstGlobal).every((s) => s.global)).toBe(true);
    });

    it('labels alone on a line and several on one line', () => {
      const o = asm('a:\nb: c: nop\nd:', arch);
      expect(o.symbols.map((s) => [s.name, s.value])).toEqual([['a', 0], ['b', 0], ['c', 0], ['d', NOP.length]]);
    });

    it('.type and .size', () => {
      const o = asm('.data\n.type tbl, @object\ntbl: .long 1, 2\n.size tbl, .-tbl\n.text\n.type f, %function\nf: nop\nnop\n.size f, . - f\n.type g, @notype\ng:', arch);
      expect(o.symbols.find((s) => s.name === 'tbl')).toMatchObject({ type: 'object', size: 8 });
      expect(o.symbols.find((s) => s.name === 'f')).toMatchObject({ type: 'func', size: 2 * NOP.length });
      expect(o.symbols.find((s) => s.name === 'g')).toMatchObject({ type: 'none' });
    });

    it('data words referencing symbols get ABS32/ABS16/ABS8 relocations', () => {
      const o = asm('.data\nself: .long self, ext + 4, ext2 - 2\n.half ext\n.byte ext\n.long .\n', arch);
      expect(section(o, '.data').relocs).toEqual([
        { offset: 0, type: RelocType.ABS32, symbol: 'self', addend: 0 },
        { offset: 4, type: RelocType.ABS32, symbol: 'ext', addend: 4 },
        { offset: 8, type: RelocType.ABS32, symbol: 'ext2', addend: -2 },
        { offset: 12, type: RelocType.ABS16, symbol: 'ext', addend: 0 },
        { offset: 14, type: RelocType.ABS8, symbol: 'ext', addend: 0 },
        { offset: 15, type: RelocType.ABS32, symbol: '.data', addend: 15 },
      ]);
    });

    it('symbol differences within a section are constants; across sections they are errors', () => {
      expect(data('.data\na: .byte 1, 2, 3\nb: .byte b - a, (b - a) * 2')).toEqual([1, 2, 3, 3, 6]);
      expect(errorCodes('.data\na: .byte 0\n.text\nb: nop\n.data\n.long b - a', arch)).toEqual(['6:9 bad-expression']);
    });

    it('expression operators and precedence', () => {
      expect(data('.data\n.long 1 + 2 * 3, (1 + 2) * 3, 1 << 4 | 1, 0xf0 & 0x3c, 7 / 2, -7 % 3, ~0, 6 ^ 3, -(-5)'))
        .toEqual([7, 9, 17, 0x30, 3, -1, -1, 5, 5].flatMap((v) => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255]));
    });

    it('line table entries for instructions, and .file/.loc', () => {
      const o = asm('nop\n  nop\n.file 1 "prog.fin"\n.loc 1 10 3\nnop', arch);
      expect(o.lines).toEqual([
        { section: '.text', offset: 0, file: 't.s', line: 1, col: 1 },
        { section: '.text', offset: NOP.length, file: 't.s', line: 2, col: 3 },
        { section: '.text', offset: 2 * NOP.length, file: 'prog.fin', line: 10, col: 3 },
      ]);
    });

    it('comments', () => {
      const c = arch === 'x86' ? '; semi\n# hash\nnop ; x\nnop # y\n// slashes\nnop // z' : '@ at\n# hash\nnop @ x\n// slashes\nnop // z\nnop';
      expect(section(asm(c, arch)).size).toBe(3 * NOP.length);
    });

    it('directive errors', () => {
      const src = [
        '.bogus',              // 1
        '.byte 256',           // 2
        '.half 70000',         // 3
        '.zero -1',            // 4
        '.align 3',            // 5
        '.zero LATER',         // 6 not constant yet
        '.equ X, 1',
        '.equ X, 2',           // 8 duplicate
        '.bss',
        '.byte 1',             // 10 data in bss
        '.data',
        '.ascii 5',            // 12
        '.text 1',             // 13
        '.global X',           // 14 constant cannot be exported
        'LATER = 4',
        '.size nolabel, 4',    // 16
        '.section .symtab',    // 17 reserved
      ].join('\n');
      expect(errorCodes(src, arch)).toEqual([
        '1:1 bad-directive',
        '2:7 imm-range',
        '3:7 imm-range',
        '4:7 imm-range',
        '5:8 bad-directive',
        '6:7 not-constant',
        '8:6 duplicate-label',
        '10:1 bad-directive',
        '12:8 bad-directive',
        '13:7 bad-directive',
        '14:9 bad-directive',
        '16:16 undefined-symbol',
        '17:10 bad-directive',
      ]);
    });

    it('syntax errors', () => {
      expect(errorCodes('.data\n.ascii "abc', arch)).toEqual(['2:8 syntax']);
      expect(errorCodes(".data\n.byte 'ab'", arch)).toEqual(['2:7 syntax']);
      expect(errorCodes('.data\n.byte 1 +', arch)).toEqual(['2:10 syntax']);
      expect(errorCodes('.data\n.byte (1', arch)).toEqual(['2:9 syntax']);
      expect(errorCodes('.data\n.byte 0x', arch)).toEqual(['2:7 bad-number']);
      expect(errorCodes('.data\n.byte 1 / 0', arch)).toEqual(['2:9 bad-expression']);
      expect(errorCodes('.data\n.byte 1,', arch)).toEqual(['2:8 syntax']);
      expect(errorCodes('.equ A, B\n.equ B, A\n.data\n.byte A', arch).map((s) => s.split(' ')[1])).toContain('bad-expression');
    });
  });
}
