// x86 local APIC (xAPIC MMIO page, 4 KiB, banked: every x86 core sees its own APIC at the same
// address; the Lapic device routes an access by core.id to that core's LapicState). The
// register map is os-src/devices/lapic.dev; offsets and bits come from its generated layout
// (vm/devices/gen/lapic.ts). Registers sit at 16-byte strides; all are 32 bits wide. Writes
// must be 32-bit (others are ignored, as the real part requires dword accesses); narrow reads
// return the addressed bytes. A write stores the register's writable fields only.
//
// What the model does with them:
//  ID        core id; VERSION 0x14 with max LVT 5; APR reads 0; TMR reads 0
//  PPR       TPR, or the in-service class if higher
//  EOI       clears the highest in-service bit
//  LDR, DFR  flat logical destinations only; DFR's low 28 bits read as ones
//  SVR       bit 8 enables the APIC; reset 0xFF (software-disabled); clearing it masks every LVT
//  ESR       a write latches the errors seen since the last write (send/receive illegal vector)
//  ICR low   writing sends: delivery fixed, lowest priority (= fixed), INIT, STARTUP; physical
//            or logical destination; delivery status reads 0 (sending is instant)
//  ICR high  destination: physical core id (0xFF = broadcast) or logical mask against LDR
//  LVT timer one-shot or periodic (TSC-deadline mode is not modelled and behaves as one-shot)
//  LVT LINT0 the machine's shared device lines (the 16550 UART) arrive here; only fixed
//            delivery is modelled (no 8259 behind ExtINT); edge or level trigger
//  LVT thermal, perf, LINT1: stored, never fire; LVT error: raised when an error is recorded
//  timer     initial count (writing starts it, 0 stops it), current count, divide configuration
// All LVTs reset masked.
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
import { sub, writableBits } from './access.ts';
import * as L from './gen/lapic.ts';
import { ipiToX86, type CoreIntc, type Device, type MachineBus } from './types.ts';

export const LAPIC_SIZE = 0x1000;

const F = { icr: L.ICR_LO.fields, lvt: L.LVT_TIMER.fields, lint: L.LVT_LINT0.fields, div: L.TIMER_DIV.fields };
const { dm_fixed: DM_FIXED, dm_lowest: DM_LOWEST, dm_startup: DM_STARTUP } = L.C_DELIVERY.values;
const SH = L.C_SHORTHAND.values;
const dlvMode = (m: number) => m << F.icr.dlv_mode.lsb;
const shorthand = (s: number) => s << F.icr.dst_short.lsb;

export const LAPIC_VERSION = (L.C_APIC_IDENT.values.apic_version << L.VERSION.fields.ver.lsb)
  | (L.C_APIC_IDENT.values.apic_max_lvt << L.VERSION.fields.max_lvt.lsb);
export const SVR_ENABLE = L.SVR.fields.enable.mask;
export const LVT_MASKED: number = F.lvt.mask.mask;
export const LVT_PERIODIC = L.C_TIMER_MODE.values.periodic << F.lvt.mode.lsb;
const LVT_LEVEL = L.C_TRIGGER_MODE.values.level << F.lint.trigger.lsb;
export const ICR_INIT = dlvMode(L.C_DELIVERY.values.dm_init);
export const ICR_STARTUP = dlvMode(DM_STARTUP);
export const ICR_LOGICAL = L.C_DEST_MODE.values.logical << F.icr.dst_mode.lsb;
export const ICR_SELF = shorthand(SH.sh_self);
export const ICR_ALL = shorthand(SH.sh_all);
export const ICR_OTHERS = shorthand(SH.sh_others);
export const ESR_SEND_ILLEGAL = L.ESR.fields.send_illegal.mask;
export const ESR_RECV_ILLEGAL = L.ESR.fields.recv_illegal.mask;

const VECTOR = F.icr.vector.mask;
const APIC_ID_LSB = L.ID.fields.apicid.lsb;
const DEST_LSB = L.ICR_HI.fields.dest.lsb;
/** physical destination 0xFF: every x86 core */
const BROADCAST = L.ICR_HI.fields.dest.mask >>> DEST_LSB;
const LDR_ID_LSB = L.LDR.fields.log_id.lsb;
const PCLASS_LSB = L.TPR.fields.pclass.lsb;
/** a 256-bit vector bank (ISR, TMR, IRR): word i of the bank is at base + i * stride */
const BANK_STRIDE_LOG2 = Math.log2(L.ISR.stride);
const BANKS_END = L.IRR.offset + L.IRR.count * L.IRR.stride;
const W = {
  tpr: writableBits(L.TPR), ldr: writableBits(L.LDR), svr: writableBits(L.SVR), icrLo: writableBits(L.ICR_LO),
  icrHi: writableBits(L.ICR_HI), timer: writableBits(L.LVT_TIMER), mon: writableBits(L.LVT_THERMAL),
  lint: writableBits(L.LVT_LINT0), error: writableBits(L.LVT_ERROR), div: writableBits(L.TIMER_DIV),
};
/** DFR bits that always read as one: its must-be-one (mb1) field */
const DFR_ONES = Object.values(L.DFR.fields).reduce((m: number, f) => (f.access === 'mb1' ? m | f.mask : m), 0);

/** The divisor a divide-configuration value selects (bits 0, 1 and 3; 0b111 divides by 1). */
export function lapicDivide(dcr: number): number {
  const v = (((dcr & F.div.div_hi.mask) >> F.div.div_hi.lsb) << F.div.div_lo.width) | (dcr & F.div.div_lo.mask);
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
  /** reset: spurious vector 0xFF, software-disabled */
  svr: number = L.SVR.fields.vector.mask;
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
    return v >> PCLASS_LSB > this.pprClass() ? v : -1;
  }

  /** priority classes: a vector's top four bits, as TPR/PPR's pclass field */
  private pprClass(): number {
    const isrv = highest(this.isr);
    return Math.max(this.tpr >> PCLASS_LSB, isrv < 0 ? 0 : isrv >> PCLASS_LSB);
  }

  ppr(): number {
    const isrv = highest(this.isr);
    const tprClass = this.tpr >> PCLASS_LSB;
    const isrClass = isrv < 0 ? 0 : isrv >> PCLASS_LSB;
    return tprClass >= isrClass ? this.tpr : isrClass << PCLASS_LSB;
  }

  /** A vector arrives (IPI, LVT): record it in IRR, or an error for vectors 0-15. */
  accept(v: number): void {
    v &= VECTOR;
    if (v < 16) this.error(ESR_RECV_ILLEGAL);
    else set(this.irr, v);
  }

  error(bits: number): void {
    this.errors |= bits;
    const e = this.lvtError;
    if (!(e & LVT_MASKED) && (e & VECTOR) >= 16) set(this.irr, e & VECTOR);
  }

  eoi(): void {
    const v = highest(this.isr);
    if (v >= 0) clear(this.isr, v);
    this.fireLint0(false);
  }

  /** LINT0: an edge raises the vector once; a level line re-raises it while high and idle. */
  private fireLint0(edge: boolean): void {
    const l = this.lvtLint0;
    if (!this.lint0 || (l & LVT_MASKED) || (l & F.lint.dlv_mode.mask) !== dlvMode(DM_FIXED)) return;
    const v = l & VECTOR;
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
    if (!(this.lvtTimer & LVT_MASKED)) this.accept(this.lvtTimer & VECTOR);
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
    this.dcr = value & W.div;
  }

  setSvr(value: number): void {
    this.svr = value & W.svr;
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
    this.lvtLint0 = this.lvt(value, W.lint);
    this.fireLint0(false); // unmasking a level line that is high raises it
  }

  latchEsr(): void {
    this.esr = this.errors;
    this.errors = 0;
  }

  // ---- registers ----

  readReg(now: number, off: number): number {
    if (off >= L.ISR.offset && off < BANKS_END) {
      const i = (off >> BANK_STRIDE_LOG2) & (L.ISR.count - 1);
      return off < L.TMR.offset ? this.isr[i] : off < L.IRR.offset ? this.tmr[i] : this.irr[i];
    }
    switch (off) {
      case L.ID.offset: return this.core.id << APIC_ID_LSB;
      case L.VERSION.offset: return LAPIC_VERSION;
      case L.TPR.offset: return this.tpr;
      case L.PPR.offset: return this.ppr();
      case L.LDR.offset: return this.ldr;
      case L.DFR.offset: return this.dfr;
      case L.SVR.offset: return this.svr;
      case L.ESR.offset: return this.esr;
      case L.ICR_LO.offset: return this.icrLo;
      case L.ICR_HI.offset: return this.icrHi;
      case L.LVT_TIMER.offset: return this.lvtTimer;
      case L.LVT_THERMAL.offset: return this.lvtThermal;
      case L.LVT_PERF.offset: return this.lvtPerf;
      case L.LVT_LINT0.offset: return this.lvtLint0;
      case L.LVT_LINT1.offset: return this.lvtLint1;
      case L.LVT_ERROR.offset: return this.lvtError;
      case L.TIMER_INIT.offset: return this.timerInitial;
      case L.TIMER_CUR.offset: return this.currentCount(now);
      case L.TIMER_DIV.offset: return this.dcr;
      default: return 0; // APR, TMR and unmodelled offsets
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
      case L.TPR.offset: s.tpr = value & W.tpr; return;
      case L.EOI.offset: s.eoi(); return;
      case L.LDR.offset: s.ldr = value & W.ldr; return;
      case L.DFR.offset: s.dfr = value | DFR_ONES; return;
      case L.SVR.offset: s.setSvr(value); return;
      case L.ESR.offset: s.latchEsr(); return;
      case L.ICR_LO.offset: s.icrLo = value & W.icrLo; this.send(core, s); return;
      case L.ICR_HI.offset: s.icrHi = value & W.icrHi; return;
      case L.LVT_TIMER.offset: s.lvtTimer = s.lvt(value, W.timer); return;
      case L.LVT_THERMAL.offset: s.lvtThermal = s.lvt(value, W.mon); return;
      case L.LVT_PERF.offset: s.lvtPerf = s.lvt(value, W.mon); return;
      case L.LVT_LINT0.offset: s.setLint0Lvt(value); return;
      case L.LVT_LINT1.offset: s.lvtLint1 = s.lvt(value, W.lint); return;
      case L.LVT_ERROR.offset: s.lvtError = s.lvt(value, W.error); return;
      case L.TIMER_INIT.offset: s.setInitialCount(core.cycles, value); return;
      case L.TIMER_DIV.offset: s.setDivide(core.cycles, value); return;
    }
  }

  /** ICR low was written: deliver to every destination. */
  private send(core: Core, s: LapicState): void {
    const lo = s.icrLo;
    const vector = lo & VECTOR;
    const mode = (lo & F.icr.dlv_mode.mask) >> F.icr.dlv_mode.lsb;
    const cores = this.bus.cores;
    const targets: number[] = [];
    const x86All = (self: boolean) => { for (const c of cores) if (c.isX86 && (self || c.id !== core.id)) targets.push(c.id); };
    switch ((lo & F.icr.dst_short.mask) >>> F.icr.dst_short.lsb) {
      case SH.sh_none: {
        const dest = s.icrHi >>> DEST_LSB;
        if (lo & ICR_LOGICAL) {
          for (const t of this.states) if (t && (t.ldr >>> LDR_ID_LSB) & dest) targets.push(t.id);
        } else if (dest === BROADCAST) x86All(true);
        else targets.push(dest);
        break;
      }
      case SH.sh_self: targets.push(core.id); break;
      case SH.sh_all: x86All(true); break;
      case SH.sh_others: x86All(false); break;
    }
    if (mode === DM_FIXED || mode === DM_LOWEST) {
      if (vector < 16) { s.error(ESR_SEND_ILLEGAL); return; }
      for (const t of targets) this.bus.sendIpi(core, t, vector);
    } else if (mode === DM_STARTUP) {
      for (const t of targets) if (cores[t]?.off) this.bus.startCore(t, vector << 12);
    }
  }
}
