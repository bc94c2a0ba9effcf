// One core: its register file, modes, system registers, TLB, and the memory accessors the
// interpreter calls. Everything rare (page walks, device access, exception entry, decoding)
// lives in other files so these methods stay small enough for V8 to inline into the hot loop.
import { SYSREGS, type Personality } from '../isa/table.ts';
import type { PhysMem } from '../machine/memory.ts';
import { walk } from './mmu.ts';
import { FAULT, type FaultRecord } from './fault.ts';
import { P_KR, P_KW, P_KX, P_UR, P_UW, P_UX, TLB_SIZE } from './perm.ts';


/** A core's interrupt controller as the core sees it (local APIC on x86, GIC CPU interface on arm). */
export interface IntController {
  /** an interrupt is pending for this core (whether or not the core masks it) */
  pending(core: Core): boolean;
  /** x86: acknowledge the highest-priority pending vector and return it (-1 if none) */
  ack(core: Core): number;
}

export class Core {
  readonly id: number;
  readonly pers: Personality;
  readonly isX86: boolean;
  readonly mem: PhysMem;
  /** 0-15 general registers, 16 always zero, 24-27 lazy flags (see flags.ts) */
  readonly regs = new Int32Array(32);
  readonly sys = new Int32Array(SYSREGS.length);
  pc = 0;
  cycles = 0;
  /** user mode (false = kernel) */
  user = false;
  /** interrupts enabled (x86 IF, arm !I) */
  ie = false;
  paging = false;
  /** not yet started (secondary cores wait for a start IPI) */
  off = true;
  halted = false;
  /** set when an exception could not be delivered (no vector table): the machine stops */
  stopped: FaultRecord | null = null;
  intc: IntController | null = null;
  /** the last fault raised (valid while a FAULT is in flight) */
  readonly fault: FaultRecord = { cause: 0, addr: 0, info: 0, pc: 0 };
  instructions = 0;

  // access bits needed for (read, write, execute) in the current mode
  needR = P_KR; needW = P_KW; needX = P_KX;
  readonly tlbTag = new Int32Array(TLB_SIZE).fill(-1);
  readonly tlbFrame = new Int32Array(TLB_SIZE);
  readonly tlbPerm = new Int32Array(TLB_SIZE);

  // RAM views cached here: one indirection less on every load and store
  private readonly ramSize: number;
  private readonly ram32: Int32Array;
  private readonly ram16: Uint16Array;
  private readonly ram8: Uint8Array;
  private readonly codeMark: Uint8Array;

  constructor(id: number, pers: Personality, mem: PhysMem) {
    this.id = id;
    this.pers = pers;
    this.isX86 = pers === 'x86';
    this.mem = mem;
    this.ramSize = mem.ramSize;
    this.ram32 = mem.ram32;
    this.ram16 = mem.ram16;
    this.ram8 = mem.ram8;
    this.codeMark = mem.codeMark;
  }

  setUser(user: boolean): void {
    this.user = user;
    this.needR = user ? P_UR : P_KR;
    this.needW = user ? P_UW : P_KW;
    this.needX = user ? P_UX : P_KX;
  }

  flushTlb(): void {
    this.tlbTag.fill(-1);
    this.mem.flushStraddlers();
  }
  flushTlbPage(va: number): void {
    const vpn = va >>> 12;
    const s = vpn & (TLB_SIZE - 1);
    if (this.tlbTag[s] === vpn) this.tlbTag[s] = -1;
    this.mem.flushStraddlers();
  }

  /** Raise a fault: record it and unwind to the run loop. */
  raise(cause: number, addr = 0, info = 0): never {
    const f = this.fault;
    f.cause = cause; f.addr = addr; f.info = info;
    throw FAULT;
  }

  xlate(va: number, need: number): number {
    const vpn = va >>> 12;
    const s = vpn & (TLB_SIZE - 1);
    if (this.tlbTag[s] === vpn && (this.tlbPerm[s] & need) !== 0) return this.tlbFrame[s] | (va & 0xfff);
    return walk(this, va, need);
  }

  ld32(va: number): number {
    const pa = this.paging ? this.xlate(va, this.needR) : va;
    if ((pa & 3) === 0 && (pa >>> 0) < this.ramSize) return this.ram32[pa >> 2];
    return this.mem.load(this, pa, 4);
  }
  ld16(va: number): number {
    const pa = this.paging ? this.xlate(va, this.needR) : va;
    if ((pa & 1) === 0 && (pa >>> 0) < this.ramSize) return this.ram16[pa >> 1];
    return this.mem.load(this, pa, 2);
  }
  ld8(va: number): number {
    const pa = this.paging ? this.xlate(va, this.needR) : va;
    if ((pa >>> 0) < this.ramSize) return this.ram8[pa];
    return this.mem.load(this, pa, 1);
  }
  st32(va: number, v: number): void {
    const pa = this.paging ? this.xlate(va, this.needW) : va;
    if ((pa & 3) === 0 && (pa >>> 0) < this.ramSize) {
      if (this.codeMark[pa >>> 12] !== 0) this.mem.codeWrite(pa, 4);
      this.ram32[pa >> 2] = v;
    } else this.mem.store(this, pa, 4, v);
  }
  st16(va: number, v: number): void {
    const pa = this.paging ? this.xlate(va, this.needW) : va;
    if ((pa & 1) === 0 && (pa >>> 0) < this.ramSize) {
      if (this.codeMark[pa >>> 12] !== 0) this.mem.codeWrite(pa, 2);
      this.ram16[pa >> 1] = v;
    } else this.mem.store(this, pa, 2, v);
  }
  st8(va: number, v: number): void {
    const pa = this.paging ? this.xlate(va, this.needW) : va;
    if ((pa >>> 0) < this.ramSize) {
      if (this.codeMark[pa >>> 12] !== 0) this.mem.codeWrite(pa, 1);
      this.ram8[pa] = v;
    } else this.mem.store(this, pa, 1, v);
  }
}
