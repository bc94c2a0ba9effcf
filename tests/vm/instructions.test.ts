// Per-instruction tests on both personalities. ALU and condition cases are generated from the
// instruction table's forms, with expected values from independent JS reference semantics;
// the rest are written out. The last test checks every uop was exercised by some case.
import { describe, expect, it } from 'vitest';
import { INSTRS } from '../../vm/isa/instr.ts';
import { UOPS } from '../../vm/isa/uops.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { boot, build, regsAfter, uopsOf } from './harness.ts';

const covered = new Set<string>();
function run(arch: Personality, body: string, data = ''): Record<string, number> {
  const halt = arch === 'x86' ? 'cli\n hlt' : 'cpsid i\n wfi';
  for (const k of uopsOf(build(arch, ` .text\n .global _start\n_start:\n${body}\n${halt}\n .data\nbuf: .zero 64\n${data}\n`))) covered.add(k);
  return regsAfter(arch, body, data);
}

const u32 = (v: number) => v >>> 0;
type Bin = (a: number, b: number) => number;
const REF: Record<string, Bin> = {
  add: (a, b) => (a + b) | 0, sub: (a, b) => (a - b) | 0, and: (a, b) => a & b, or: (a, b) => a | b, xor: (a, b) => a ^ b,
  shl: (a, b) => a << (b & 31), shr: (a, b) => (a >>> (b & 31)) | 0, sar: (a, b) => a >> (b & 31), mul: (a, b) => Math.imul(a, b),
  udiv: (a, b) => Math.trunc(u32(a) / u32(b)) | 0, sdiv: (a, b) => Math.trunc(a / b) | 0,
  urem: (a, b) => (u32(a) % u32(b)) | 0, srem: (a, b) => (a % b) | 0, rsb: (a, b) => (b - a) | 0,
};
const PAIRS: [number, number][] = [[7, 5], [5, 7], [-1, 1], [0x7fffffff, 1], [-0x80000000, -1], [0x12345678, 0xff], [-9, 4], [9, -4], [3, 33], [0, 0x7fff]];

describe('ALU operations', () => {
  for (const pers of ['x86', 'arm'] as const) {
    const seen = new Set<string>();
    for (const d of INSTRS[pers]) {
      if (d.op.cls !== 'alu') continue;
      const shape = d.form.args.join(',');
      const key = `${d.mn} ${shape}`;
      if (seen.has(key)) continue;
      seen.add(key);
      it(`${pers} ${key}`, () => {
        for (const [a, b0] of PAIRS) {
          let b = b0;
          const immKind = d.form.args.find((k) => k.startsWith('i') || k.startsWith('u'));
          if (immKind === 'i8') { if (b < -128 || b > 127) continue; }
          if (immKind === 'u5') b = b & 31;
          if (immKind === 'i16' && (b < -32768 || b > 32767)) continue;
          if (immKind === 'u16' && (b < 0 || b > 0xffff)) continue;
          if (['udiv', 'sdiv', 'urem', 'srem'].includes(d.op.name) && b === 0) continue;
          const want = REF[d.op.name](a, b);
          let got: number;
          if (pers === 'x86') {
            const bodies: Record<string, string> = {
              'r,r': `mov eax, ${a}\n mov ebx, ${b}\n ${d.mn} eax, ebx`,
              'r,i8': `mov eax, ${a}\n ${d.mn} eax, ${b}`,
              'r,i32': `mov eax, ${a}\n ${d.mn} eax, ${b}`,
              'r,m': `mov eax, ${a}\n mov dword [buf], ${b}\n ${d.mn} eax, [buf]`,
              'm,r': `mov dword [buf], ${a}\n mov ebx, ${b}\n ${d.mn} [buf], ebx\n mov eax, [buf]`,
              'm,i8': `mov dword [buf], ${a}\n ${d.mn} dword [buf], ${b}\n mov eax, [buf]`,
              'm,i32': `mov dword [buf], ${a}\n ${d.mn} dword [buf], ${b}\n mov eax, [buf]`,
            };
            got = run('x86', bodies[shape]).eax;
          } else {
            const body = shape === 'r,r,r'
              ? `ldr r1, =${a}\n ldr r2, =${b}\n ${d.mn} r0, r1, r2`
              : `ldr r1, =${a}\n ${d.mn} r0, r1, #${b}`;
            got = run('arm', body).r0;
          }
          expect(got, `${d.mn} ${a}, ${b}`).toBe(want);
        }
      });
    }
  }
});

// Conditions after a compare, as each personality spells them, against JS predicates.
const S = (a: number, b: number) => [a | 0, b | 0];
const CONDS_X86: Record<string, (a: number, b: number) => boolean> = {
  e: (a, b) => a === b, ne: (a, b) => a !== b, l: (a, b) => a < b, ge: (a, b) => a >= b, le: (a, b) => a <= b, g: (a, b) => a > b,
  b: (a, b) => u32(a) < u32(b), ae: (a, b) => u32(a) >= u32(b), be: (a, b) => u32(a) <= u32(b), a: (a, b) => u32(a) > u32(b),
  s: (a, b) => ((a - b) | 0) < 0, ns: (a, b) => ((a - b) | 0) >= 0,
  o: (a, b) => (a - b) !== ((a - b) | 0), no: (a, b) => (a - b) === ((a - b) | 0),
};
const CONDS_ARM: Record<string, (a: number, b: number) => boolean> = {
  eq: CONDS_X86.e, ne: CONDS_X86.ne, lt: CONDS_X86.l, ge: CONDS_X86.ge, le: CONDS_X86.le, gt: CONDS_X86.g,
  lo: CONDS_X86.b, hs: CONDS_X86.ae, ls: CONDS_X86.be, hi: CONDS_X86.a, mi: CONDS_X86.s, pl: CONDS_X86.ns, vs: CONDS_X86.o, vc: CONDS_X86.no,
};
const CMP_PAIRS: [number, number][] = [[1, 2], [2, 1], [3, 3], [-1, 1], [1, -1], [-0x80000000, 1], [0x7fffffff, -1], [0, 0]];

describe('conditions after compare', () => {
  it('x86 set<cc> and j<cc>', () => {
    for (const [a, b] of CMP_PAIRS.map(([x, y]) => S(x, y))) {
      const names = Object.keys(CONDS_X86);
      const sets = names.map((c, i) => `mov ecx, 0\n set${c} ecx\n mov [buf+${i * 4}], ecx\n cmp eax, ebx`).join('\n');
      const jumps = names.map((c, i) => `cmp eax, ebx\n mov ecx, 0\n j${c} .Lt${i}\n mov ecx, 1\n.Lt${i}: mov [buf+${i * 4 + 64}], ecx`).join('\n');
      run('x86', `mov eax, ${a}\n mov ebx, ${b}\n cmp eax, ebx\n${sets}\n${jumps}\n mov esi, buf`, 'more: .zero 128');
      // read back through a second run that returns each word in eax would be slow: inspect memory instead
      const { m, exe } = boot('x86', ` .text\n .global _start\n_start:\n mov eax, ${a}\n mov ebx, ${b}\n cmp eax, ebx\n${sets}\n${jumps}\n cli\n hlt\n .data\nbuf: .zero 192\n`);
      const buf = exe.symbols.find((s) => s.name === 'buf')!.value;
      names.forEach((c, i) => {
        expect(m.mem.dv.getInt32(buf + i * 4, true), `set${c} after cmp ${a}, ${b}`).toBe(CONDS_X86[c](a, b) ? 1 : 0);
        expect(m.mem.dv.getInt32(buf + 64 + i * 4, true), `j${c} after cmp ${a}, ${b}`).toBe(CONDS_X86[c](a, b) ? 0 : 1);
      });
    }
  });
  it('arm cset and b<cc>', () => {
    for (const [a, b] of CMP_PAIRS.map(([x, y]) => S(x, y))) {
      const names = Object.keys(CONDS_ARM);
      const sets = names.map((c, i) => `cset r2, ${c}\n str r2, [r5, #${i * 4}]`).join('\n');
      const jumps = names.map((c, i) => `cmp r0, r1\n mov r2, #0\n b${c} .Lt${i}\n mov r2, #1\n.Lt${i}: str r2, [r5, #${i * 4 + 64}]`).join('\n');
      const src = ` .text\n .global _start\n_start:\n ldr r5, =buf\n ldr r0, =${a}\n ldr r1, =${b}\n cmp r0, r1\n${sets}\n${jumps}\n cpsid i\n wfi\n .data\nbuf: .zero 192\n`;
      for (const k of uopsOf(build('arm', src))) covered.add(k);
      const { m, exe } = boot('arm', src);
      const buf = exe.symbols.find((s) => s.name === 'buf')!.value;
      names.forEach((c, i) => {
        expect(m.mem.dv.getInt32(buf + i * 4, true), `cset ${c} after cmp ${a}, ${b}`).toBe(CONDS_ARM[c](a, b) ? 1 : 0);
        expect(m.mem.dv.getInt32(buf + 64 + i * 4, true), `b${c} after cmp ${a}, ${b}`).toBe(CONDS_ARM[c](a, b) ? 0 : 1);
      });
    }
  });
  it('carry after an add means carry on both personalities', () => {
    expect(run('x86', 'mov eax, -1\n mov ebx, 1\n add eax, ebx\n mov ecx, 0\n setc ecx\n mov edx, 0\n setz edx').ecx).toBe(1);
    expect(run('arm', 'mov r0, #-1\n mov r1, #1\n adds r0, r0, r1\n cset r2, cs\n cset r3, eq')).toMatchObject({ r2: 1, r3: 1 });
    expect(run('x86', 'mov eax, 1\n add eax, 1\n mov ecx, 5\n setc ecx').ecx).toBe(0);
    expect(run('arm', 'mov r0, #1\n adds r0, r0, #1\n cset r2, cs').r2).toBe(0);
  });
  it('overflow and sign after arithmetic', () => {
    expect(run('x86', 'mov eax, 0x7fffffff\n add eax, 1\n seto ecx\n sets edx')).toMatchObject({ ecx: 1, edx: 1 });
    expect(run('arm', 'ldr r0, =0x7fffffff\n adds r0, r0, #1\n cset r2, vs\n cset r3, mi')).toMatchObject({ r2: 1, r3: 1 });
    expect(run('arm', 'mov r0, #5\n subs r0, r0, #5\n cset r2, eq\n ands r1, r0, #1\n cset r3, eq\n orrs r1, r0, #2\n cset r4, ne\n eors r1, r1, #2\n cset r6, eq\n subs r0, r0, #1\n cset r7, mi')).toMatchObject({ r2: 1, r3: 1, r4: 1, r6: 1, r7: 1 });
  });
  it('x86 compare and test forms with memory operands', () => {
    const r = run('x86', `mov dword [buf], 10\n mov eax, 10\n cmp eax, [buf]\n sete ecx\n mov ebx, 3\n cmp [buf], ebx\n setg edx\n cmp dword [buf], 11\n setl esi\n cmp dword [buf], 100000\n setb edi`);
    expect(r).toMatchObject({ ecx: 1, edx: 1, esi: 1, edi: 1 });
    const t = run('x86', `mov dword [buf], 6\n mov eax, 1\n test eax, [buf]\n setz ecx\n mov ebx, 2\n test [buf], ebx\n setnz edx\n test dword [buf], 8\n setz esi\n test eax, 1\n setnz edi\n test eax, 100000\n setz ebp\n test eax, eax\n setnz ebx\n cmp eax, 1000000\n setl eax`);
    expect(t).toMatchObject({ eax: 1, ecx: 1, edx: 1, esi: 1, edi: 1, ebp: 1, ebx: 1 });
    const u = run('x86', 'mov dword [buf], 6\n test dword [buf], 1000000\n setz eax\n cmp dword [buf], 7\n setl ecx');
    expect(u).toMatchObject({ eax: 1, ecx: 1 });
    expect(run('arm', 'mov r0, #6\n mov r1, #2\n tst r0, r1\n cset r2, ne\n tst r0, #1\n cset r3, eq\n cmp r0, #6\n cset r4, eq')).toMatchObject({ r2: 1, r3: 1, r4: 1 });
  });
});

describe('moves, loads and stores', () => {
  it('x86', () => {
    const r = run('x86', `mov eax, 0x12345678\n mov ebx, eax\n mov dword [buf], 0x80ff7f81\n movzx ecx, byte [buf]\n movsx edx, byte [buf]\n movzx esi, word [buf+2]\n movsx edi, word [buf+2]\n mov ebp, buf`);
    expect(r).toMatchObject({ eax: 0x12345678, ebx: 0x12345678, ecx: 0x81, edx: -127, esi: 0x80ff, edi: -32513 });
    const s = run('x86', `mov eax, 0x11223344\n mov byte [buf], eax\n mov word [buf+2], eax\n mov ecx, [buf]\n mov byte [buf+4], 0xab\n mov word [buf+6], 0xcdef\n mov dword [buf+8], -2\n mov edx, [buf+4]\n mov esi, [buf+8]`);
    expect(s).toMatchObject({ ecx: 0x33440044 | 0, edx: 0xcdef00ab | 0, esi: -2 });
    const l = run('x86', `mov ebx, 100\n mov ecx, 3\n lea eax, [ebx+ecx*4+8]\n lea edx, [ecx*8]\n mov esi, buf\n mov dword [esi+ecx*4], 9\n mov edi, [buf+12]`);
    expect(l).toMatchObject({ eax: 120, edx: 24, edi: 9 });
  });
  it('arm', () => {
    const r = run('arm', `ldr r5, =buf\n ldr r0, =0x80ff7f81\n str r0, [r5]\n ldrb r1, [r5]\n ldrsb r2, [r5]\n ldrh r3, [r5, #2]\n ldrsh r4, [r5, #2]\n ldr r6, [r5]\n mov r7, #1\n ldr r8, [r5, r7, lsl #2]\n ldrb r9, [r5, r7]\n ldrsb r10, [r5, r7]\n mov r7, #1\n ldrh r11, [r5, r7, lsl #1]\n ldrsh r12, [r5, r7, lsl #1]`);
    expect(r).toMatchObject({ r1: 0x81, r2: -127, r3: 0x80ff, r4: -32513, r6: 0x80ff7f81 | 0, r8: 0, r9: 0x7f, r10: 0x7f, r11: 0x80ff, r12: -32513 });
    const s = run('arm', `ldr r5, =buf\n ldr r0, =0x11223344\n strb r0, [r5]\n strh r0, [r5, #2]\n ldr r1, [r5]\n mov r2, #4\n str r0, [r5, r2]\n strb r0, [r5, r2, lsl #1]\n strh r0, [r5, r2, lsl #2]\n ldr r3, [r5, #4]\n ldr r4, [r5, #8]\n ldr r6, [r5, #16]\n mov r7, r0\n movw r8, #0xbeef\n movt r8, #0xdead\n mov r9, #-5`);
    expect(s).toMatchObject({ r1: 0x33440044, r3: 0x11223344, r4: 0x44, r6: 0x3344, r7: 0x11223344, r8: 0xdeadbeef | 0, r9: -5 });
  });
});

describe('stack, calls and branches', () => {
  it('x86', () => {
    const r = run('x86', `mov eax, 5\n push eax\n push 0x1234567\n pop ebx\n pop ecx\n mov edx, 0\n call f\n mov esi, g\n call esi\n mov edi, .Lj\n jmp edi\n mov edi, 99\n.Lj: mov ebp, 1\n jmp .Lend\nf: add edx, 1\n ret\ng: add edx, 10\n ret\n.Lend: nop`);
    expect(r).toMatchObject({ ebx: 0x1234567, ecx: 5, edx: 11, ebp: 1 });
    expect(run('x86', 'mov eax, 1\n cmp eax, 2\n pushf\n pop ecx\n push 0x41\n popf\n sete edx\n setc esi').ecx & 0x8c3).toBe(0x83);
    expect(run('x86', 'push 0x41\n popf\n mov edx, 0\n sete edx\n mov esi, 0\n setc esi')).toMatchObject({ edx: 1, esi: 1 });
  });
  it('arm', () => {
    const r = run('arm', `mov r0, #1\n mov r1, #2\n mov r4, #0\n push {r0, r1}\n pop {r2, r3}\n bl f\n ldr r5, =g\n blx r5\n ldr r6, =.Lj\n bx r6\n mov r7, #99\n.Lj: mov r7, #1\n b .Lend\nf: push {r4, lr}\n add r4, r4, #1\n pop {r4, pc}\ng: add r4, r4, #10\n bx lr\n.Lend: nop`);
    expect(r).toMatchObject({ r2: 1, r3: 2, r4: 10, r7: 1 });
    expect(run('arm', 'mov r0, #1\n cmp r0, #2\n mrs r1, cpsr\n ldr r2, =0x60000000\n msr cpsr, r2\n cset r3, eq\n cset r4, cs').r1 >>> 28).toBe(0b1000);
    expect(run('arm', 'ldr r2, =0x60000000\n msr cpsr, r2\n cset r3, eq\n cset r4, cs')).toMatchObject({ r3: 1, r4: 1 });
  });
});

describe('unary, atomics, bounds, system registers', () => {
  it('x86', () => {
    const r = run('x86', `mov eax, 5\n neg eax\n mov ebx, 0x0f0f\n not ebx\n mov dword [buf], 7\n mov ecx, 9\n xchg ecx, [buf]\n mov edx, [buf]`);
    expect(r).toMatchObject({ eax: -5, ebx: ~0x0f0f, ecx: 7, edx: 9 });
    const c = run('x86', `mov dword [buf], 7\n mov eax, 7\n mov ebx, 8\n mov esi, buf\n cmpxchg [esi], ebx\n sete ecx\n mov edx, [buf]\n mov eax, 1\n cmpxchg [buf], ebx\n sete edi`);
    expect(c).toMatchObject({ ecx: 1, edx: 8, eax: 8, edi: 0 });
    const s = run('x86', `mov eax, 2\n bound eax, 3\n mov ebx, 5\n bound eax, ebx\n mov ecx, coreid\n mov edx, tsc\n rdtsc\n mov esi, cr3\n mov edi, 0\n mov cr3, edi\n invlpg [buf]\n nop\n sti\n cli`);
    expect(s.ecx).toBe(0);
    expect(s.eax).toBeGreaterThan(0);
  });
  it('arm', () => {
    const r = run('arm', `mov r0, #5\n neg r1, r0\n ldr r2, =0x0f0f\n mvn r3, r2\n ldr r5, =buf\n mov r6, #7\n str r6, [r5]\n mov r7, #9\n swp r7, [r5]\n ldr r8, [r5]`);
    expect(r).toMatchObject({ r1: -5, r3: ~0x0f0f, r7: 7, r8: 9 });
    const c = run('arm', `ldr r5, =buf\n mov r6, #7\n str r6, [r5]\n mov r0, #7\n mov r1, #8\n cas r0, r1, r5\n cset r2, eq\n ldr r3, [r5]\n mov r4, #1\n cas r4, r1, r5\n cset r6, eq`);
    expect(c).toMatchObject({ r0: 7, r2: 1, r3: 8, r4: 8, r6: 0 });
    const s = run('arm', `mov r0, #2\n chk r0, #3\n mov r1, #5\n chk r0, r1\n mrs r2, mpidr\n mrs r3, cntvct\n mrs r4, ttbr0\n mov r6, #0\n msr ttbr0, r6\n tlbiall\n tlbimva r6\n nop\n cpsie\n cpsid`);
    expect(s.r2).toBe(0);
    expect(s.r3).toBeGreaterThan(0);
  });
  it('x86 port I/O reaches the 16550 scratch register', () => {
    expect(run('x86', 'mov eax, 0x5a\n outb 0x3ff, eax\n inb ecx, 0x3ff\n mov edx, 0x3ff\n mov eax, 0x33\n outb edx, eax\n inb esi, edx\n inw edi, edx\n ind ebp, edx\n outw edx, eax\n outd edx, eax\n outw 0x3ff, eax\n outd 0x3ff, eax\n inw ebx, 0x3ff\n ind ebx, 0x3ff')).toMatchObject({ ecx: 0x5a, esi: 0x33 });
  });
});

describe('exceptions through the vector table', () => {
  it('x86: syscall, int n, int3, ud2 and divide reach their vectors and return', () => {
    const body = ` .text\n .global _start\n_start:\n mov eax, idt\n mov idtr, eax\n mov dword [idt+0x80*4], h_sys\n mov dword [idt+0x31*4], h_31\n mov dword [idt+3*4], h_bp\n mov dword [idt+6*4], h_ud\n mov dword [idt+0], h_de\n mov esi, 0\n syscall\n int 0x31\n int3\n ud2\n mov ebx, 0\n mov eax, 7\n div eax, ebx\n cli\n hlt
h_sys: add esi, 1\n add esp, 4\n iret
h_31: add esi, 10\n add esp, 4\n iret
h_bp: add esi, 100\n add esp, 4\n iret
h_ud: add esi, 1000\n add esp, 4\n mov ecx, [esp]\n add ecx, 1\n mov [esp], ecx\n iret
h_de: add esi, 10000\n add esp, 4\n mov ebx, 1\n iret
 .data\nidt: .zero 1024\n`;
    for (const k of uopsOf(build('x86', body))) covered.add(k);
    const { core, r } = boot('x86', body);
    expect(r.status).toBe('halted');
    expect(core.regs[6]).toBe(11111);
    expect(core.regs[0]).toBe(7);
  });
  it('arm: svc, udf, bkpt and divide reach their vector slots and return', () => {
    const body = ` .text\n .global _start\n_start:\n ldr r0, =vectors\n msr vbar, r0\n mov r6, #0\n svc #5\n udf #3\n bkpt #1\n mov r1, #0\n mov r2, #7\n udiv r2, r2, r1\n cpsid i\n wfi
 .align 32
vectors: b .\n b undef\n b svc\n b pabt\n b .\n b .\n b .\n b .
svc: add r6, r6, #1\n eret
undef: mrs r7, esr\n and r7, r7, #0xff\n cmp r7, #0\n beq div\n add r6, r6, #10\n mrs r8, elr\n msr elr, r8\n eret
div: add r6, r6, #1000\n mov r1, #1\n mrs r8, elr\n msr elr, r8\n eret
pabt: add r6, r6, #100\n eret\n`;
    for (const k of uopsOf(build('arm', body))) covered.add(k);
    const { core, r } = boot('arm', body);
    expect(r.status).toBe('halted');
    expect(core.regs[6]).toBe(1111);
    expect(core.regs[2]).toBe(7);
  });
  it('a fault with no vector table stops the machine with the fault', () => {
    const { r } = boot('x86', ' .text\n .global _start\n_start: mov ebx, 0\n mov eax, 1\n idiv eax, ebx\n hlt\n');
    expect(r.status).toBe('fault');
    expect(r.exitCode).toBe(125);
    expect(r.fault?.text).toMatch(/^divide pc=0x001000/);
    const a = boot('arm', ' .text\n .global _start\n_start: mov r0, #0\n chk r0, r0\n wfi\n');
    expect(a.r.fault?.text).toMatch(/^bounds/);
  });
  it('privileged instructions fault in user mode', () => {
    // drop to user mode through eret with a user-mode spsr; the next cpsid faults
    const body = ` .text\n .global _start\n_start:\n ldr r0, =vectors\n msr vbar, r0\n ldr r0, =user\n msr elr, r0\n mov r0, #0x10\n msr spsr, r0\n eret\nuser: cpsid i\n b .\n .align 32\nvectors: b .\n b undef\n b .\n b .\n b .\n b .\n b .\n b .\nundef: mrs r9, esr\n cpsid i\n wfi\n`;
    const { core, r } = boot('arm', body);
    expect(r.status).toBe('halted');
    expect(core.regs[9] & 0xff).toBe(13);
  });
});

// runs last: vitest runs a file's tests in order
it('every uop of the engine is exercised by some case above', () => {
  expect(UOPS.map((u) => u.key).filter((k) => !covered.has(k))).toEqual([]);
});
