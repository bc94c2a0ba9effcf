// x86 local APIC (xAPIC MMIO page, 4 KiB, banked: every x86 core sees its own APIC at the same
// address; the Lapic device routes an access by core.id to that core's LapicState). Registers
// sit at 16-byte strides; all are 32 bits wide. Writes must be 32-bit (others are ignored, as
// the real part requires dword accesses); narrow reads return the addressed bytes.
//
//  0x020 ID          ro  core id << 24
//  0x030 VERSION     ro  0x00050014 (version 0x14, max LVT entry 5)
//  0x080 TPR         rw  task priority (bits 0-7)
//  0x090 APR         ro  0
//  0x0A0 PPR         ro  processor priority (TPR, or the in-service class if higher)
//  0x0B0 EOI         wo  end of interrupt: clears the highest in-service bit
//  0x0D0 LDR         rw  logical destination (bits 24-31, flat model)
//  0x0E0 DFR         rw  destination format (bits 28-31; reset 0xFFFFFFFF; only flat is modelled)
//  0x0F0 SVR         rw  spurious vector (bits 0-7), bit 8 APIC software enable, bit 9 focus;
//                        reset 0xFF (software-disabled)
//  0x100-0x170 ISR   ro  in-service bits, 8 x 32
//  0x180-0x1F0 TMR   ro  trigger mode, 8 x 32 (always 0)
//  0x200-0x270 IRR   ro  request bits, 8 x 32
//  0x280 ESR         rw  error status: a write latches the errors seen since the last write
//                        (bit 5 send illegal vector, bit 6 receive illegal vector)
//  0x300 ICR low     rw  vector 0-7, delivery mode 8-10 (000 fixed, 001 lowest priority =
//                        fixed, 101 INIT, 110 STARTUP), destination mode 11 (0 physical,
//                        1 logical), delivery status 12 (reads 0: sending is instant), level 14,
//                        trigger 15, shorthand 18-19 (00 none, 01 self, 10 all incl. self,
//                        11 all excl. self). Writing it sends the IPI.
//  0x310 ICR high    rw  destination in bits 24-31 (physical: core id, 0xFF = broadcast;
//                        logical: bitmask matched against each APIC's LDR bits 24-31)
//  0x320 LVT timer   rw  vector 0-7, mask 16, mode 17-18 (00 one-shot, 01 periodic; TSC
//                        deadline mode 10 is not modelled and behaves as one-shot)
//  0x330 LVT thermal / 0x340 LVT perf   rw  stored, never fire
//  0x350 LVT LINT0   rw  vector 0-7, mode 8-10, polarity 13, trigger 15 (1 level), mask 16:
//                        the machine's shared device lines (the 16550 UART) arrive here; only
//                        fixed delivery (mode 000) is modelled (no 8259 behind ExtINT)
//  0x360 LVT LINT1   rw  stored, never fires
//  0x370 LVT error   rw  vector 0-7, mask 16: raised when an error is recorded
//  0x380 TIMER initial count   rw  writing starts the timer (0 stops it)
//  0x390 TIMER current count   ro
//  0x3E0 TIMER divide config   rw  bits 0,1,3: 000 /2, 001 /4, 010 /8, 011 /16, 100 /32,
//                                   101 /64, 110 /128, 111 /1
// All LVTs reset masked (0x00010000). Clearing SVR bit 8 masks every LVT.
//
// "all" shorthands and the 0xFF broadcast reach the machine's x86 cores (the APIC bus); a
// specific destination may be any core id, and the machine maps the vector for an arm target
// (types.ts ipiToArm). Fixed IPIs to a core that is still off are dropped (an AP waiting for
// SIPI ignores them); STARTUP to an off core calls bus.startCore(dest, vector << 12); INIT is
// accepted and ignored (cores are off until started, there is nothing to reset).
//
// Timer: it counts down by one every `divide` core cycles. The state keeps (start cycle, count
// at start) and derives the current count from core.cycles when read. tick(core) (or any
// access) notices expiry and sets the LVT timer vector in IRR; a periodic timer reloads from the
// initial count at the exact expiry cycle, so its phase never drifts however late tick() runs
// (expiries missed in between collapse into one IRR bit, as on real hardware).
import type { Core } from '../core/core.ts';
import { sub } from './access.ts';
import { ipiToX86, type CoreIntc, type Device, type MachineBus } from './types.ts';

export const LAPIC_SIZE = 0x1000;
export const LAPIC_VERSION = 0x00050014;

export const LAPIC_REG = {
  ID: 0x020, VERSION: 0x030, TPR: 0x080, APR: 0x090, PPR: 0x0a0, EOI: 0x0b0, LDR: 0x0d0, DFR: 0x0e0,
  SVR: 0x0f0, ISR: 0x100, TMR: 0x180, IRR: 0x200, ESR: 0x280, ICR_LO: 0x300, ICR_HI: 0x310,
  LVT_TIMER: 0x320, LVT_THERMAL: 0x330, LVT_PERF: 0x340, LVT_LINT0: 0x350, LVT_LINT1: 0x360,
  LVT_ERROR: 0x370, TIMER_INIT: 0x380, TIMER_CUR: 0x390, TIMER_DIV: 0x3e0,
} as const;

export const SVR_ENABLE = 1 << 8;
export const LVT_MASKED = 1 << 16;
export const LVT_PERIODIC = 1 << 17;
const LVT_LEVEL = 1 << 15;
export const ICR_FIXED = 0 << 8;
export const ICR_LOWEST = 1 << 8;
export const ICR_INIT = 5 << 8;
export const ICR_STARTUP = 6 << 8;
export const ICR_LOGICAL = 1 << 11;
export const ICR_SELF = 1 << 18;
export const ICR_ALL = 2 << 18;
export const ICR_OTHERS = 3 << 18;
export const ESR_SEND_ILLEGAL = 1 << 5;
export const ESR_RECV_ILLEGAL = 1 << 6;

/** The divisor a divide-configuration value selects (bits 0, 1 and 3). */
export function lapicDivide(dcr: number): number {
  const v = ((dcr & 8) >> 1) | (dcr & 3);
  return v === 7 ? 1 : 2 << v;
}

function highest(bits: Uint32Array): number {
  for (let i = 7; i >= 0; i--) if (bits[i] !== 0) return i * 32 + 31 - Math.clz32(bits[i]);
  return -1;
}
const test = (bits: Uint32Array, v: number): boolean => (bits[v >> 5] & (1 << (v & 31))) !== 0;
const set = (bits: Uint32Array, v: number): void => { bits[v >> 5] |= 1 << (v & 31); };
const clear = (bits: Uint32Array, v: number): void => { bits[v >> 5] &= ~(1 << (v & 31)); };

/** One x86 core's local APIC: its registers, and the core's interrupt controller. */
export class LapicState implements CoreIntc {
  readonly core: Core;
  tpr = 0;
  svr = 0xff;
  ldr = 0;
  dfr = -1;
  readonly isr = new Uint32Array(8);
  readonly tmr = new Uint32Array(8);
  readonly irr = new Uint32Array(8);
  esr = 0;
  private errors = 0;
  icrLo = 0;
  icrHi = 0;
  lvtTimer = LVT_MASKED;
  lvtThermal = LVT_MASKED;
  lvtPerf = LVT_MASKED;
  lvtLint0 = LVT_MASKED;
  lvtLint1 = LVT_MASKED;
  lvtError = LVT_MASKED;
  timerInitial = 0;
  dcr = 0;
  private armed = false;
  private start = 0;
  private startCount = 0;
  private lint0 = false;
  /** called first by tick() (the machine's device poll, e.g. UART input); set by createDevices */
  poll: (() => void) | null = null;

  constructor(core: Core) {
    this.core = core;
  }

  get id(): number {
    return this.core.id;
  }

  // ---- CoreIntc ----

  pending(_core: Core): boolean {
    return this.deliverable() >= 0;
  }

  ack(_core: Core): number {
    const v = this.deliverable();
    if (v < 0) return -1;
    clear(this.irr, v);
    set(this.isr, v);
    return v;
  }

  ipi(num: number, from: Core): void {
    if (this.core.off) return; // an AP waiting for SIPI ignores fixed interrupts
    this.accept(ipiToX86(num, from.pers));
  }

  /** Any shared device line: wired to LINT0. */
  line(_irq: number, level: boolean): void {
    const rising = level && !this.lint0;
    this.lint0 = level;
    this.fireLint0(rising);
  }

  tick(core: Core): void {
    this.poll?.();
    this.advance(core.cycles);
  }

  nextDeadline(core: Core): number {
    this.advance(core.cycles);
    return this.armed && !(this.lvtTimer & LVT_MASKED) ? this.deadline() : Infinity;
  }

  // ---- interrupt state ----

  /** The vector the core would take now, or -1. */
  private deliverable(): number {
    if (!(this.svr & SVR_ENABLE)) return -1;
    const v = highest(this.irr);
    if (v < 0) return -1;
    return v >> 4 > this.pprClass() ? v : -1;
  }

  private pprClass(): number {
    const isrv = highest(this.isr);
    return Math.max(this.tpr >> 4, isrv < 0 ? 0 : isrv >> 4);
  }

  ppr(): number {
    const isrv = highest(this.isr);
    const tprClass = this.tpr >> 4;
    const isrClass = isrv < 0 ? 0 : isrv >> 4;
    return tprClass >= isrClass ? this.tpr : isrClass << 4;
  }

  /** A vector arrives (IPI, LVT): record it in IRR, or an error for vectors 0-15. */
  accept(v: number): void {
    v &= 0xff;
    if (v < 16) this.error(ESR_RECV_ILLEGAL);
    else set(this.irr, v);
  }

  error(bits: number): void {
    this.errors |= bits;
    const e = this.lvtError;
    if (!(e & LVT_MASKED) && (e & 0xff) >= 16) set(this.irr, e & 0xff);
  }

  eoi(): void {
    const v = highest(this.isr);
    if (v >= 0) clear(this.isr, v);
    this.fireLint0(false);
  }

  /** LINT0: an edge raises the vector once; a level line re-raises it while high and idle. */
  private fireLint0(edge: boolean): void {
    const l = this.lvtLint0;
    if (!this.lint0 || (l & LVT_MASKED) || ((l >> 8) & 7) !== 0) return;
    const v = l & 0xff;
    if (l & LVT_LEVEL) {
      if (!test(this.irr, v) && !test(this.isr, v)) this.accept(v);
    } else if (edge) this.accept(v);
  }

  // ---- timer ----

  private deadline(): number {
    return this.start + this.startCount * lapicDivide(this.dcr);
  }

  /** Process a timer expiry at or before `now`. */
  private advance(now: number): void {
    if (!this.armed) return;
    const d = this.deadline();
    if (now < d) return;
    if (!(this.lvtTimer & LVT_MASKED)) this.accept(this.lvtTimer & 0xff);
    if ((this.lvtTimer & LVT_PERIODIC) && this.timerInitial > 0) {
      const period = this.timerInitial * lapicDivide(this.dcr);
      this.start = d + Math.floor((now - d) / period) * period;
      this.startCount = this.timerInitial;
    } else {
      this.armed = false;
    }
  }

  currentCount(now: number): number {
    this.advance(now);
    if (!this.armed) return 0;
    const elapsed = Math.floor((now - this.start) / lapicDivide(this.dcr));
    return Math.max(0, this.startCount - elapsed);
  }

  setInitialCount(now: number, value: number): void {
    this.timerInitial = value >>> 0;
    this.armed = this.timerInitial !== 0;
    this.start = now;
    this.startCount = this.timerInitial;
  }

  setDivide(now: number, value: number): void {
    if (this.armed) {
      // rebase: keep the count reached so far, count on at the new rate
      const cur = this.currentCount(now);
      if (this.armed) { this.start = now; this.startCount = cur; }
    }
    this.dcr = value & 0xb;
  }

  setSvr(value: number): void {
    this.svr = value & 0x3ff;
    if (!(this.svr & SVR_ENABLE)) {
      this.lvtTimer |= LVT_MASKED; this.lvtThermal |= LVT_MASKED; this.lvtPerf |= LVT_MASKED;
      this.lvtLint0 |= LVT_MASKED; this.lvtLint1 |= LVT_MASKED; this.lvtError |= LVT_MASKED;
    }
  }

  /** LVT writes: while the APIC is software-disabled the mask bit stays set. */
  lvt(value: number, writable: number): number {
    const v = value & writable;
    return this.svr & SVR_ENABLE ? v : v | LVT_MASKED;
  }

  setLint0Lvt(value: number): void {
    this.lvtLint0 = this.lvt(value, 0x0001a7ff);
    this.fireLint0(false); // unmasking a level line that is high raises it
  }

  latchEsr(): void {
    this.esr = this.errors;
    this.errors = 0;
  }

  // ---- registers ----

  readReg(now: number, off: number): number {
    if (off >= 0x100 && off < 0x280) {
      const i = (off >> 4) & 7;
      return off < 0x180 ? this.isr[i] : off < 0x200 ? this.tmr[i] : this.irr[i];
    }
    switch (off) {
      case 0x020: return this.core.id << 24;
      case 0x030: return LAPIC_VERSION;
      case 0x080: return this.tpr;
      case 0x0a0: return this.ppr();
      case 0x0d0: return this.ldr;
      case 0x0e0: return this.dfr;
      case 0x0f0: return this.svr;
      case 0x280: return this.esr;
      case 0x300: return this.icrLo;
      case 0x310: return this.icrHi;
      case 0x320: return this.lvtTimer;
      case 0x330: return this.lvtThermal;
      case 0x340: return this.lvtPerf;
      case 0x350: return this.lvtLint0;
      case 0x360: return this.lvtLint1;
      case 0x370: return this.lvtError;
      case 0x380: return this.timerInitial;
      case 0x390: return this.currentCount(now);
      case 0x3e0: return this.dcr;
      default: return 0;
    }
  }
}

/** The LAPIC page: routes each access to the accessing core's LapicState. */
export class Lapic implements Device {
  readonly name = 'lapic';
  /** per core id; undefined for arm cores (their accesses read 0 and are ignored) */
  readonly states: (LapicState | undefined)[];

  constructor(private readonly bus: MachineBus) {
    this.states = bus.cores.map((c) => (c.isX86 ? new LapicState(c) : undefined));
  }

  read(core: Core, offset: number, size: number): number {
    const s = this.states[core.id];
    if (!s || (offset & 0xc) !== 0) return 0;
    return sub(s.readReg(core.cycles, offset & ~0xf), offset, size);
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const s = this.states[core.id];
    if (!s || size !== 4) return;
    switch (offset) {
      case 0x080: s.tpr = value & 0xff; return;
      case 0x0b0: s.eoi(); return;
      case 0x0d0: s.ldr = value & 0xff000000; return;
      case 0x0e0: s.dfr = value | 0x0fffffff; return;
      case 0x0f0: s.setSvr(value); return;
      case 0x280: s.latchEsr(); return;
      case 0x300: s.icrLo = value & 0x000ccfff; this.send(core, s); return;
      case 0x310: s.icrHi = value & 0xff000000; return;
      case 0x320: s.lvtTimer = s.lvt(value, 0x000700ff); return;
      case 0x330: s.lvtThermal = s.lvt(value, 0x000107ff); return;
      case 0x340: s.lvtPerf = s.lvt(value, 0x000107ff); return;
      case 0x350: s.setLint0Lvt(value); return;
      case 0x360: s.lvtLint1 = s.lvt(value, 0x0001a7ff); return;
      case 0x370: s.lvtError = s.lvt(value, 0x000100ff); return;
      case 0x380: s.setInitialCount(core.cycles, value); return;
      case 0x3e0: s.setDivide(core.cycles, value); return;
    }
  }

  /** ICR low was written: deliver to every destination. */
  private send(core: Core, s: LapicState): void {
    const lo = s.icrLo;
    const vector = lo & 0xff;
    const mode = (lo >> 8) & 7;
    const cores = this.bus.cores;
    const targets: number[] = [];
    const x86All = (self: boolean) => { for (const c of cores) if (c.isX86 && (self || c.id !== core.id)) targets.push(c.id); };
    switch ((lo >> 18) & 3) {
      case 0: {
        const dest = s.icrHi >>> 24;
        if (lo & ICR_LOGICAL) {
          for (const t of this.states) if (t && (t.ldr >>> 24) & dest) targets.push(t.id);
        } else if (dest === 0xff) x86All(true);
        else targets.push(dest);
        break;
      }
      case 1: targets.push(core.id); break;
      case 2: x86All(true); break;
      case 3: x86All(false); break;
    }
    if (mode === 0 || mode === 1) {
      if (vector < 16) { s.error(ESR_SEND_ILLEGAL); return; }
      for (const t of targets) this.bus.sendIpi(core, t, vector);
    } else if (mode === 6) {
      for (const t of targets) if (cores[t]?.off) this.bus.startCore(t, vector << 12);
    }
  }
}
