// Intrinsics: core_id, cycles, mmio reads/writes, port I/O (x86), irq/halt forms, syscall
// (argument registers, result, values live across it) and trap.
import { describe, expect, it } from 'vitest';
import { emitAsm } from '../../compiler/fin/codegen/index.ts';
import { Fn, global, imm, module, words } from './builder.ts';
import { ARCHES, run, runBoth } from './run.ts';

describe('intrinsics', () => {
  it('core_id and cycles', () => {
    const m = new Fn('main', 0);
    const c1 = m.intrinsic('cycles', [], true);
    const n = m.load(4, m.addr('v'));
    const x = m.bin('mul', n, n);
    m.store(4, x, m.addr('v'));
    const c2 = m.intrinsic('cycles', [], true);
    const grew = m.cmp('ugt', m.bin('sub', c2, c1), imm(0));
    const id = m.intrinsic('core_id', [], true);
    m.ret(m.bin('add', m.bin('mul', id, imm(10)), grew));
    const runs = runBoth(module([m], [global('v', 4, words(3))]));
    for (const arch of ARCHES) {
      expect(runs[arch].result).toBe(1);
      expect(runs[arch].asm).toMatch(arch === 'x86' ? /mov \w+, coreid[\s\S]*mov \w+, tsc|mov \w+, tsc/ : /mrs \w+, cntvct/);
    }
  });

  it('mmio reads and writes of every width, to variable and constant addresses', () => {
    const m = new Fn('main', 0);
    const p = m.addr('dev');
    m.intrinsic('mmio_write32', [p, imm(0x11223344)]);
    m.intrinsic('mmio_write8', [m.bin('add', p, imm(4)), imm(0xab)]);
    m.intrinsic('mmio_write16', [m.bin('add', p, imm(6)), m.const(0xbeef)]);
    const a = m.intrinsic('mmio_read8', [p], true); // 0x44
    const b = m.intrinsic('mmio_read16', [m.bin('add', p, imm(6))], true); // 0xbeef (zero-extended)
    const c = m.intrinsic('mmio_read32', [p], true);
    m.intrinsic('mmio_read32', [p], false); // value unused: the read still happens
    const sum = m.bin('add', m.bin('add', a, b), m.bin('xor', c, imm(0x11223344)));
    m.store(4, sum, m.addr('res'));
    // a constant address: the exit device, with the result's low byte
    m.intrinsic('mmio_write32', [imm(0xf9100000), imm(77)]);
    m.ret(imm(1));
    const runs = runBoth(module([m], [global('dev', 8), global('res', 4)]));
    for (const arch of ARCHES) {
      expect(runs[arch].r.exitCode).toBe(77);
      expect(runs[arch].word('res')).toBe(0x44 + 0xbeef);
      expect(runs[arch].bytes('dev', 8)).toEqual([0x44, 0x33, 0x22, 0x11, 0xab, 0, 0xef, 0xbe]);
    }
  });

  it('port I/O on x86 (the exit device port), rejected on arm', () => {
    const m = new Fn('main', 0);
    const z = m.intrinsic('port_in8', [imm(0xf4)], true);
    const port = m.load(4, m.addr('port'));
    const w = m.intrinsic('port_in32', [port], true);
    m.intrinsic('port_out8', [port, m.bin('add', m.bin('add', z, w), imm(42))]);
    m.ret(imm(0));
    const mod = module([m], [global('port', 4, words(0xf4))]);
    const x = run(mod, 'x86');
    expect(x.r.status).toBe('exit');
    expect(x.r.exitCode).toBe(42);
    expect(x.asm).toMatch(/inb \w+, 244/);
    expect(x.asm).toMatch(/outb \w+, \w+/);
    expect(() => emitAsm(mod, 'arm')).toThrow(/x86 only/);
  });

  it('irq, halt and wait forms', () => {
    const m = new Fn('main', 0, { returnsValue: false });
    m.intrinsic('irq_disable', []);
    m.intrinsic('irq_enable', []);
    m.intrinsic('halt', []);
    m.intrinsic('wait_for_interrupt', []);
    m.ret();
    const x86 = emitAsm(module([m]), 'x86'), arm = emitAsm(module([m]), 'arm');
    expect(x86).toMatch(/cli\n\s+sti\n\s+hlt\n\s+hlt/);
    expect(arm).toMatch(/cpsid i\n\s+cpsie i\n\s+wfi\n\s+wfi/);
  });

  it('trap raises a software fault with its code; the code must be constant', () => {
    const m = new Fn('main', 0);
    m.intrinsic('trap', [imm(42)]);
    m.unreachable();
    for (const arch of ARCHES) {
      const x = run(module([m]), arch);
      expect(x.r.status).toBe('fault');
      expect(x.r.fault!.text).toMatch(/^trap 42/);
    }
    const bad = new Fn('main', 1);
    bad.intrinsic('trap', [bad.params[0]!]);
    bad.unreachable();
    expect(() => emitAsm(module([bad]), 'x86')).toThrow(/@trap code must be an immediate/);
  });
});

// Exception vectors for the syscall test: the handler checks nothing itself; it returns
// n * 1000 + (a0 + ... + a5) and clobbers the caller-saved registers, as a kernel may.
const HANDLERS = {
  x86: {
    prelude: 'mov eax, idt\n  mov idtr, eax',
    extra: `
  .text
sys_handler:
  add esp, 4
  imul eax, 1000
  add eax, ecx
  add eax, edx
  add eax, ebx
  add eax, esi
  add eax, edi
  add eax, ebp
  mov ecx, 0xdead
  mov edx, 0xdead
  iret
  .data
  .align 4
idt:
  .zero 0x200
  .long sys_handler
`,
  },
  arm: {
    prelude: 'ldr r0, =vectors\n  msr vbar, r0',
    extra: `
  .text
  .align 4
vectors:
  udf #1
  udf #1
  b sys_handler
  udf #1
  udf #1
  udf #1
  udf #1
sys_handler:
  mov ip, #1000
  mul r7, r7, ip
  add r0, r0, r7
  add r0, r0, r1
  add r0, r0, r2
  add r0, r0, r3
  add r0, r0, r4
  add r0, r0, r5
  ldr r1, =0xdead
  mov r2, r1
  mov r3, r1
  mov ip, r1
  eret
`,
  },
};

describe('syscall', () => {
  it('passes the number and six arguments in registers and returns the result; live values survive', () => {
    for (let nargs = 0; nargs <= 6; nargs++) {
      const m = new Fn('main', 0);
      // values that must survive the syscall, some in callee-saved registers
      const live = Array.from({ length: 8 }, (_, i) => m.load(4, m.addr('vals', 4 * i)));
      // the handler reads all six argument registers: the rest are constant zeros
      const args = [...live.slice(0, nargs), ...Array.from({ length: 6 - nargs }, () => imm(0))];
      const r = m.intrinsic('syscall', [imm(7), ...args], true);
      let acc = r;
      live.forEach((v, i) => { acc = m.bin('add', acc, m.bin('mul', v, imm(i + 3))); });
      m.ret(acc);
      const vals = [1, 20, 300, 4000, 50000, 600000, 7000000, 80000000];
      const want = 7000 + vals.slice(0, nargs).reduce((a, b) => a + b, 0) + vals.reduce((s, v, i) => s + v * (i + 3), 0);
      for (const arch of ARCHES) {
        const x = run(module([m], [global('vals', 32, words(...vals))]), arch, HANDLERS[arch]);
        expect(x.r.status, `${arch} ${nargs} args: ${x.r.fault?.text ?? ''}`).toBe('exit');
        expect(x.result | 0, `${arch} ${nargs} args`).toBe(want | 0);
      }
    }
  });

  it('sets up the registers the convention names (eax/ecx.. ebp; r7, r0-r5)', () => {
    const m = new Fn('main', 0);
    m.intrinsic('syscall', [imm(9), imm(10), imm(11), imm(12), imm(13), imm(14), imm(15)], true);
    m.ret(imm(0));
    for (const arch of ARCHES) {
      const x = run(module([m]), arch);
      expect(x.r.status).toBe('fault');
      expect(x.r.fault!.record.cause).toBe(32);
      const regs = arch === 'x86' ? [0, 1, 2, 3, 6, 7, 5] : [7, 0, 1, 2, 3, 4, 5];
      expect(regs.map((r) => x.core.regs[r])).toEqual([9, 10, 11, 12, 13, 14, 15]);
    }
  });
});
