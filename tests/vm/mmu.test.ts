// Page-table walks for both table formats: translations, permissions by mode and access kind,
// faults with their address and info bits, and the TLB's caching and flushing.
import { describe, expect, it } from 'vitest';
import { Core } from '../../vm/core/core.ts';
import { FAULT, PF_FETCH, PF_PRESENT, PF_USER, PF_WRITE } from '../../vm/core/fault.ts';
import { CAUSE, SR } from '../../vm/isa/table.ts';
import { PhysMem } from '../../vm/machine/memory.ts';
import { boot } from './harness.ts';

function fresh(pers: 'x86' | 'arm'): Core {
  const core = new Core(0, pers, new PhysMem(4 << 20));
  core.sys[SR.ptbr] = 0x10000;
  core.paging = true;
  return core;
}
const w32 = (c: Core, pa: number, v: number) => c.mem.dv.setUint32(pa, v >>> 0, true);
function expectFault(core: Core, f: () => unknown, addr: number, info: number): void {
  let thrown = false;
  try { f(); } catch (e) { if (e !== FAULT) throw e; thrown = true; }
  expect(thrown, 'expected a page fault').toBe(true);
  expect(core.fault.cause).toBe(CAUSE.page);
  expect(core.fault.addr >>> 0).toBe(addr >>> 0);
  expect(core.fault.info).toBe(info);
}

describe('x86 two-level page tables', () => {
  // PD at 0x10000; PDE[256] (VA 0x40000000) -> PT at 0x11000
  function setup(): Core {
    const c = fresh('x86');
    w32(c, 0x10000 + 256 * 4, 0x11000 | 7); // present, writable, user at the directory level
    w32(c, 0x11000 + 0 * 4, 0x200000 | 7); // user RW
    w32(c, 0x11000 + 1 * 4, 0x201000 | 5); // user RO
    w32(c, 0x11000 + 2 * 4, 0x202000 | 3); // kernel RW
    w32(c, 0x11000 + 3 * 4, 0x203000 | 6); // not present
    return c;
  }
  it('translates through the directory and table', () => {
    const c = setup();
    w32(c, 0x200010, 0xcafe);
    expect(c.ld32(0x40000010)).toBe(0xcafe);
    c.st32(0x40002ffc, 77);
    expect(c.mem.dv.getUint32(0x202ffc, true)).toBe(77);
  });
  it('faults on not-present entries with the address and access kind', () => {
    const c = setup();
    expectFault(c, () => c.ld32(0x40003000), 0x40003000, 0);
    expectFault(c, () => c.st8(0x40400000, 1), 0x40400000, PF_WRITE);
  });
  it('enforces writable and user bits, kernel writes included', () => {
    const c = setup();
    expect(c.ld32(0x40001000)).toBe(0);
    expectFault(c, () => c.st32(0x40001000, 1), 0x40001000, PF_PRESENT | PF_WRITE);
    c.setUser(true);
    expect(c.ld32(0x40000000)).toBe(0);
    expectFault(c, () => c.ld32(0x40002000), 0x40002000, PF_PRESENT | PF_USER);
    expectFault(c, () => c.st32(0x40001004, 1), 0x40001004, PF_PRESENT | PF_WRITE | PF_USER);
  });
  it('needs the user bit at both levels', () => {
    const c = setup();
    w32(c, 0x10000 + 256 * 4, 0x11000 | 3);
    c.setUser(true);
    expectFault(c, () => c.ld32(0x40000000), 0x40000000, PF_PRESENT | PF_USER);
  });
  it('caches translations in the TLB until flushed', () => {
    const c = setup();
    w32(c, 0x200000, 1);
    w32(c, 0x204000, 2);
    expect(c.ld32(0x40000000)).toBe(1);
    w32(c, 0x11000, 0x204000 | 7); // remap without telling the TLB
    expect(c.ld32(0x40000000)).toBe(1);
    c.flushTlbPage(0x40000000);
    expect(c.ld32(0x40000000)).toBe(2);
    w32(c, 0x11000, 0x200000 | 7);
    c.flushTlb();
    expect(c.ld32(0x40000000)).toBe(1);
  });
});

describe('arm short-descriptor tables', () => {
  // L1 at 0x10000: entry 0x400 (VA 0x40000000) -> L2 at 0x14000; entry 0x401 -> 1 MiB section
  function setup(): Core {
    const c = fresh('arm');
    w32(c, 0x10000 + 0x400 * 4, 0x14000 | 1);
    w32(c, 0x10000 + 0x401 * 4, 0x300000 | (3 << 10) | 2); // section, AP=011 full access
    w32(c, 0x10000 + 0x402 * 4, 0x300000 | (1 << 10) | 0x10 | 2); // section, AP=001 kernel only, XN
    w32(c, 0x14000 + 0 * 4, 0x200000 | (3 << 4) | 2); // AP=011
    w32(c, 0x14000 + 1 * 4, 0x201000 | (1 << 9) | (1 << 4) | 2); // AP=101 kernel RO
    w32(c, 0x14000 + 2 * 4, 0x202000 | (2 << 4) | 2); // AP=010 kernel RW, user RO
    w32(c, 0x14000 + 3 * 4, 0x203000 | (3 << 4) | 3); // XN small page
    return c;
  }
  it('translates small pages and sections', () => {
    const c = setup();
    w32(c, 0x200008, 5);
    expect(c.ld32(0x40000008)).toBe(5);
    w32(c, 0x3abcd0, 9);
    expect(c.ld32(0x401abcd0)).toBe(9);
  });
  it('applies AP[2:0] by mode and access kind', () => {
    const c = setup();
    expect(c.ld32(0x40001000)).toBe(0);
    expectFault(c, () => c.st32(0x40001000, 1), 0x40001000, PF_PRESENT | PF_WRITE);
    c.st32(0x40002000, 1);
    c.setUser(true);
    expect(c.ld32(0x40002000)).toBe(1);
    expectFault(c, () => c.st32(0x40002000, 1), 0x40002000, PF_PRESENT | PF_WRITE | PF_USER);
    expectFault(c, () => c.ld32(0x40001000), 0x40001000, PF_PRESENT | PF_USER);
    expectFault(c, () => c.ld32(0x40200000), 0x40200000, PF_PRESENT | PF_USER);
  });
  it('faults on fault entries and honours XN on fetch', () => {
    const c = setup();
    expectFault(c, () => c.ld32(0x40004000), 0x40004000, 0);
    expectFault(c, () => c.ld32(0x50000000), 0x50000000, 0);
    expectFault(c, () => c.xlate(0x40003000, c.needX), 0x40003000, PF_PRESENT | PF_FETCH);
  });
});

describe('paging end to end', () => {
  it('x86: enables paging, writes through a mapping, takes a page fault with cr2 and error code', () => {
    // identity-map the low 4 MiB and the stack's 4 MiB; map VA 0x40000000 -> PA 0x300000 read-only
    const src = ` .text\n .global _start\n_start:
 mov eax, idt\n mov idtr, eax\n mov dword [idt+14*4], pf
 mov ecx, 0
fill: mov eax, ecx\n shl eax, 12\n or eax, 7\n mov [0x11000+ecx*4], eax\n mov edx, ecx\n add edx, 0x1c00\n shl edx, 12\n or edx, 7\n mov [0x12000+ecx*4], edx\n add ecx, 1\n cmp ecx, 1024\n jne fill
 mov dword [0x10000], 0x11007\n mov dword [0x10000+7*4], 0x12007\n mov dword [0x10000+256*4], 0x13007\n mov dword [0x13000], 0x300005
 mov dword [0x300000], 0x5eed
 mov eax, 0x10000\n mov cr3, eax\n mov eax, 0x80000000\n mov cr0, eax
 mov esi, [0x40000000]
 mov dword [0x40000000], 1
 cli\n hlt
pf: pop ebp\n mov edi, cr2\n cli\n hlt
 .data\n .align 4096\nidt: .zero 1024\n`;
    const { core, r } = boot('x86', src);
    expect(r.status).toBe('halted');
    expect(core.regs[6]).toBe(0x5eed);
    expect(core.regs[7] >>> 0).toBe(0x40000000);
    expect(core.regs[5]).toBe(PF_PRESENT | PF_WRITE);
  });
  it('arm: enables the MMU with sections and takes a data abort with far and esr', () => {
    const src = ` .text\n .global _start\n_start:
 ldr r0, =vectors\n msr vbar, r0
 ldr r1, =0x10000\n mov r2, #0\n ldr r4, =0xc02
fill: lsl r3, r2, #20\n orr r3, r3, r4\n str r3, [r1, r2, lsl #2]\n add r2, r2, #1\n cmp r2, #64\n bne fill
 ldr r3, =0x308402\n ldr r5, =0x11000\n str r3, [r5]
 ldr r5, =0x300000\n ldr r6, =0x5eed\n str r6, [r5]
 msr ttbr0, r1\n mov r0, #1\n msr sctlr, r0
 ldr r5, =0x40000000\n ldr r7, [r5]
 str r7, [r5]
 cpsid i\n wfi
 .align 32
vectors: b .\n b .\n b .\n b .\n b abort\n b .\n b .\n b .
abort: mrs r8, far\n mrs r9, esr\n cpsid i\n wfi\n`;
    const { core, r } = boot('arm', src);
    expect(r.status).toBe('halted');
    expect(core.regs[7]).toBe(0x5eed);
    expect(core.regs[8] >>> 0).toBe(0x40000000);
    expect(core.regs[9]).toBe(CAUSE.page | ((PF_PRESENT | PF_WRITE) << 8));
  });
});
