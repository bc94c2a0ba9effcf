// ARM GICv2 (modelled on a GIC-400 without security extensions): 64 interrupt ids.
//   0-15  SGIs  software-generated (IPIs), banked per arm core, always enabled (as on GIC-400)
//  16-31  PPIs  private peripheral interrupts, banked per arm core; PPI 30 = generic timer
//  32-63  SPIs  shared; SPI 33 = the PL011 UART's line
// CPU interface numbers are core ids: bit i of a target list or of ITARGETSR means core i, so
// only cores 0-7 can be named that way (GICv2 has 8 CPU interfaces; see SGIR below for the
// shoal extension that reaches any core).
//
// The register maps are os-src/devices/gicd.dev (distributor, MMIO 4 KiB, shared; SGI/PPI
// words banked by the accessing core) and gicc.dev (CPU interface, MMIO 4 KiB, banked by the
// accessing arm core); offsets and bits come from their generated layouts (vm/devices/gen/).
// What the model does with them:
//  GICD_TYPER      64 ids; CPUNumber = min(ncores-1, 7); no security extensions
//  IGROUPR         RAZ/WI (everything is group 0)
//  ISENABLER       SGI bits read 1 and ignore writes (always enabled, as on GIC-400)
//  ISPENDR         SGI bits ignore writes (SGIs are made pending only by SGIR)
//  ICPENDR         a level line that is still high stays pending
//  IPRIORITYR      all 8 bits implemented; ITARGETSR ids 0-31 read the accessing core's bit
//  ICFGR           ICFGR0 (SGIs) reads 0xAAAAAAAA (edge), ICFGR1 (PPIs) 0 (level), both fixed
//  GICD_SGIR       filter 00 the list (bit i = core i), 01 every other arm core, 10 the
//                  requesting core only, 11 (reserved on GICv2; shoal extension) target list
//                  field = one target core id, any core 0-255
//  ID registers    GIC-400 PIDR4..7, PIDR0..3 (PIDR2 = 0x2B: GICv2), CIDR0..3
//  GICC_PMR        resets to 0, which masks everything: software must write it (0xFF lets every
//                  priority through), as on real hardware
//  GICC_BPR        reset 2: group priority = priority bits [7:BPR+1], which decides preemption
//  GICC_IAR        the highest-priority signalled id becomes active and is returned, for an SGI
//                  with the source core (sources 8 and up report 0); 1023 when none is
//  GICC_EOIR       write the value IAR gave; the id is deactivated
//  GICC_RPR        running priority, 0xFF when idle; GICC_HPPIR: not filtered by PMR/RPR
//
// An interrupt is signalled to a core when GICD_CTLR and GICC_CTLR are enabled and an enabled,
// pending, not active id targeting the core has priority < PMR and a group priority above the
// running priority's. Level-sensitive ids are pending while their line is high (SPI lines via
// line(), PPI 30 from the core's generic timer, evaluated on every look); edge-triggered SPIs
// latch on a rising line. An SGI is pending per source core; IAR takes the lowest source and the
// others stay pending. All word registers need 32-bit writes; narrow reads give the bytes.
import type { Core } from '../core/core.ts';
import { lowestBit, sub, writableBits } from './access.ts';
import * as C from './gen/gicc.ts';
import * as D from './gen/gicd.ts';
import { TIMER_PPI, type GTimerState } from './gtimer.ts';
import { ipiToArm, type CoreIntc, type Device, type MachineBus } from './types.ts';

export const GICD_SIZE = 0x1000;
export const GICC_SIZE = 0x1000;
/** one priority byte per interrupt id */
export const GIC_IDS = D.IPRIORITYR.count;
export const GIC_SPURIOUS = C.C_INT_SPECIAL.values.spurious;
export const UART_SPI = 33;
export const GICD_IIDR = D.C_GICD_IDENT.values.gicd_iidr_gic400;
export const GICC_IIDR = C.C_GICC_IDENT.values.gicc_iidr_gic400;

const SGIR = D.SGIR.fields;
const FILTER = D.C_SGI_FILTER.values;
export const SGIR_OTHERS = FILTER.sgi_others << SGIR.filter.lsb;
export const SGIR_SELF = FILTER.sgi_self << SGIR.filter.lsb;
export const SGIR_CORE = FILTER.sgi_core << SGIR.filter.lsb;

/** the set/clear register pairs: enable, pending, active (index = BANK_* below) */
const BANKS = [[D.ISENABLER, D.ICENABLER], [D.ISPENDR, D.ICPENDR], [D.ISACTIVER, D.ICACTIVER]] as const;
const BANK_ENABLE = 0, BANK_PENDING = 1;
/** Which bank word `off` is: bank << 2 | clear << 1 | word (word 1 = the SPIs), or -1. */
function bankWord(off: number): number {
  for (let k = 0; k < BANKS.length; k++) {
    for (let c = 0; c < 2; c++) {
      const r = BANKS[k][c];
      if (off >= r.offset && off < r.offset + r.count * r.stride) return (k << 2) | (c << 1) | ((off - r.offset) / r.stride);
    }
  }
  return -1;
}
const within = (off: number, r: { offset: number; count: number; stride: number }) => off >= r.offset && off < r.offset + r.count * r.stride;

/** ICFGR words: SGIs (fixed edge), PPIs (fixed level), then the two SPI words */
const ICFGR_SPI = D.ICFGR.offset + 2 * D.ICFGR.stride;
const ICFG_SGI_EDGE = 0xaaaaaaaa | 0;
const ID_BASE = D.PIDR_HI.offset;
const ID_END = D.CIDR.offset + D.CIDR.count * D.CIDR.stride;
const PRIO = C.PMR.fields.priority.mask;
const INT_ID = C.IAR.fields.int_id.mask;
const SRC_LSB = C.IAR.fields.cpu_id.lsb;
/** id and source together: what identifies an SGI instance at EOI */
const ID_AND_SRC = INT_ID | C.IAR.fields.cpu_id.mask;
const W = { dctlr: writableBits(D.CTLR), cctlr: writableBits(C.CTLR), pmr: writableBits(C.PMR), bpr: writableBits(C.BPR) };

// GIC-400 identification registers from 0xFD0: PIDR4-7, PIDR0-3, CIDR0-3
const ID_REGS = [0x04, 0, 0, 0, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

const bit = (i: number): number => 1 << (i & 31);

/** The shared part of the GIC: SPI state, and the banked states of the arm cores. */
export class GicDistributor implements Device {
  readonly name = 'gicd';
  ctlr = 0;
  /** per core id; undefined for x86 cores */
  readonly cpus: (GicCpuState | undefined)[];
  // SPIs 32-63: bit (id - 32) of each mask
  spiEnable = 0;
  spiLatch = 0;
  spiActive = 0;
  spiLine = 0;
  spiEdge = 0;
  readonly spiPrio = new Uint8Array(32);
  readonly spiTarget = new Uint8Array(32);
  /** ICFGR2, ICFGR3 */
  readonly spiCfg = new Int32Array(2);

  constructor(private readonly bus: MachineBus, timers: readonly (GTimerState | undefined)[]) {
    this.cpus = bus.cores.map((c) => (c.isX86 ? undefined : new GicCpuState(c, this, timers[c.id])));
  }

  spiPending(): number {
    return this.spiLatch | (this.spiLine & ~this.spiEdge);
  }

  /** A shared (SPI) line changed level. */
  setLine(irq: number, level: boolean): void {
    if (irq < 32 || irq >= GIC_IDS) return;
    const b = bit(irq - 32);
    if (level && !(this.spiLine & b) && (this.spiEdge & b)) this.spiLatch |= b;
    this.spiLine = level ? this.spiLine | b : this.spiLine & ~b;
  }

  read(core: Core, offset: number, size: number): number {
    if (within(offset, D.IPRIORITYR) || within(offset, D.ITARGETSR)) {
      let v = 0;
      for (let k = 0; k < size; k++) v |= this.byteReg(core, offset + k) << (8 * k);
      return size === 4 ? v : v >>> 0;
    }
    return sub(this.reg(core, offset & ~3), offset, size);
  }

  private byteReg(core: Core, off: number): number {
    const me = this.cpus[core.id];
    if (within(off, D.IPRIORITYR)) {
      const id = off - D.IPRIORITYR.offset;
      return id < 32 ? (me ? me.prio[id] : 0) : this.spiPrio[id - 32];
    }
    const id = off - D.ITARGETSR.offset;
    return id < 32 ? (me && core.id < 8 ? 1 << core.id : 0) : this.spiTarget[id - 32];
  }

  private reg(core: Core, off: number): number {
    const me = this.cpus[core.id];
    switch (off) {
      case D.CTLR.offset: return this.ctlr;
      case D.TYPER.offset:
        return ((GIC_IDS / 32 - 1) << D.TYPER.fields.it_lines.lsb) | (Math.min(this.bus.cores.length - 1, 7) << D.TYPER.fields.cpu_number.lsb);
      case D.IIDR.offset: return GICD_IIDR;
      case D.ICFGR.offset: return ICFG_SGI_EDGE;
      case ICFGR_SPI: return this.spiCfg[0];
      case ICFGR_SPI + 4: return this.spiCfg[1];
    }
    const b = bankWord(off);
    if (b >= 0) {
      const spi = (b & 1) !== 0;
      switch (b >> 2) {
        case BANK_ENABLE: return spi ? this.spiEnable : me ? me.enabled() : 0;
        case BANK_PENDING: return spi ? this.spiPending() : me ? me.bankedPending(core.cycles) : 0;
        default: return spi ? this.spiActive : me ? me.active : 0;
      }
    }
    if (off >= ID_BASE && off < ID_END) return ID_REGS[(off - ID_BASE) >> 2];
    return 0;
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const me = this.cpus[core.id];
    if (within(offset, D.IPRIORITYR)) {
      for (let k = 0; k < size; k++) {
        const id = offset + k - D.IPRIORITYR.offset;
        const b = (value >>> (8 * k)) & 0xff;
        if (id >= 32) this.spiPrio[id - 32] = b;
        else if (me) me.prio[id] = b;
      }
      return;
    }
    if (within(offset, D.ITARGETSR)) {
      for (let k = 0; k < size; k++) {
        const id = offset + k - D.ITARGETSR.offset;
        if (id >= 32) this.spiTarget[id - 32] = (value >>> (8 * k)) & 0xff;
      }
      return;
    }
    if (size !== 4) return;
    const v = value | 0;
    const b = bankWord(offset);
    if (b >= 0) {
      const spi = (b & 1) !== 0;
      const setting = (b & 2) === 0;
      const ppi = v & ~0xffff; // SGI bits are fixed (enable) or set only by SGIR (pending)
      switch (b >> 2) {
        case BANK_ENABLE:
          if (spi) this.spiEnable = setting ? this.spiEnable | v : this.spiEnable & ~v;
          else if (me) me.ppiEnable = setting ? me.ppiEnable | ppi : me.ppiEnable & ~ppi;
          break;
        case BANK_PENDING:
          if (spi) this.spiLatch = setting ? this.spiLatch | v : this.spiLatch & ~v;
          else if (me) me.latch = setting ? me.latch | ppi : me.latch & ~ppi;
          break;
        default:
          if (spi) this.spiActive = setting ? this.spiActive | v : this.spiActive & ~v;
          else if (me) me.active = setting ? me.active | v : me.active & ~v;
          break;
      }
      return;
    }
    switch (offset) {
      case D.CTLR.offset: this.ctlr = v & W.dctlr; return;
      case ICFGR_SPI: case ICFGR_SPI + 4: {
        this.spiCfg[(offset - ICFGR_SPI) >> 2] = v & ICFG_SGI_EDGE;
        let edge = 0;
        for (let i = 0; i < 32; i++) if (this.spiCfg[i >> 4] & bit(2 * (i & 15) + 1)) edge |= bit(i);
        this.spiEdge = edge;
        return;
      }
      case D.SGIR.offset: this.sgir(core, v); return;
    }
  }

  private sgir(core: Core, v: number): void {
    const sgi = v & SGIR.sgi_id.mask;
    const list = (v & SGIR.target_list.mask) >>> SGIR.target_list.lsb;
    const cores = this.bus.cores;
    switch ((v & SGIR.filter.mask) >>> SGIR.filter.lsb) {
      case FILTER.sgi_list:
        for (let i = 0; i < 8 && i < cores.length; i++) if (list & (1 << i)) this.bus.sendIpi(core, i, sgi);
        break;
      case FILTER.sgi_others:
        for (const c of cores) if (!c.isX86 && c.id !== core.id) this.bus.sendIpi(core, c.id, sgi);
        break;
      case FILTER.sgi_self: this.bus.sendIpi(core, core.id, sgi); break;
      case FILTER.sgi_core: this.bus.sendIpi(core, list, sgi); break;
    }
  }
}

/** One arm core's banked GIC state (SGIs, PPIs) and CPU interface: its interrupt controller. */
export class GicCpuState implements CoreIntc {
  readonly core: Core;
  readonly dist: GicDistributor;
  readonly timer: GTimerState | undefined;
  ctlr = 0;
  pmr = 0;
  bpr = 2;
  /** PPI enables (bits 16-31); SGIs are always enabled */
  ppiEnable = 0;
  /** PPI pending latches (bits 16-31), set by ISPENDR */
  latch = 0;
  /** active ids 0-31 */
  active = 0;
  /** external PPI lines (bits 16-31), from line() */
  ppiLine = 0;
  readonly prio = new Uint8Array(32);
  /** per SGI: pending sources, bit s for core s < 8, bit 8 for any core >= 8 (or unknown) */
  readonly sgiSrc = new Uint16Array(16);
  /** acknowledged, not yet ended: id | source << 10 | priority << 16, oldest first */
  private readonly activeStack: number[] = [];
  /** called first by tick() (the machine's device poll, e.g. UART input); set by createDevices */
  poll: (() => void) | null = null;

  constructor(core: Core, dist: GicDistributor, timer: GTimerState | undefined) {
    this.core = core;
    this.dist = dist;
    this.timer = timer;
  }

  enabled(): number {
    return 0xffff | this.ppiEnable;
  }

  bankedPending(now: number): number {
    let p = this.latch | this.ppiLine;
    if (this.timer?.level(now)) p |= bit(TIMER_PPI);
    for (let i = 0; i < 16; i++) if (this.sgiSrc[i] !== 0) p |= 1 << i;
    return p;
  }

  runningPriority(): number {
    let rp: number = PRIO; // idle
    for (const e of this.activeStack) rp = Math.min(rp, (e >>> 16) & PRIO);
    return rp;
  }

  /**
   * The highest-priority pending, enabled, inactive id for this core as id | priority << 16,
   * or -1. `filtered`: also apply the CPU interface enable, PMR and running priority.
   */
  private best(now: number, filtered: boolean): number {
    const d = this.dist;
    if (!(d.ctlr & D.CTLR.fields.enable.mask) || (filtered && !(this.ctlr & C.CTLR.fields.enable.mask))) return -1;
    const gmask = (PRIO << (this.bpr + 1)) & PRIO;
    const rgroup = this.runningPriority() & gmask;
    const limit = filtered ? this.pmr : 0x100;
    let bestId = -1;
    let bestPrio = 0x100;
    const consider = (id: number, p: number): void => {
      if (p < bestPrio && p < limit && (!filtered || (p & gmask) < rgroup)) { bestId = id; bestPrio = p; }
    };
    for (let m = this.bankedPending(now) & this.enabled() & ~this.active; m !== 0; m &= m - 1) {
      const id = lowestBit(m);
      consider(id, this.prio[id]);
    }
    const self = this.core.id < 8 ? 1 << this.core.id : 0;
    for (let m = d.spiPending() & d.spiEnable & ~d.spiActive; m !== 0; m &= m - 1) {
      const i = lowestBit(m);
      if (d.spiTarget[i] & self) consider(32 + i, d.spiPrio[i]);
    }
    return bestId < 0 ? -1 : bestId | (bestPrio << 16);
  }

  /** GICC_IAR read */
  acknowledge(now: number): number {
    const c = this.best(now, true);
    if (c < 0) return GIC_SPURIOUS;
    const id = c & INT_ID;
    let src = 0;
    if (id < 16) {
      const s = lowestBit(this.sgiSrc[id]);
      this.sgiSrc[id] &= ~(1 << s);
      src = s < 8 ? s : 0;
      this.active |= 1 << id;
    } else if (id < 32) {
      this.latch &= ~bit(id);
      this.active |= bit(id);
    } else {
      this.dist.spiLatch &= ~bit(id - 32);
      this.dist.spiActive |= bit(id - 32);
    }
    this.activeStack.push(id | (src << SRC_LSB) | (c & 0xff0000));
    return id | (src << SRC_LSB);
  }

  /** GICC_HPPIR read */
  highestPending(now: number): number {
    const c = this.best(now, false);
    if (c < 0) return GIC_SPURIOUS;
    const id = c & INT_ID;
    if (id >= 16) return id;
    const s = lowestBit(this.sgiSrc[id]);
    return id | ((s < 8 ? s : 0) << SRC_LSB);
  }

  /** GICC_EOIR write */
  endOfInterrupt(value: number): void {
    const id = value & INT_ID;
    if (id >= GIC_IDS) return;
    const key = id < 16 ? value & ID_AND_SRC : id;
    for (let i = this.activeStack.length - 1; i >= 0; i--) {
      if ((this.activeStack[i] & ID_AND_SRC) === key) { this.activeStack.splice(i, 1); break; }
    }
    if (id < 32) this.active &= ~bit(id);
    else this.dist.spiActive &= ~bit(id - 32);
  }

  // ---- CoreIntc ----

  pending(core: Core): boolean {
    return this.best(core.cycles, true) >= 0;
  }

  /** arm takes an IRQ exception and software reads GICC_IAR */
  ack(_core: Core): number {
    return -1;
  }

  ipi(num: number, from: Core): void {
    this.sgiSrc[ipiToArm(num)] |= 1 << (from.id < 8 ? from.id : 8);
  }

  line(irq: number, level: boolean): void {
    if (irq >= 16 && irq < 32) this.ppiLine = level ? this.ppiLine | bit(irq) : this.ppiLine & ~bit(irq);
    else this.dist.setLine(irq, level);
  }

  tick(_core: Core): void {
    this.poll?.();
  }

  nextDeadline(core: Core): number {
    return this.timer ? this.timer.deadline(core.cycles) : Infinity;
  }
}

/** The CPU interface page: routes each access to the accessing core's GicCpuState. */
export class GicCpuInterface implements Device {
  readonly name = 'gicc';
  constructor(private readonly dist: GicDistributor) {}

  read(core: Core, offset: number, size: number): number {
    const s = this.dist.cpus[core.id];
    if (!s) return 0;
    let v = 0;
    switch (offset & ~3) {
      case C.CTLR.offset: v = s.ctlr; break;
      case C.PMR.offset: v = s.pmr; break;
      case C.BPR.offset: v = s.bpr; break;
      case C.IAR.offset: v = s.acknowledge(core.cycles); break;
      case C.RPR.offset: v = s.runningPriority(); break;
      case C.HPPIR.offset: v = s.highestPending(core.cycles); break;
      case C.IIDR.offset: v = GICC_IIDR; break;
    }
    return sub(v, offset, size);
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const s = this.dist.cpus[core.id];
    if (!s || size !== 4) return;
    switch (offset) {
      case C.CTLR.offset: s.ctlr = value & W.cctlr; break;
      case C.PMR.offset: s.pmr = value & W.pmr; break;
      case C.BPR.offset: s.bpr = value & W.bpr; break;
      case C.EOIR.offset: s.endOfInterrupt(value); break;
    }
  }
}
