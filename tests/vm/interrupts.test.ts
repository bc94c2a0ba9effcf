// Interrupt delivery and masking on both personalities (local APIC timer; GIC + generic timer),
// and IPIs between an x86 and an arm core in one run, in both directions.
import { describe, expect, it } from 'vitest';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine } from '../../vm/machine/machine.ts';
import { boot, build } from './harness.ts';

const X86_TIMER = ` .text\n .global _start\n_start:
 mov eax, idt\n mov idtr, eax\n mov dword [idt+0x20*4], tick
 mov esi, 0
 mov dword [0xfee000f0], 0x1ff          # SVR: APIC on
 mov dword [0xfee003e0], 0xb            # divide by 1
 mov dword [0xfee00320], 0x20020        # LVT timer: vector 0x20, periodic
 mov dword [0xfee00380], 1000           # initial count
 mov ecx, 0
masked: add ecx, 1\n cmp ecx, 2000\n jne masked  # interrupts still masked: no tick may arrive
 mov edi, esi
 sti
wait: cmp esi, 3\n jl wait
 cli\n hlt
tick: add esi, 1\n mov dword [0xfee000b0], 0\n add esp, 4\n iret
 .data\nidt: .zero 1024\n`;

const ARM_TIMER = ` .text\n .global _start\n_start:
 ldr r0, =vectors\n msr vbar, r0
 mov r6, #0
 ldr r1, =0xf8000000\n mov r2, #1\n str r2, [r1]         @ GICD_CTLR
 mov r2, #1\n lsl r2, r2, #30\n str r2, [r1, #0x100]       @ enable PPI 30
 ldr r1, =0xf8010000\n mov r2, #1\n str r2, [r1]         @ GICC_CTLR
 mov r2, #0xff\n str r2, [r1, #4]                          @ GICC_PMR
 ldr r1, =0xf8020000\n ldr r2, =1000\n str r2, [r1, #0x28] @ CNTP_TVAL
 mov r2, #1\n str r2, [r1, #0x2c]                          @ CNTP_CTL: enable
 mov r3, #0
masked: add r3, r3, #1\n ldr r4, =2000\n cmp r3, r4\n bne masked
 mov r7, r6
 cpsie
wait: cmp r6, #3\n blt wait
 cpsid
 ldr r1, =0xf8020000\n mov r2, #0\n str r2, [r1, #0x2c]  @ disarm: wfi wakes on a pending interrupt even when masked
 wfi
 .align 32
vectors: b .\n b .\n b .\n b .\n b .\n b .\n b irq\n b .
irq: ldr r1, =0xf8010000\n ldr r2, [r1, #0xc]             @ IAR
 cmp r2, #30\n bne .Lnot
 add r6, r6, #1
 ldr r3, =0xf8020000\n ldr r4, =1000\n str r4, [r3, #0x28]  @ re-arm
.Lnot: str r2, [r1, #0x10]                                 @ EOIR
 eret\n`;

describe('timer interrupts', () => {
  it('x86: periodic local APIC timer ticks only while interrupts are enabled', () => {
    const { core, r } = boot('x86', X86_TIMER);
    expect(r.status).toBe('halted');
    expect(core.regs[7]).toBe(0); // nothing delivered while masked
    expect(core.regs[6]).toBe(3);
    expect(core.cycles).toBeGreaterThan(3000);
  });
  it('arm: generic timer through the GIC, masked until cpsie', () => {
    const { core, r } = boot('arm', ARM_TIMER);
    expect(r.status).toBe('halted');
    expect(core.regs[7]).toBe(0);
    expect(core.regs[6]).toBe(3);
    expect(core.cycles).toBeGreaterThan(3000);
  });
  it('a halted core sleeps until its timer and does not spin the host', () => {
    const { core, r } = boot('x86', ` .text\n .global _start\n_start:
 mov eax, idt\n mov idtr, eax\n mov dword [idt+0x20*4], tick
 mov dword [0xfee000f0], 0x1ff\n mov dword [0xfee003e0], 0xb\n mov dword [0xfee00320], 0x20\n mov dword [0xfee00380], 5000000
 sti\n hlt\n cli\n hlt
tick: mov esi, 1\n mov dword [0xfee000b0], 0\n add esp, 4\n iret
 .data\nidt: .zero 1024\n`, { maxCycles: 50_000_000 });
    expect(r.status).toBe('halted');
    expect(core.regs[6]).toBe(1);
    expect(core.cycles).toBeGreaterThan(5_000_000);
    expect(core.instructions).toBeLessThan(100);
  });
});

describe('IPIs across personalities', () => {
  it('x86 core 0 interrupts arm core 1, which answers with an SGI back', () => {
    // shared words: 0xf00 ready, 0xf04 what arm received (IAR), 0xf08 what x86 received (vector)
    const x86 = build('x86', ` .text\n .global _start\n_start:
 mov eax, idt\n mov idtr, eax\n mov dword [idt+0x42*4], ipi
 mov dword [0xfee000f0], 0x1ff
 mov dword [0xf9200004], 0x200000\n mov dword [0xf9200008], 1   # start core 1 (arm)
ready: mov eax, [0xf00]\n cmp eax, 1\n jne ready
 mov dword [0xfee00310], 0x01000000                           # ICR high: destination core 1
 mov dword [0xfee00300], 0x41                                 # ICR low: fixed, vector 0x41
 sti
wait: mov eax, [0xf08]\n cmp eax, 0\n je wait
 mov dword [0xf9100000], 0
ipi: mov eax, 0x42\n mov [0xf08], eax\n mov dword [0xfee000b0], 0\n add esp, 4\n iret
 .data\nidt: .zero 1024\n`, 0x100000);
    const arm = build('arm', ` .text\n .global _start\n_start:
 ldr r0, =vectors\n msr vbar, r0
 ldr r1, =0xf8000000\n mov r2, #1\n str r2, [r1]
 ldr r1, =0xf8010000\n mov r2, #1\n str r2, [r1]\n mov r2, #0xff\n str r2, [r1, #4]
 cpsie
 mov r2, #1\n mov r3, #0xf00\n str r2, [r3]
idle: wfi\n b idle
 .align 32
vectors: b .\n b .\n b .\n b .\n b .\n b .\n b irq\n b .
irq: ldr r1, =0xf8010000\n ldr r2, [r1, #0xc]
 mov r3, #0xf04\n str r2, [r3]
 str r2, [r1, #0x10]
 ldr r1, =0xf8000000\n ldr r3, =0x10002\n str r3, [r1, #0xf00]   @ SGIR: SGI 2 to core 0
 eret\n`, 0x200000);
    const m = new Machine(presetNamed('hetero-2')!, new BufferConsole());
    m.load(x86);
    m.load(arm);
    m.startCore(0, x86.entry);
    const r = m.run({ maxCycles: 5_000_000 });
    expect(r.status).toBe('exit');
    expect(m.mem.dv.getUint32(0xf04, true)).toBe(1); // SGI 1 from core 0 (source 0 in bits 10-12)
    expect(m.mem.dv.getUint32(0xf08, true)).toBe(0x42); // arm SGI 2 arrives as x86 vector 0x42
  });
});
