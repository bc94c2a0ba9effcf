import { describe, expect, it } from 'vitest';
import { link } from '../../compiler/link/link.ts';
import { RelocType, type Executable, type ObjectFile, type ObjSection, type ObjSymbol, type Reloc } from '../../compiler/link/object.ts';
import { bss, expectLinkError, extern, le32, object, reloc, sampleProgram, section, sym, zeros } from './fixtures.ts';

const PAGE = 4096;

function segment(exe: Executable, name: string) {
  const seg = exe.segments.find((s) => s.name === name);
  if (seg === undefined) throw new Error(`no segment ${name}`);
  return seg;
}

function symbolValue(exe: Executable, name: string): number {
  const found = exe.symbols.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!.value;
}

/**
 * Links one object whose .text holds `word` (LE) at offset 8, patched by one relocation against
 * `target`, which sits in .text at `targetOffset` (the text is padded to cover it). Returns the
 * patched 32-bit word.
 */
function patchWord(type: RelocType, word: number, targetOffset: number, addend: number, base?: number): number {
  const size = Math.max(16, targetOffset + 4);
  const bytes = Uint8Array.from(zeros(size));
  new DataView(bytes.buffer).setUint32(8, word, true);
  const o = object(
    'arm',
    [{ name: '.text', kind: 'text', align: 4, data: bytes, size, relocs: [reloc(8, type, 'target', addend)] }],
    [sym('_start', '.text', 0, { global: true }), sym('target', '.text', targetOffset)],
  );
  return le32(segment(link([o], base === undefined ? {} : { base }), 'text').data, 8);
}

describe('linking a two-object program', () => {
  const { main, lib } = sampleProgram();
  const exe = link([main, lib], { paths: ['main.o', 'lib.o'] });

  it('lays groups out on separate pages in text, rodata, data, bss order', () => {
    expect(exe.arch).toBe('arm');
    expect(exe.entry).toBe(0x100000);
    expect(exe.segments.map((s) => [s.name, s.vaddr, s.data.length, s.memsz, s.flags])).toEqual([
      ['text', 0x100000, 24, 24, { r: true, w: false, x: true }],
      ['rodata', 0x101000, 4, 4, { r: true, w: false, x: false }],
      // data at 0x102000 (8 bytes), bss on the next page (64 bytes) in the same rw segment
      ['data', 0x102000, 8, 0x1040, { r: true, w: true, x: false }],
    ]);
  });

  it('copies section contents and applies cross-object relocations', () => {
    const text = segment(exe, 'text').data;
    // B helper: helper at 0x100014, P = 0x100004, A = -8 -> +8 bytes = 2 words; cond/opcode byte kept
    expect(le32(text, 4)).toBe(0xeb000002);
    // MOVW/MOVT counter: counter is the first thing in bss, 0x103000
    expect(le32(text, 8)).toBe(0xe3003000);
    expect(le32(text, 12)).toBe(0xe3400010);
    expect(Array.from(text.subarray(20, 24))).toEqual([0x1e, 0xff, 0x2f, 0xe1]);
    expect(Array.from(segment(exe, 'rodata').data)).toEqual([0x68, 0x69, 0, 0]);
    const data = segment(exe, 'data').data;
    expect(le32(data, 0)).toBe(0x100000); // &_start, defined in the other object
    expect(le32(data, 4)).toBe(0x103008 + 4); // local 'scratch' + 4
  });

  it('reports absolute symbols, locals first', () => {
    expect(exe.symbols).toEqual([
      { name: 'greeting', value: 0x101000, size: 3, type: 'object', global: false },
      { name: 'scratch', value: 0x103008, size: 56, type: 'object', global: false },
      { name: '_start', value: 0x100000, size: 20, type: 'func', global: true },
      { name: 'helper', value: 0x100014, size: 4, type: 'func', global: true },
      { name: 'counter', value: 0x103000, size: 4, type: 'object', global: true },
      { name: 'table', value: 0x102000, size: 8, type: 'object', global: true },
    ]);
  });

  it('relocates line entries to absolute addresses, sorted', () => {
    expect(exe.lines).toEqual([
      { addr: 0x100000, file: 'main.fin', line: 1, col: 1 },
      { addr: 0x100008, file: 'main.fin', line: 2, col: 5 },
      { addr: 0x100014, file: 'lib/ü.fin', line: 10, col: 3 },
    ]);
  });

  it('does not modify its inputs', () => {
    const fresh = sampleProgram();
    expect(main).toEqual(fresh.main);
    expect(lib).toEqual(fresh.lib);
  });
});

describe('relocation arithmetic', () => {
  it('ABS32 = S + A, wrapping modulo 2^32', () => {
    expect(patchWord(RelocType.ABS32, 0xdeadbeef, 0x20, 0x10)).toBe(0x100030);
    expect(patchWord(RelocType.ABS32, 0, 0x20, -0x100021)).toBe(0xffffffff);
  });

  it('X86_REL32 = S + A - P, relative to the end of the field with A = -4', () => {
    // field at 0x100008, target at 0x100040: 0x40 - 4 - 8
    expect(patchWord(RelocType.X86_REL32, 0, 0x40, -4)).toBe(0x34);
    // backwards: target at 0x100000
    expect(patchWord(RelocType.X86_REL32, 0, 0, -4)).toBe((-12 >>> 0));
  });

  it('ARM_B24 keeps bits 31..24 and stores the signed word displacement', () => {
    expect(patchWord(RelocType.ARM_B24, 0xeaffffff, 0x108, 0)).toBe(0xea000040);
    expect(patchWord(RelocType.ARM_B24, 0x1b000000, 0, 0)).toBe(0x1bfffffe);
    // the largest forward and backward reaches
    expect(patchWord(RelocType.ARM_B24, 0xea000000, 8, 4 * (2 ** 23 - 1))).toBe(0xea7fffff);
    expect(patchWord(RelocType.ARM_B24, 0xea000000, 8, -4 * 2 ** 23)).toBe(0xea800000);
  });

  it('ARM_B19 keeps bits 31..19', () => {
    expect(patchWord(RelocType.ARM_B19, 0xfff80000, 0x18, 0)).toBe(0xfff80004);
    expect(patchWord(RelocType.ARM_B19, 0x12345678, 0, 0)).toBe(((0x12345678 & 0xfff80000) | 0x7fffe) >>> 0);
    expect(patchWord(RelocType.ARM_B19, 0, 8, 4 * (2 ** 18 - 1))).toBe(0x3ffff);
    expect(patchWord(RelocType.ARM_B19, 0, 8, -4 * 2 ** 18)).toBe(0x40000);
  });

  it('ARM_MOVW / ARM_MOVT take the low / high halves of S + A, keeping bits 31..16', () => {
    expect(patchWord(RelocType.ARM_MOVW, 0xe30fffff, 0x10, 0x1234)).toBe(0xe30f1244);
    expect(patchWord(RelocType.ARM_MOVT, 0xe34fffff, 0x10, 0x1234)).toBe(0xe34f0010);
    expect(patchWord(RelocType.ARM_MOVT, 0xe3400000, 0x10, 0x7ff00000)).toBe(0xe3408000);
    expect(patchWord(RelocType.ARM_MOVW, 0, 0x10, -0x100011)).toBe(0xffff);
  });

  it('ABS16 and ABS8 patch only their bytes and accept signed or unsigned values', () => {
    const cases: [RelocType, number, number[]][] = [
      [RelocType.ABS16, 0, [0x10, 0x00, 0xaa, 0xaa]],
      [RelocType.ABS16, 0xffff - 0x10, [0xff, 0xff, 0xaa, 0xaa]],
      [RelocType.ABS16, -0x8000 - 0x10, [0x00, 0x80, 0xaa, 0xaa]],
      [RelocType.ABS8, 0xff - 0x10, [0xff, 0xaa, 0xaa, 0xaa]],
      [RelocType.ABS8, -0x80 - 0x10, [0x80, 0xaa, 0xaa, 0xaa]],
      [RelocType.ABS8, -0x11, [0xff, 0xaa, 0xaa, 0xaa]],
    ];
    for (const [type, addend, bytes] of cases) {
      const word = patchWord(type, 0xaaaaaaaa, 0x10, addend, 0);
      expect([word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24], `${RelocType[type]} ${addend}`).toEqual(bytes);
    }
  });

  it('reports overflow and misalignment naming object, section, offset and symbol', () => {
    // branches: P = 0x100004, 'far' = 0x100008; ABS16/ABS8 link at base 0, so 'far' = 8
    const failing: [RelocType, number, string][] = [
      [RelocType.ARM_B24, 4 * 2 ** 23, 'reloc-overflow'],
      [RelocType.ARM_B24, -4 * 2 ** 23 - 8, 'reloc-overflow'],
      [RelocType.ARM_B24, 2, 'reloc-misaligned'],
      [RelocType.ARM_B19, 4 * 2 ** 18, 'reloc-overflow'],
      [RelocType.ARM_B19, -4 * 2 ** 18 - 8, 'reloc-overflow'],
      [RelocType.ARM_B19, 1, 'reloc-misaligned'],
      [RelocType.ABS16, 0x10000 - 8, 'reloc-overflow'],
      [RelocType.ABS16, -0x8001 - 8, 'reloc-overflow'],
      [RelocType.ABS8, 0x100 - 8, 'reloc-overflow'],
      [RelocType.ABS8, -0x81 - 8, 'reloc-overflow'],
    ];
    for (const [type, addend, code] of failing) {
      const relocs: Reloc[] = [reloc(4, type, 'far', addend)];
      const o = object('arm', [section('.text.boot', 'text', zeros(8), relocs)], [sym('_start', '.text.boot', 0, { global: true }), sym('far', '.text.boot', 8)]);
      const isBranch = type === RelocType.ARM_B24 || type === RelocType.ARM_B19;
      expectLinkError(() => link([o], { base: isBranch ? 0x100000 : 0, paths: ['boot.o'] }), code as 'reloc-overflow', 'boot.o', '.text.boot+0x4', "'far'", RelocType[type]);
    }
  });

  it('computes branch reach from real distances, not just addends', () => {
    // a 2 MiB bss puts 'far' beyond ARM_B19's +-1 MiB but within ARM_B24's +-32 MiB
    const build = (type: RelocType) =>
      object(
        'arm',
        [section('.text', 'text', zeros(8), [reloc(0, type, 'far')]), bss('.big', 2 << 20), bss('.after', 4)],
        [sym('_start', '.text', 0, { global: true }), sym('far', '.after', 0)],
      );
    expectLinkError(() => link([build(RelocType.ARM_B19)]), 'reloc-overflow');
    const exe = link([build(RelocType.ARM_B24)]);
    const far = 0x100000 + PAGE + (2 << 20);
    expect(le32(segment(exe, 'text').data, 0)).toBe(((far - 0x100000) >> 2) & 0xffffff);
  });
});

describe('layout', () => {
  it('honours section alignment within a group and starts every group on a page', () => {
    const a = object(
      'x86',
      [section('.text', 'text', [1, 2, 3]), section('.rodata', 'rodata', [9]), section('.data', 'data', [7, 7, 7]), bss('.bss', 10, 4)],
      [sym('_start', '.text', 0, { global: true }), sym('a_ro', '.rodata', 0), sym('a_data', '.data', 0), sym('a_bss', '.bss', 0)],
    );
    const b = object(
      'x86',
      [
        section('.text', 'text', zeros(5000), [], 16),
        section('.data', 'data', [5], [], 64),
        bss('.bss', 100, 32),
        section('.rodata', 'rodata', [8, 8], [], 8),
      ],
      [sym('b_text', '.text', 0), sym('b_data', '.data', 0), sym('b_bss', '.bss', 0), sym('b_ro', '.rodata', 0)],
    );
    const exe = link([a, b]);
    const at = (n: string) => symbolValue(exe, n);
    expect(at('_start')).toBe(0x100000);
    expect(at('b_text')).toBe(0x100010);
    // text ends at 0x100010 + 5000 = 0x101398, so rodata starts at 0x102000
    expect(at('a_ro')).toBe(0x102000);
    expect(at('b_ro')).toBe(0x102008);
    expect(at('a_data')).toBe(0x103000);
    expect(at('b_data')).toBe(0x103040);
    expect(at('a_bss')).toBe(0x104000);
    expect(at('b_bss')).toBe(0x104020);
    const data = segment(exe, 'data');
    expect([data.vaddr, data.data.length, data.memsz]).toEqual([0x103000, 0x41, 0x1000 + 0x20 + 100]);
    expect(Array.from(data.data.subarray(0x3c))).toEqual([0, 0, 0, 0, 5]);

    // no page holds both code and anything else
    const pages = (s: { vaddr: number; memsz: number }) => [Math.floor(s.vaddr / PAGE), Math.floor((s.vaddr + s.memsz - 1) / PAGE)];
    for (const s of exe.segments) {
      for (const t of exe.segments) {
        if (s === t) continue;
        const [s0, s1] = pages(s);
        const [t0, t1] = pages(t);
        expect(s1! < t0! || t1! < s0!, `${s.name} and ${t.name} share a page`).toBe(true);
      }
    }
  });

  it('skips empty segments and uses a bss-only data segment', () => {
    const onlyText = link([object('x86', [section('.text', 'text', [0xc3]), section('.rodata', 'rodata', [])], [sym('_start', '.text', 0, { global: true })])]);
    expect(onlyText.segments.map((s) => s.name)).toEqual(['text']);
    const bssOnly = link([object('x86', [section('.text', 'text', [0xc3]), bss('.bss', 12)], [sym('_start', '.text', 0, { global: true })])]);
    expect(bssOnly.segments.map((s) => [s.name, s.vaddr, s.data.length, s.memsz])).toEqual([
      ['text', 0x100000, 1, 1],
      ['data', 0x101000, 0, 12],
    ]);
  });

  it('places the image at a custom page-aligned base and rejects unaligned ones', () => {
    const o = object('x86', [section('.text', 'text', [0xc3])], [sym('_start', '.text', 0, { global: true })]);
    expect(link([o], { base: 0x40000000 }).entry).toBe(0x40000000);
    expectLinkError(() => link([o], { base: 0x40000001 }), 'invalid-option');
    expectLinkError(() => link([o], { base: 2 ** 32 }), 'invalid-option');
  });

  it('defines __bss_start, __bss_end and __end only when referenced', () => {
    const user = object(
      'x86',
      [section('.text', 'text', zeros(4)), section('.data', 'data', zeros(12), [reloc(0, RelocType.ABS32, '__bss_start'), reloc(4, RelocType.ABS32, '__bss_end'), reloc(8, RelocType.ABS32, '__end')]), bss('.bss', 0x1234)],
      [sym('_start', '.text', 0, { global: true }), extern('__bss_start'), extern('__bss_end'), extern('__end')],
    );
    const exe = link([user]);
    const data = segment(exe, 'data').data;
    expect([le32(data, 0), le32(data, 4), le32(data, 8)]).toEqual([0x102000, 0x103234, 0x104000]);
    expect(exe.symbols.filter((s) => s.name.startsWith('__'))).toEqual([
      { name: '__bss_start', value: 0x102000, size: 0, type: 'none', global: true },
      { name: '__bss_end', value: 0x103234, size: 0, type: 'none', global: true },
      { name: '__end', value: 0x104000, size: 0, type: 'none', global: true },
    ]);

    const plain = link([object('x86', [section('.text', 'text', [0xc3])], [sym('_start', '.text', 0, { global: true })])]);
    expect(plain.symbols.map((s) => s.name)).toEqual(['_start']);
  });

  it('lets an object define a linker symbol itself', () => {
    const o = object(
      'x86',
      [section('.text', 'text', zeros(8), [reloc(0, RelocType.ABS32, '__end')])],
      [sym('_start', '.text', 0, { global: true }), sym('__end', '.text', 8, { global: true })],
    );
    const exe = link([o]);
    expect(le32(segment(exe, 'text').data, 0)).toBe(0x100008);
    expect(exe.symbols.filter((s) => s.name === '__end')).toHaveLength(1);
  });
});

describe('symbol resolution', () => {
  const caller = (name: string, helperLocal: boolean, offset: number): ObjectFile => {
    const text = section('.text', 'text', zeros(offset + 8), [reloc(0, RelocType.ABS32, 'helper')]);
    const syms: ObjSymbol[] = [sym(`${name}_entry`, '.text', 0, { global: true }), helperLocal ? sym('helper', '.text', offset) : extern('helper')];
    return object('x86', [text], syms);
  };

  it('resolves locals within their own object only', () => {
    const withStart = (o: ObjectFile): ObjectFile => ({ ...o, symbols: [...o.symbols, sym('_start', '.text', 4, { global: true })] });
    const a = withStart(caller('a', true, 4));
    const b = caller('b', true, 0);
    const exe = link([a, b]);
    const text = segment(exe, 'text').data;
    expect(le32(text, 0)).toBe(0x100004);
    expect(le32(text, 12)).toBe(0x10000c); // b's .text starts at 0x10000c (a's is 12 bytes)
    // a third object wanting 'helper' from outside finds no global one
    expectLinkError(() => link([a, b, caller('c', false, 0)], { paths: ['a.o', 'b.o', 'c.o'] }), 'undefined-symbol', "'helper'", 'c.o');
  });

  it('prefers the global definition over other objects locals', () => {
    const a = object('x86', [section('.text', 'text', zeros(8))], [sym('_start', '.text', 0, { global: true }), sym('helper', '.text', 4)]);
    const b = object('x86', [section('.text', 'text', zeros(8))], [sym('helper', '.text', 4, { global: true })]);
    const exe = link([a, b, caller('c', false, 0)]);
    expect(le32(segment(exe, 'text').data, 16)).toBe(0x10000c);
  });

  it('rejects duplicate globals naming both objects', () => {
    const a = object('x86', [section('.text', 'text', zeros(4))], [sym('_start', '.text', 0, { global: true }), sym('dup', '.text', 0, { global: true })]);
    const b = object('x86', [section('.data', 'data', zeros(4))], [sym('dup', '.data', 0, { global: true })]);
    const err = expectLinkError(() => link([a, b], { paths: ['first.o', 'second.o'] }), 'duplicate-symbol', "'dup'", 'first.o', 'second.o');
    expect(err.path).toBe('second.o');
  });

  it('lists every undefined symbol with its referencing object', () => {
    const a = object('x86', [section('.text', 'text', zeros(8), [reloc(0, RelocType.ABS32, 'x'), reloc(4, RelocType.ABS32, 'y')])], [sym('_start', '.text', 0, { global: true }), extern('x'), extern('y'), extern('unused')]);
    const err = expectLinkError(() => link([a], { paths: ['a.o'] }), 'undefined-symbol', "'x'", "'y'", 'a.o');
    // declaring an extern that nothing uses is fine
    expect(err.message).not.toContain('unused');
  });

  it('needs a global entry symbol inside the text', () => {
    const body: ObjSection[] = [section('.text', 'text', zeros(4)), section('.data', 'data', zeros(4))];
    expectLinkError(() => link([object('x86', body, [sym('main', '.text', 0, { global: true })])]), 'no-entry', "'_start'");
    expectLinkError(() => link([object('x86', body, [sym('_start', '.text', 0)])], { paths: ['m.o'] }), 'no-entry', 'm.o', 'not as a global');
    expect(link([object('x86', body, [sym('main', '.text', 2, { global: true })])], { entry: 'main' }).entry).toBe(0x100002);
    expectLinkError(() => link([object('x86', body, [sym('_start', '.data', 0, { global: true })])]), 'bad-entry');
  });

  it('rejects mixed architectures, no input, and invalid objects', () => {
    const x = object('x86', [section('.text', 'text', zeros(4))], [sym('_start', '.text', 0, { global: true })]);
    const arm = { ...x, arch: 'arm' as const, symbols: [] };
    expectLinkError(() => link([x, arm], { paths: ['x.o', 'arm.o'] }), 'arch-mismatch', 'x.o', 'arm.o');
    expectLinkError(() => link([]), 'no-input');
    const broken = { ...x, symbols: [...x.symbols, sym('local_extern', null, 0, { global: false })] };
    expectLinkError(() => link([broken], { paths: ['broken.o'] }), 'invalid-object', 'broken.o');
  });

  it('sorts line entries by address across objects', () => {
    const a = object('x86', [section('.text', 'text', zeros(8))], [sym('_start', '.text', 0, { global: true })], [
      { section: '.text', offset: 6, file: 'a', line: 3, col: 0 },
      { section: '.text', offset: 2, file: 'a', line: 2, col: 0 },
    ]);
    const b = object('x86', [section('.text', 'text', zeros(4)), section('.data', 'data', zeros(4))], [], [
      { section: '.data', offset: 0, file: 'b', line: 9, col: 0 },
      { section: '.text', offset: 0, file: 'b', line: 1, col: 0 },
    ]);
    expect(link([a, b]).lines.map((l) => [l.addr, l.file, l.line])).toEqual([
      [0x100002, 'a', 2],
      [0x100006, 'a', 3],
      [0x100008, 'b', 1],
      [0x101000, 'b', 9],
    ]);
  });
});
