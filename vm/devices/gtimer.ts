// ARM generic timer, one CNTBaseN frame (MMIO 4 KiB), banked: every arm core sees its own
// physical timer at the same address (the GTimer device routes by core.id). Real frame layout:
//
//  0x000 CNTPCT lo   ro  physical count = the core's cycle counter (core.cycles)
//  0x004 CNTPCT hi   ro
//  0x008 CNTVCT lo   ro  virtual count (CNTVOFF is 0, so = CNTPCT)
//  0x00C CNTVCT hi   ro
//  0x010 CNTFRQ      ro  100000000 (the machine's nominal 100 MHz: one cycle is 10 ns)
//  0x018 CNTVOFF lo  ro  0
//  0x01C CNTVOFF hi  ro  0
//  0x020 CNTP_CVAL lo  rw  compare value (64 bits)
//  0x024 CNTP_CVAL hi  rw
//  0x028 CNTP_TVAL   rw  signed 32 bits: write sets CVAL = CNTPCT + value; read gives CVAL - CNTPCT
//  0x02C CNTP_CTL    rw  bit 0 ENABLE, bit 1 IMASK, bit 2 ISTATUS (ro: ENABLE and CNTPCT >= CVAL)
//
// The virtual timer registers (0x030-0x03C) are not modelled (RAZ/WI). All registers are 32
// bits; writes of other widths are ignored, narrow reads return the addressed bytes.
//
// The output is a level: ISTATUS and not IMASK. It drives PPI 30 of the core's GicCpuState,
// which reads it from here whenever it evaluates pending interrupts (so there is nothing to
// latch and the line drops as soon as software moves CVAL, disables or masks the timer).
import type { Core } from '../core/core.ts';
import { sub } from './access.ts';
import type { Device } from './types.ts';

export const GTIMER_SIZE = 0x1000;
export const CNTFRQ = 100_000_000;
export const TIMER_PPI = 30;

export const GTIMER_REG = {
  CNTPCT_LO: 0x000, CNTPCT_HI: 0x004, CNTVCT_LO: 0x008, CNTVCT_HI: 0x00c, CNTFRQ: 0x010,
  CNTVOFF_LO: 0x018, CNTVOFF_HI: 0x01c, CNTP_CVAL_LO: 0x020, CNTP_CVAL_HI: 0x024, CNTP_TVAL: 0x028, CNTP_CTL: 0x02c,
} as const;

export const CTL_ENABLE = 1;
export const CTL_IMASK = 2;
export const CTL_ISTATUS = 4;

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
      case 0x000: case 0x008: return now % TWO32;
      case 0x004: case 0x00c: return Math.floor(now / TWO32);
      case 0x010: return CNTFRQ;
      case 0x020: return this.cval % TWO32;
      case 0x024: return Math.floor(this.cval / TWO32);
      case 0x028: return (this.cval - now) | 0;
      case 0x02c: return this.ctl | (this.istatus(now) ? CTL_ISTATUS : 0);
      default: return 0;
    }
  }

  writeReg(now: number, off: number, value: number): void {
    switch (off) {
      case 0x020: this.cval = Math.floor(this.cval / TWO32) * TWO32 + (value >>> 0); break;
      case 0x024: this.cval = (value >>> 0) * TWO32 + (this.cval % TWO32); break;
      case 0x028: this.setTval(now, value); break;
      case 0x02c: this.ctl = value & (CTL_ENABLE | CTL_IMASK); break;
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
