// ARM generic timer, one CNTBaseN frame (MMIO 4 KiB), banked: every arm core sees its own
// physical timer at the same address (the GTimer device routes by core.id). The register map
// is os-src/devices/gtimer.dev; offsets and bits come from its generated layout
// (vm/devices/gen/gtimer.ts). What the model does with it:
//  CNTPCT     the core's cycle counter (core.cycles); CNTVCT the same (CNTVOFF reads 0)
//  CNTFRQ     100000000 (the machine's nominal 100 MHz: one cycle is 10 ns)
//  CNTP_CVAL  64-bit compare value; CNTP_TVAL (signed 32 bits): a write sets CVAL = CNTPCT +
//             value, a read gives CVAL - CNTPCT
//  CNTP_CTL   ENABLE and IMASK stored; ISTATUS (read-only) = ENABLE and CNTPCT >= CVAL
// The virtual timer registers (0x030-0x03C) are not modelled (RAZ/WI). All registers are 32
// bits; writes of other widths are ignored, narrow reads return the addressed bytes.
//
// The output is a level: ISTATUS and not IMASK. It drives PPI 30 of the core's GicCpuState,
// which reads it from here whenever it evaluates pending interrupts (so there is nothing to
// latch and the line drops as soon as software moves CVAL, disables or masks the timer).
import type { Core } from '../core/core.ts';
import { sub, writableBits } from './access.ts';
import * as L from './gen/gtimer.ts';
import type { Device } from './types.ts';

export const GTIMER_SIZE = 0x1000;
export const CNTFRQ = 100_000_000;
export const TIMER_PPI = 30;

export const CTL_ENABLE = L.CNTP_CTL.fields.enable.mask;
export const CTL_IMASK = L.CNTP_CTL.fields.imask.mask;
export const CTL_ISTATUS = L.CNTP_CTL.fields.istatus.mask;

const CTL_WRITABLE = writableBits(L.CNTP_CTL);
const TWO32 = 4294967296;
const TWO64 = TWO32 * TWO32;

/** One arm core's physical timer. */
export class GTimerState {
  /** compare value, an unsigned 64-bit count (exact below 2^53) */
  cval = 0;
  /** ENABLE and IMASK */
  ctl = 0;

  istatus(now: number): boolean {
    return (this.ctl & CTL_ENABLE) !== 0 && now >= this.cval;
  }

  /** the timer's interrupt output */
  level(now: number): boolean {
    return this.istatus(now) && !(this.ctl & CTL_IMASK);
  }

  /** the cycle at which the output will rise, or Infinity (also when it is already high) */
  deadline(now: number): number {
    return (this.ctl & (CTL_ENABLE | CTL_IMASK)) === CTL_ENABLE && this.cval > now ? this.cval : Infinity;
  }

  setTval(now: number, value: number): void {
    const c = now + (value | 0);
    this.cval = c < 0 ? c + TWO64 : c;
  }

  readReg(now: number, off: number): number {
    switch (off) {
      case L.CNTPCT_LO.offset: case L.CNTVCT_LO.offset: return now % TWO32;
      case L.CNTPCT_HI.offset: case L.CNTVCT_HI.offset: return Math.floor(now / TWO32);
      case L.CNTFRQ.offset: return CNTFRQ;
      case L.CNTP_CVAL_LO.offset: return this.cval % TWO32;
      case L.CNTP_CVAL_HI.offset: return Math.floor(this.cval / TWO32);
      case L.CNTP_TVAL.offset: return (this.cval - now) | 0;
      case L.CNTP_CTL.offset: return this.ctl | (this.istatus(now) ? CTL_ISTATUS : 0);
      default: return 0; // CNTVOFF and unmodelled offsets
    }
  }

  writeReg(now: number, off: number, value: number): void {
    switch (off) {
      case L.CNTP_CVAL_LO.offset: this.cval = Math.floor(this.cval / TWO32) * TWO32 + (value >>> 0); break;
      case L.CNTP_CVAL_HI.offset: this.cval = (value >>> 0) * TWO32 + (this.cval % TWO32); break;
      case L.CNTP_TVAL.offset: this.setTval(now, value); break;
      case L.CNTP_CTL.offset: this.ctl = value & CTL_WRITABLE; break;
    }
  }
}

/** The timer frame: routes each access to the accessing core's GTimerState. */
export class GTimer implements Device {
  readonly name = 'gtimer';
  /** per core id; undefined for x86 cores (their accesses read 0 and are ignored) */
  readonly timers: (GTimerState | undefined)[];

  constructor(cores: readonly Core[]) {
    this.timers = cores.map((c) => (c.isX86 ? undefined : new GTimerState()));
  }

  read(core: Core, offset: number, size: number): number {
    const t = this.timers[core.id];
    return t ? sub(t.readReg(core.cycles, offset & ~3), offset, size) : 0;
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const t = this.timers[core.id];
    if (t && size === 4) t.writeReg(core.cycles, offset, value);
  }
}
