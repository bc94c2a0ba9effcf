// ARM GICv2 (modelled on a GIC-400 without security extensions): 64 interrupt ids.
//   0-15  SGIs  software-generated (IPIs), banked per arm core, always enabled (as on GIC-400)
//  16-31  PPIs  private peripheral interrupts, banked per arm core; PPI 30 = generic timer
//  32-63  SPIs  shared; SPI 33 = the PL011 UART's line
// CPU interface numbers are core ids: bit i of a target list or of ITARGETSR means core i, so
// only cores 0-7 can be named that way (GICv2 has 8 CPU interfaces; see SGIR below for the
// shoal extension that reaches any core).
//
// Distributor (MMIO 4 KiB, shared; SGI/PPI registers are banked by the accessing core):
//  0x000 GICD_CTLR        rw  bit 0 enable forwarding to the CPU interfaces
//  0x004 GICD_TYPER       ro  ITLinesNumber = 1 (64 ids), CPUNumber bits 5-7 = min(ncores-1, 7)
//  0x008 GICD_IIDR        ro  0x0200143B (ARM, GIC-400)
//  0x080-0x084 IGROUPR        RAZ/WI (no security extensions: everything is group 0)
//  0x100-0x104 ISENABLER  rw  read enables / write 1 to enable (SGI bits read 1, ignore writes)
//  0x180-0x184 ICENABLER  rw  read enables / write 1 to disable
//  0x200-0x204 ISPENDR    rw  read pending / write 1 to set pending (SGI bits ignore writes)
//  0x280-0x284 ICPENDR    rw  read pending / write 1 to clear pending (a level line that is
//                             still high stays pending)
//  0x300-0x304 ISACTIVER  rw  read active / write 1 to set active
//  0x380-0x384 ICACTIVER  rw  read active / write 1 to clear active
//  0x400-0x43C IPRIORITYR rw  one byte per id, byte-accessible, all 8 bits implemented
//  0x800-0x83C ITARGETSR  rw  one byte per id, byte-accessible; ids 0-31 read-only (the
//                             accessing core's own bit)
//  0xC00-0xC0C ICFGR      rw  2 bits per id, bit 2k+1 = edge-triggered; ICFGR0 (SGIs) reads
//                             0xAAAAAAAA, ICFGR1 (PPIs) reads 0 (level), both read-only
//  0xF00 GICD_SGIR        wo  SGIINTID bits 0-3, CPUTargetList bits 16-23, TargetListFilter
//                             bits 24-25: 00 the list (bit i = core i), 01 every other arm
//                             core, 10 the requesting core only, 11 (reserved on GICv2; shoal
//                             extension) bits 16-23 hold one target core id, any core 0-255
//  0xFD0-0xFFC ID registers ro  GIC-400 PIDR4..7, PIDR0..3 (PIDR2 = 0x2B: GICv2), CIDR0..3
//
// CPU interface (MMIO 4 KiB, banked by the accessing arm core):
//  0x00 GICC_CTLR   rw  bit 0 enable signalling interrupts to the core
//  0x04 GICC_PMR    rw  priority mask (8 bits): only priorities numerically below it are
//                       signalled. Resets to 0, which masks everything: software must write
//                       it (0xFF lets every priority through), as on real hardware.
//  0x08 GICC_BPR    rw  binary point (3 bits, reset 2): group priority = priority bits
//                       [7:BPR+1], which decides preemption
//  0x0C GICC_IAR    ro  acknowledge: the highest-priority signalled id becomes active and is
//                       returned (bits 0-9), for an SGI with the source core in bits 10-12
//                       (sources 8 and up report 0); 1023 when nothing is signalled
//  0x10 GICC_EOIR   wo  end of interrupt: write the value IAR gave; the id is deactivated
//  0x14 GICC_RPR    ro  running priority (highest-priority active interrupt), 0xFF when idle
//  0x18 GICC_HPPIR  ro  highest-priority pending enabled id (not filtered by PMR/RPR), or 1023
//  0xFC GICC_IIDR   ro  0x0202143B
//
// An interrupt is signalled to a core when GICD_CTLR and GICC_CTLR are enabled and an enabled,
// pending, not active id targeting the core has priority < PMR and a group priority above the
// running priority's. Level-sensitive ids are pending while their line is high (SPI lines via
// line(), PPI 30 from the core's generic timer, evaluated on every look); edge-triggered SPIs
// latch on a rising line. An SGI is pending per source core; IAR takes the lowest source and the
// others stay pending. All word registers need 32-bit writes; narrow reads give the bytes.
import type { Core } from '../core/core.ts';
import { lowestBit, sub } from './access.ts';
import { TIMER_PPI, type GTimerState } from './gtimer.ts';
import { ipiToArm, type CoreIntc, type Device, type MachineBus } from './types.ts';

export const GICD_SIZE = 0x1000;
export const GICC_SIZE = 0x1000;
export const GIC_IDS = 64;
export const GIC_SPURIOUS = 1023;
export const UART_SPI = 33;
export const GICD_IIDR = 0x0200143b;
export const GICC_IIDR = 0x0202143b;

export const GICD_REG = {
  CTLR: 0x000, TYPER: 0x004, IIDR: 0x008, IGROUPR: 0x080, ISENABLER: 0x100, ICENABLER: 0x180,
  ISPENDR: 0x200, ICPENDR: 0x280, ISACTIVER: 0x300, ICACTIVER: 0x380, IPRIORITYR: 0x400,
  ITARGETSR: 0x800, ICFGR: 0xc00, SGIR: 0xf00,
} as const;
export const GICC_REG = { CTLR: 0x00, PMR: 0x04, BPR: 0x08, IAR: 0x0c, EOIR: 0x10, RPR: 0x14, HPPIR: 0x18, IIDR: 0xfc } as const;

export const SGIR_LIST = 0 << 24;
export const SGIR_OTHERS = 1 << 24;
export const SGIR_SELF = 2 << 24;
export const SGIR_CORE = 3 << 24;

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
    if ((offset >= 0x400 && offset < 0x440) || (offset >= 0x800 && offset < 0x840)) {
      let v = 0;
      for (let k = 0; k < size; k++) v |= this.byteReg(core, offset + k) << (8 * k);
      return size === 4 ? v : v >>> 0;
    }
    return sub(this.reg(core, offset & ~3), offset, size);
  }

  private byteReg(core: Core, off: number): number {
    const me = this.cpus[core.id];
    const id = off & 0x3f;
    if (off < 0x800) return id < 32 ? (me ? me.prio[id] : 0) : this.spiPrio[id - 32];
    return id < 32 ? (me && core.id < 8 ? 1 << core.id : 0) : this.spiTarget[id - 32];
  }

  private reg(core: Core, off: number): number {
    const me = this.cpus[core.id];
    switch (off) {
      case 0x000: return this.ctlr;
      case 0x004: return 1 | (Math.min(this.bus.cores.length - 1, 7) << 5);
      case 0x008: return GICD_IIDR;
      case 0xc00: return 0xaaaaaaaa | 0;
      case 0xc08: return this.spiCfg[0];
      case 0xc0c: return this.spiCfg[1];
    }
    if (off >= 0x100 && off < 0x400 && (off & 0x7c) <= 4) {
      const spi = (off & 4) !== 0;
      switch ((off - 0x100) >> 8) {
        case 0: return spi ? this.spiEnable : me ? me.enabled() : 0;
        case 1: return spi ? this.spiPending() : me ? me.bankedPending(core.cycles) : 0;
        case 2: return spi ? this.spiActive : me ? me.active : 0;
      }
    }
    if (off >= 0xfd0) return ID_REGS[(off - 0xfd0) >> 2];
    return 0;
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const me = this.cpus[core.id];
    if ((offset >= 0x400 && offset < 0x440) || (offset >= 0x800 && offset < 0x840)) {
      for (let k = 0; k < size; k++) {
        const id = (offset + k) & 0x3f;
        const b = (value >>> (8 * k)) & 0xff;
        if (offset < 0x800) {
          if (id >= 32) this.spiPrio[id - 32] = b;
          else if (me) me.prio[id] = b;
        } else if (id >= 32) this.spiTarget[id - 32] = b;
      }
      return;
    }
    if (size !== 4) return;
    const v = value | 0;
    if (offset >= 0x100 && offset < 0x400 && (offset & 0x7c) <= 4) {
      const spi = (offset & 4) !== 0;
      const setting = (offset & 0x80) === 0;
      const ppi = v & ~0xffff; // SGI bits are fixed (enable) or set only by SGIR (pending)
      switch ((offset - 0x100) >> 8) {
        case 0:
          if (spi) this.spiEnable = setting ? this.spiEnable | v : this.spiEnable & ~v;
          else if (me) me.ppiEnable = setting ? me.ppiEnable | ppi : me.ppiEnable & ~ppi;
          break;
        case 1:
          if (spi) this.spiLatch = setting ? this.spiLatch | v : this.spiLatch & ~v;
          else if (me) me.latch = setting ? me.latch | ppi : me.latch & ~ppi;
          break;
        case 2:
          if (spi) this.spiActive = setting ? this.spiActive | v : this.spiActive & ~v;
          else if (me) me.active = setting ? me.active | v : me.active & ~v;
          break;
      }
      return;
    }
    switch (offset) {
      case 0x000: this.ctlr = v & 1; return;
      case 0xc08: case 0xc0c: {
        this.spiCfg[(offset - 0xc08) >> 2] = v & (0xaaaaaaaa | 0);
        let edge = 0;
        for (let i = 0; i < 32; i++) if (this.spiCfg[i >> 4] & bit(2 * (i & 15) + 1)) edge |= bit(i);
        this.spiEdge = edge;
        return;
      }
      case 0xf00: this.sgir(core, v); return;
    }
  }

  private sgir(core: Core, v: number): void {
    const sgi = v & 15;
    const list = (v >>> 16) & 0xff;
    const cores = this.bus.cores;
    switch ((v >>> 24) & 3) {
      case 0:
        for (let i = 0; i < 8 && i < cores.length; i++) if (list & (1 << i)) this.bus.sendIpi(core, i, sgi);
        break;
      case 1:
        for (const c of cores) if (!c.isX86 && c.id !== core.id) this.bus.sendIpi(core, c.id, sgi);
        break;
      case 2: this.bus.sendIpi(core, core.id, sgi); break;
      case 3: this.bus.sendIpi(core, list, sgi); break;
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
    let rp = 0xff;
    for (const e of this.activeStack) rp = Math.min(rp, (e >>> 16) & 0xff);
    return rp;
  }

  /**
   * The highest-priority pending, enabled, inactive id for this core as id | priority << 16,
   * or -1. `filtered`: also apply the CPU interface enable, PMR and running priority.
   */
  private best(now: number, filtered: boolean): number {
    const d = this.dist;
    if (!(d.ctlr & 1) || (filtered && !(this.ctlr & 1))) return -1;
    const gmask = (0xff << (this.bpr + 1)) & 0xff;
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
    const id = c & 0x3ff;
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
    this.activeStack.push(id | (src << 10) | (c & 0xff0000));
    return id | (src << 10);
  }

  /** GICC_HPPIR read */
  highestPending(now: number): number {
    const c = this.best(now, false);
    if (c < 0) return GIC_SPURIOUS;
    const id = c & 0x3ff;
    if (id >= 16) return id;
    const s = lowestBit(this.sgiSrc[id]);
    return id | ((s < 8 ? s : 0) << 10);
  }

  /** GICC_EOIR write */
  endOfInterrupt(value: number): void {
    const id = value & 0x3ff;
    if (id >= GIC_IDS) return;
    const key = id < 16 ? value & 0x1fff : id;
    for (let i = this.activeStack.length - 1; i >= 0; i--) {
      if ((this.activeStack[i] & 0x1fff) === key) { this.activeStack.splice(i, 1); break; }
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
      case 0x00: v = s.ctlr; break;
      case 0x04: v = s.pmr; break;
      case 0x08: v = s.bpr; break;
      case 0x0c: v = s.acknowledge(core.cycles); break;
      case 0x14: v = s.runningPriority(); break;
      case 0x18: v = s.highestPending(core.cycles); break;
      case 0xfc: v = GICC_IIDR; break;
    }
    return sub(v, offset, size);
  }

  write(core: Core, offset: number, size: number, value: number): void {
    const s = this.dist.cpus[core.id];
    if (!s || size !== 4) return;
    switch (offset) {
      case 0x00: s.ctlr = value & 1; break;
      case 0x04: s.pmr = value & 0xff; break;
      case 0x08: s.bpr = value & 7; break;
      case 0x10: s.endOfInterrupt(value); break;
    }
  }
}
