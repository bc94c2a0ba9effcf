// x86 assembler: operand syntax, form choice, labels, relocations and errors.
import { describe, expect, it } from 'vitest';
import { RelocType } from '../../compiler/link/object.ts';
import { encodeX86 } from '../../vm/isa/x86.ts';
import { asm, bytes, def, enc, errorCodes, errors, i, mem, r, rel, section } from './helpers.ts';

const X = 'x86' as const;
const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, EDI = 7;
const b = (src: string) => bytes(src, X);

describe('x86 operands', () => {
  it('registers and register pairs', () => {
    expect(b('mov eax, ebx')).toEqual(enc(X, 'mov', 'r,r', [r(EAX), r(EBX)]));
    expect(b('add ESP, edi')).toEqual(enc(X, 'add', 'r,r', [r(ESP), r(EDI)]));
    expect(b('push ebp\npop ebp')).toEqual([...enc(X, 'push', 'r', [r(EBP)]), ...enc(X, 'pop', 'r', [r(EBP)])]);
    expect(b('neg ecx')).toEqual(enc(X, 'neg', 'r', [r(ECX)]));
  });

  it('immediates: decimal, hex, binary, negative, character, expressions', () => {
    expect(b('mov eax, 5')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(5)]));
    expect(b('mov eax, 0x7fffffff')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(0x7fffffff)]));
    expect(b('mov eax, 0xffffffff')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(-1)]));
    expect(b('mov eax, 0b101')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(5)]));
    expect(b('mov eax, -42')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(-42)]));
    expect(b("mov eax, 'a'")).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(97)]));
    expect(b("mov eax, '\\n'")).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(10)]));
    expect(b('mov eax, (1 << 4) | 3 & ~1')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(18)]));
    expect(b('mov eax, 2 + 3 * 4 - (10 >> 1)')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(9)]));
    expect(b('N = 7\nmov eax, N * 2')).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(14)]));
  });

  it('chooses imm8 forms when the value fits and imm32 otherwise', () => {
    expect(b('add eax, 127')).toEqual(enc(X, 'add', 'r,i8', [r(EAX), i(127)]));
    expect(b('add eax, -128')).toEqual(enc(X, 'add', 'r,i8', [r(EAX), i(-128)]));
    expect(b('add eax, 128')).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(128)]));
    expect(b('cmp ecx, 1000')).toEqual(enc(X, 'cmp', 'r,i32', [r(ECX), i(1000)]));
    expect(b('add eax, dword 5')).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(5)]));
    expect(b('add eax, strict dword 5')).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(5)]));
    expect(b('add dword [ebx], 5')).toEqual(enc(X, 'add', 'm,i8', [mem(EBX), i(5)]));
    expect(b('add [ebx], 500')).toEqual(enc(X, 'add', 'm,i32', [mem(EBX), i(500)]));
    expect(b('shl eax, 3')).toEqual(enc(X, 'shl', 'r,i8', [r(EAX), i(3)]));
    expect(b('int 0x80')).toEqual(enc(X, 'int', 'u8', [i(0x80)]));
  });

  it('a constant defined later or a label gets the 32-bit form', () => {
    const o = asm('add eax, N\nadd eax, M\nN = 1\n.data\nM: .long 0', X);
    const t = section(o).data;
    expect([...t.subarray(0, 6)]).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(1)]));
    expect([...t.subarray(6)]).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(0)]));
    expect(section(o).relocs).toEqual([{ offset: 8, type: RelocType.ABS32, symbol: 'M', addend: 0 }]);
  });

  it('memory operands', () => {
    expect(b('mov eax, [ebx]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX)]));
    expect(b('mov eax, [ebx+8]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, -1, 0, 8)]));
    expect(b('mov eax, [ebx-8]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, -1, 0, -8)]));
    expect(b('mov eax, [ebx+1000]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, -1, 0, 1000)]));
    expect(b('mov eax, [ebx+ecx*4+8]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, ECX, 2, 8)]));
    expect(b('mov eax, [8 + 4*ecx + ebx]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, ECX, 2, 8)]));
    expect(b('mov eax, [ebx+ecx]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX, ECX, 0, 0)]));
    expect(b('mov eax, [ecx*8]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(-1, ECX, 3, 0)]));
    expect(b('mov eax, [0x1000]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(-1, -1, 0, 0x1000)]));
    expect(b('mov [ebx+4], eax')).toEqual(enc(X, 'mov', 'm,r', [mem(EBX, -1, 0, 4), r(EAX)]));
    expect(b('lea eax, [ebp-12]')).toEqual(enc(X, 'lea', 'r,m', [r(EAX), mem(EBP, -1, 0, -12)]));
    expect(b('invlpg [eax]')).toEqual(enc(X, 'invlpg', 'm', [mem(EAX)]));
    expect(b('add eax, [ebx]')).toEqual(enc(X, 'add', 'r,m', [r(EAX), mem(EBX)]));
    expect(b('add [ebx], eax')).toEqual(enc(X, 'add', 'm,r', [mem(EBX), r(EAX)]));
    // [dword ...] forces a 32-bit displacement
    const ld = def(X, 'mov', 'r,m');
    expect(b('mov eax, [dword ebx+8]')).toEqual(encodeX86({ id: ld.id, args: [r(EAX), mem(EBX, -1, 0, 8)] }, true).bytes);
    expect(b('mov eax, [dword ebx]')).toEqual(encodeX86({ id: ld.id, args: [r(EAX), mem(EBX)] }, true).bytes);
  });

  it('memory operand sizes', () => {
    expect(b('movzx eax, byte [ebx]')).toEqual(enc(X, 'movzx', 'r,m', [r(EAX), mem(EBX)], 'byte'));
    expect(b('movzx eax, word ptr [ebx]')).toEqual(enc(X, 'movzx', 'r,m', [r(EAX), mem(EBX)], 'word'));
    expect(b('movsx eax, byte [ebx+1]')).toEqual(enc(X, 'movsx', 'r,m', [r(EAX), mem(EBX, -1, 0, 1)], 'byte'));
    expect(b('mov byte [ebx], eax')).toEqual(enc(X, 'mov', 'm,r', [mem(EBX), r(EAX)], 'byte'));
    expect(b('mov word [ebx], eax')).toEqual(enc(X, 'mov', 'm,r', [mem(EBX), r(EAX)], 'word'));
    expect(b('mov dword [ebx], eax')).toEqual(enc(X, 'mov', 'm,r', [mem(EBX), r(EAX)]));
    expect(b('mov dword [ebx], 5')).toEqual(enc(X, 'mov', 'm,i32', [mem(EBX), i(5)]));
    expect(b('mov [ebx], 5')).toEqual(enc(X, 'mov', 'm,i32', [mem(EBX), i(5)]));
    expect(b('mov byte ptr [ebx], 5')).toEqual(enc(X, 'mov', 'm,i32', [mem(EBX), i(5)], 'byte'));
    expect(b('mov eax, dword ptr [ebx]')).toEqual(enc(X, 'mov', 'r,m', [r(EAX), mem(EBX)]));
  });

  it('system registers and port I/O', () => {
    expect(b('mov cr3, eax')).toEqual(enc(X, 'mov', 'sr,r', [{ k: 'sr', id: 1 }, r(EAX)]));
    expect(b('mov eax, coreid')).toEqual(enc(X, 'mov', 'r,sr', [r(EAX), { k: 'sr', id: 9 }]));
    expect(b('mov eax, CR0')).toEqual(enc(X, 'mov', 'r,sr', [r(EAX), { k: 'sr', id: 0 }]));
    expect(b('outb 0x3f8, eax')).toEqual(enc(X, 'outb', 'i32,r', [i(0x3f8), r(EAX)]));
    expect(b('outb edx, eax')).toEqual(enc(X, 'outb', 'r,r', [r(EDX), r(EAX)]));
    expect(b('inb eax, edx')).toEqual(enc(X, 'inb', 'r,r', [r(EAX), r(EDX)]));
    expect(b('ind eax, 0x60')).toEqual(enc(X, 'ind', 'r,i32', [r(EAX), i(0x60)]));
  });

  it('no-operand instructions and mnemonic case', () => {
    for (const mn of ['ret', 'nop', 'hlt', 'cli', 'sti', 'iret', 'syscall', 'int3', 'ud2', 'pushf', 'popf', 'rdtsc']) {
      expect(b(mn)).toEqual(enc(X, mn, '', []));
    }
    expect(b('RET')).toEqual(enc(X, 'ret', '', []));
  });
});

describe('x86 control flow and labels', () => {
  it('resolves backward and forward jumps within a section (rel = target - instruction)', () => {
    const src = 'top:\n  nop\n  jmp top\n  je fwd\n  call top\nfwd:\n  ret';
    const nop = enc(X, 'nop', '', []).length;
    const jl = enc(X, 'jmp', 'rel', [rel(0)]).length;
    const expected = [
      ...enc(X, 'nop', '', []),
      ...enc(X, 'jmp', 'rel', [rel(-nop)]),
      ...enc(X, 'je', 'rel', [rel(jl * 2)]),
      ...enc(X, 'call', 'rel', [rel(-(nop + jl * 2))]),
      ...enc(X, 'ret', '', []),
    ];
    expect(b(src)).toEqual(expected);
  });

  it('condition aliases', () => {
    const e = (mn: string) => enc(X, mn, 'rel', [rel(0)]);
    expect(b('x: jz x')).toEqual(e('je'));
    expect(b('x: jnz x')).toEqual(e('jne'));
    expect(b('x: jc x')).toEqual(e('jb'));
    expect(b('x: jnae x')).toEqual(e('jb'));
    expect(b('x: jnc x')).toEqual(e('jae'));
    expect(b('setz eax')).toEqual(enc(X, 'sete', 'r', [r(EAX)]));
    expect(b('setnb ecx')).toEqual(enc(X, 'setae', 'r', [r(ECX)]));
  });

  it('indirect jumps and calls', () => {
    expect(b('jmp eax')).toEqual(enc(X, 'jmp', 'r', [r(EAX)]));
    expect(b('call ecx')).toEqual(enc(X, 'call', 'r', [r(ECX)]));
  });

  it('numeric branch targets are section offsets', () => {
    expect(b('nop\njmp 0')).toEqual([...enc(X, 'nop', '', []), ...enc(X, 'jmp', 'rel', [rel(-1)])]);
  });

  it('symbol differences within a section are constants', () => {
    const o = asm('a: nop\nnop\nb:\nmov eax, b - a\nmov ecx, . - a', X);
    const t = [...section(o).data];
    expect(t.slice(2, 8)).toEqual(enc(X, 'mov', 'r,i32', [r(EAX), i(2)]));
    expect(t.slice(8)).toEqual(enc(X, 'mov', 'r,i32', [r(ECX), i(8)]));
    expect(section(o).relocs).toEqual([]);
  });

  it('a forward difference used as an imm8 candidate keeps the 32-bit form chosen in pass 1', () => {
    const t = b('add eax, e - s\ns: nop\ne:');
    expect(t.slice(0, 6)).toEqual(enc(X, 'add', 'r,i32', [r(EAX), i(1)]));
  });
});

describe('x86 relocations', () => {
  it('extern calls and jumps get X86_REL32 with addend -4 at the rel field', () => {
    const o = asm('nop\ncall puts\njmp exit_+8\n', X);
    const t = section(o);
    expect(t.relocs).toEqual([
      { offset: 2, type: RelocType.X86_REL32, symbol: 'puts', addend: -4 },
      { offset: 7, type: RelocType.X86_REL32, symbol: 'exit_', addend: 4 },
    ]);
    expect([...t.data.subarray(2, 6)]).toEqual([0, 0, 0, 0]);
    const puts = o.symbols.find((s) => s.name === 'puts')!;
    expect(puts).toEqual({ name: 'puts', section: null, value: 0, global: true, size: 0, type: 'none' });
  });

  it('jumps to another section are relocated against its label', () => {
    const o = asm('jmp f\n.section .text.other\nnop\nf: ret', X);
    expect(section(o).relocs).toEqual([{ offset: 1, type: RelocType.X86_REL32, symbol: 'f', addend: -4 }]);
  });

  it('immediates and displacements referencing symbols get ABS32 and a 32-bit field', () => {
    const o = asm('mov eax, msg\nmov ecx, [msg+4]\nmov edx, [ebx+msg]\npush msg+1\n.data\nmsg: .long 1, 2', X);
    const t = section(o);
    const lenMov = enc(X, 'mov', 'r,i32', [r(0), i(0)]).length;
    const m1 = enc(X, 'mov', 'r,m', [r(ECX), mem(-1, -1, 0, 0)]);
    expect(t.relocs).toEqual([
      { offset: 2, type: RelocType.ABS32, symbol: 'msg', addend: 0 },
      { offset: lenMov + 3, type: RelocType.ABS32, symbol: 'msg', addend: 4 },
      { offset: lenMov + m1.length + 4, type: RelocType.ABS32, symbol: 'msg', addend: 0 },
      { offset: lenMov + m1.length + 4 + 4 + 1, type: RelocType.ABS32, symbol: 'msg', addend: 1 },
    ]);
    // [ebx+msg] uses a 32-bit displacement even though msg is 0 here
    expect(t.data[lenMov + m1.length + 2]! & 3).toBe(2);
  });

  it('local .L labels are relocated against the section symbol', () => {
    const o = asm('mov eax, .Lstr\n.section .rodata\n.byte 1\n.Lstr: .asciz "x"', X);
    expect(section(o).relocs).toEqual([{ offset: 2, type: RelocType.ABS32, symbol: '.rodata', addend: 1 }]);
    expect(o.symbols.find((s) => s.name === '.rodata')).toMatchObject({ section: '.rodata', global: false, value: 0 });
    expect(o.symbols.some((s) => s.name === '.Lstr')).toBe(false);
  });

  it('an undefined local label is an error', () => {
    expect(errorCodes('jmp .Lnowhere', X)).toEqual(['1:5 undefined-symbol']);
  });
});

describe('x86 errors', () => {
  it('reports every error of a file with line and column', () => {
    const src = [
      'start:',
      '  frob eax',            // 2 unknown mnemonic
      '  add ebz, 1',          // 3 bad register
      '  add eax, 5',
      '  shl eax, 300',        // 5 immediate out of range
      'start:',                // 6 duplicate label
      '  .bogus 4',            // 7 bad directive
      '  mov eax, [ebx*3]',    // 8 bad scale
      '  movzx eax, [ebx]',    // 9 size needed
      '  int 256',             // 10 out of range
      '  mov eax, ebx, ecx',   // 11 operand count
      '  mov eax, "s"',        // 12 string operand
    ].join('\n');
    expect(errorCodes(src, X)).toEqual([
      '2:3 unknown-mnemonic',
      '3:7 bad-register',
      '5:12 imm-range',
      '6:1 duplicate-label',
      '7:3 bad-directive',
      '8:17 bad-operand',
      '9:14 bad-operand',
      '10:7 imm-range',
      '11:7 bad-operand',
      '12:12 syntax',
    ]);
  });

  it('formats messages as path:line:col: error: message and names ranges', () => {
    const d = errors('  shl eax, 300', X)[0]!;
    expect(d.message).toContain('-128..127');
    try {
      asm('  shl eax, 300', X);
    } catch (e) {
      expect(String((e as Error).message)).toBe('t.s:1:12: error: immediate 300 out of range -128..127');
    }
  });

  it('a size prefix must match a form', () => {
    expect(errorCodes('movzx eax, dword [ebx]', X)).toEqual(['1:12 bad-operand']);
    expect(errorCodes('add byte [ebx], eax', X)).toEqual(['1:5 bad-operand']);
  });

  it('registers in expressions and bad addresses', () => {
    expect(errorCodes('mov eax, ecx+1', X)).toEqual(['1:10 bad-operand']);
    expect(errorCodes('mov eax, [ebx-ecx]', X)).toEqual(['1:15 bad-operand']);
    expect(errorCodes('mov eax, [eax+ebx+ecx]', X)).toEqual(['1:19 bad-operand']);
    expect(errorCodes('mov eax, [ebx', X)).toEqual(['1:14 syntax']);
  });

  it('labels cannot be registers', () => {
    expect(errorCodes('eax: nop', X)).toEqual(['1:1 bad-label']);
  });
});
