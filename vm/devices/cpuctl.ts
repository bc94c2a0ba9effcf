// Core power control, shoal's own device (MMIO, 4 KiB). All registers are 32 bits wide.
//
//  0x00        NCORES      ro  number of cores in the machine
//  0x04        ENTRY       rw  entry address for the next START issued by this core
//  0x08        START       wo  write a core id: start that core at ENTRY (bus.startCore)
//  0x0C        STATUS      ro  result of this core's last START:
//                                0 ok, 1 bad core id, 2 core already running
//  0x10        SELF        ro  the accessing core's id
//  0x14        PERS        ro  the accessing core's personality: 0 x86, 1 arm
//  0x18 + 4*i  PERS_OF(i)  ro  personality of core i, for i < NCORES (0x18..0x114 for 64 cores)
//
// ENTRY and STATUS are banked per accessing core (each core has its own pair), so cores that
// start others at the same time cannot disturb each other's sequence ENTRY, START, STATUS.
// Reads of other offsets are 0, writes to them and to read-only registers are ignored.
// Narrow reads return the addressed bytes; writes must be 32 bits wide.
import type { Core } from '../core/core.ts';
import { sub } from './access.ts';
import type { Device, MachineBus } from './types.ts';

export const CPUCTL_SIZE = 0x1000;
export const CPUCTL_REG = { NCORES: 0x00, ENTRY: 0x04, START: 0x08, STATUS: 0x0c, SELF: 0x10, PERS: 0x14, PERS_OF: 0x18 } as const;
export const CPUCTL_STATUS = { OK: 0, BAD_ID: 1, RUNNING: 2 } as const;

export class CpuCtl implements Device {
  readonly name = 'cpuctl';
  private readonly entry: Int32Array;
  private readonly status: Int32Array;

  constructor(private readonly bus: MachineBus) {
    this.entry = new Int32Array(bus.cores.length);
    this.status = new Int32Array(bus.cores.length);
  }

  read(core: Core, offset: number, size: number): number {
    return sub(this.reg(core, offset & ~3), offset, size);
  }

  private reg(core: Core, off: number): number {
    const cores = this.bus.cores;
    switch (off) {
      case 0x00: return cores.length;
      case 0x04: return this.entry[core.id] ?? 0;
      case 0x0c: return this.status[core.id] ?? 0;
      case 0x10: return core.id;
      case 0x14: return core.isX86 ? 0 : 1;
    }
    const i = (off - 0x18) >> 2;
    return off >= 0x18 && i < cores.length ? (cores[i].isX86 ? 0 : 1) : 0;
  }

  write(core: Core, offset: number, size: number, value: number): void {
    if (size !== 4 || core.id >= this.entry.length) return;
    if (offset === 0x04) this.entry[core.id] = value;
    else if (offset === 0x08) {
      const id = value >>> 0;
      const target = id < this.bus.cores.length ? this.bus.cores[id] : undefined;
      if (!target) this.status[core.id] = CPUCTL_STATUS.BAD_ID;
      else if (!target.off) this.status[core.id] = CPUCTL_STATUS.RUNNING;
      else {
        this.status[core.id] = CPUCTL_STATUS.OK;
        this.bus.startCore(id, this.entry[core.id]);
      }
    }
  }
}
