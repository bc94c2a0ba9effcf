// Disassembler: linear decoding, undecodable data, symbols, and re-assembly of whole listings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disassemble, formatInstr } from '../../compiler/asm/index.ts';
import { asm, def, section } from './helpers.ts';

const X86_PROG = `
start:
  mov eax, 5
  add eax, 1000
  add eax, dword 3
  sub ecx, -1
  mov ebx, [ebp-8]
  mov [esi+edi*2+0x100], eax
  movzx edx, byte [ebx]
  mov word [ebx], ecx
  mov byte [eax], 0x41
loop:
  cmp eax, 10
  jl loop
  jae done
  call start
  mov cr3, eax
  mov eax, tsc
  outb 0x3f8, eax
  inb eax, edx
  sete eax
  int 0x80
done:
  ret
`;

const ARM_PROG = `
start:
  push {r4-r7, lr}
  mov r0, #-1
  movw r1, #0xffff
  movt r1, #0x1234
  add r0, r1, r2
  subs r3, r3, #1
  lsl r4, r5, #3
  ldr r0, [sp, #-8]
  strb r1, [r2, r3, lsl #1]
  ldr r2, =0xdeadbeef
loop:
  cmp r0, #10
  blt loop
  bhs done
  bl start
  cset r0, ne
  mrs r0, cpsr
  msr ttbr0, r0
  svc #1
done:
  pop {r4-r7, pc}
`;

for (const [arch, prog] of [['x86', X86_PROG], ['arm', ARM_PROG]] as const) {
  describe(`${arch} disassembler`, () => {
    it('re-assembles a whole listing to the same bytes', () => {
      const text = section(asm(prog, arch)).data;
      const lines = disassemble(text, arch);
      expect(lines.every((l) => !l.text.startsWith('.'))).toBe(true);
      expect(lines.flatMap((l) => l.bytes)).toEqual([...text]);
      const again = section(asm(lines.map((l) => l.text).join('\n'), arch)).data;
      expect([...again]).toEqual([...text]);
    });

    it('prints addresses from the base and annotates branch targets with symbols', () => {
      const o = asm(prog, arch);
      const text = section(o).data;
      const syms = o.symbols.filter((s) => s.section === '.text').map((s) => ({ name: s.name, value: s.value + 0x1000 }));
      const lines = disassemble(text, arch, 0x1000, syms);
      expect(lines[0]!.addr).toBe(0x1000);
      const loopAddr = 0x1000 + o.symbols.find((s) => s.name === 'loop')!.value;
      const back = lines.find((l) => l.text.startsWith(arch === 'x86' ? 'jl' : 'blt'))!;
      expect(back.text).toBe(`${arch === 'x86' ? 'jl' : 'blt'} 0x${loopAddr.toString(16)} ${arch === 'x86' ? ';' : '@'} <loop>`);
      const call = lines.find((l) => l.text.startsWith(arch === 'x86' ? 'call' : 'bl '))!;
      expect(call.text).toContain('<start>');
    });

    it('never throws on arbitrary bytes and accounts for every byte', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 0xffffffff }), (bytes, base) => {
        const lines = disassemble(bytes, arch, base);
        expect(lines.flatMap((l) => l.bytes)).toEqual([...bytes]);
        let addr = base;
        for (const l of lines) {
          expect(l.addr).toBe(addr >>> 0);
          addr += l.bytes.length;
        }
      }), { seed: 42, numRuns: 300 });
    });
  });
}

describe('undecodable input', () => {
  it('x86 prints .byte and continues', () => {
    const nop = def('x86', 'nop', '').id + 1;
    const lines = disassemble(new Uint8Array([0x00, nop, 0xff]), 'x86');
    expect(lines.map((l) => l.text)).toEqual(['.byte 0x0', 'nop', '.byte 0xff']);
  });

  it('arm prints .word, and .byte for a trailing partial word', () => {
    const nop = def('arm', 'nop', '').id + 1;
    const lines = disassemble(new Uint8Array([0, 0, 0, 0, 0, 0, 0, nop, 1, 2]), 'arm');
    expect(lines.map((l) => l.text)).toEqual(['.word 0x0', 'nop', '.byte 0x1', '.byte 0x2']);
  });

  it('the .byte/.word fallbacks re-assemble to the same bytes', () => {
    const x = asm('.byte 0x0\n.byte 0xff', 'x86');
    expect([...section(x).data]).toEqual([0, 0xff]);
    const a = asm('.word 0xffffffff', 'arm');
    expect([...section(a).data]).toEqual([0xff, 0xff, 0xff, 0xff]);
  });
});

describe('formatInstr', () => {
  it('marks small imm32 values dword when an imm8 twin exists', () => {
    expect(formatInstr('x86', { id: def('x86', 'add', 'r,i32').id, args: [{ k: 'r', r: 0 }, { k: 'i', v: 5 }] }, 0)).toBe('add eax, dword 5');
    expect(formatInstr('x86', { id: def('x86', 'add', 'r,i32').id, args: [{ k: 'r', r: 0 }, { k: 'i', v: 500 }] }, 0)).toBe('add eax, 0x1f4');
    expect(formatInstr('x86', { id: def('x86', 'mov', 'r,i32').id, args: [{ k: 'r', r: 0 }, { k: 'i', v: 5 }] }, 0)).toBe('mov eax, 5');
  });

  it('prints memory operands and sizes', () => {
    const m = { k: 'm' as const, base: 3, index: 1, scale: 2, disp: -8 };
    expect(formatInstr('x86', { id: def('x86', 'movzx', 'r,m', 'byte').id, args: [{ k: 'r', r: 0 }, m] }, 0)).toBe('movzx eax, byte [ebx+ecx*4-8]');
    expect(formatInstr('arm', { id: def('arm', 'ldr', 'r,mo').id, args: [{ k: 'r', r: 0 }, { k: 'm', base: 13, index: -1, scale: 0, disp: 0 }] }, 0)).toBe('ldr r0, [sp]');
    expect(formatInstr('arm', { id: def('arm', 'ldr', 'r,mx').id, args: [{ k: 'r', r: 0 }, { k: 'm', base: 1, index: 2, scale: 3, disp: 0 }] }, 0)).toBe('ldr r0, [r1, r2, lsl #3]');
  });

  it('prints branch targets as absolute addresses', () => {
    expect(formatInstr('arm', { id: def('arm', 'b', 'rel,cond').id, args: [{ k: 'rel', v: -8 }, { k: 'cond', c: 'armhi' }] }, 0x100)).toBe('bhi 0xf8');
    expect(formatInstr('x86', { id: def('x86', 'jmp', 'rel').id, args: [{ k: 'rel', v: 16 }] }, 0x100)).toBe('jmp 0x110');
  });
});
