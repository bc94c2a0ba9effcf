// Core power control, shoal's own device (MMIO, 4 KiB). The register map is
// os-src/devices/cpuctl.dev; offsets and values come from its generated layout
// (vm/devices/gen/cpuctl.ts): NCORES, ENTRY, START, STATUS, SELF_ID, PERS, PERS_OF(i).
//
// Writing START with a core id starts that core at ENTRY (bus.startCore) and sets STATUS:
// ok, bad core id, or already running. ENTRY and STATUS are banked per accessing core (each
// core has its own pair), so cores that start others at the same time cannot disturb each
// other's sequence ENTRY, START, STATUS. PERS_OF(i) is defined for i < NCORES.
// Reads of other offsets are 0, writes to them and to read-only registers are ignored.
// Narrow reads return the addressed bytes; writes must be 32 bits wide.
import type { Core } from '../core/core.ts';
import { sub } from './access.ts';
import * as L from './gen/cpuctl.ts';
import type { Device, MachineBus } from './types.ts';

export const CPUCTL_SIZE = 0x1000;
const { start_ok: OK, start_bad_id: BAD_ID, start_running: RUNNING } = L.C_START_RESULT.values;
const { pers_x86: X86, pers_arm: ARM } = L.C_PERSONALITY.values;
const persOf = (c: Core): number => (c.isX86 ? X86 : ARM);

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
      case L.NCORES.offset: return cores.length;
      case L.ENTRY.offset: return this.entry[core.id] ?? 0;
      case L.STATUS.offset: return this.status[core.id] ?? 0;
      case L.SELF_ID.offset: return core.id;
      case L.PERS.offset: return persOf(core);
    }
    const i = (off - L.PERS_OF.offset) / L.PERS_OF.stride;
    return off >= L.PERS_OF.offset && i < cores.length ? persOf(cores[i]) : 0;
  }

  write(core: Core, offset: number, size: number, value: number): void {
    if (size !== 4 || core.id >= this.entry.length) return;
    if (offset === L.ENTRY.offset) this.entry[core.id] = value;
    else if (offset === L.START.offset) {
      const id = value >>> 0;
      const target = id < this.bus.cores.length ? this.bus.cores[id] : undefined;
      if (!target) this.status[core.id] = BAD_ID;
      else if (!target.off) this.status[core.id] = RUNNING;
      else {
        this.status[core.id] = OK;
        this.bus.startCore(id, this.entry[core.id]);
      }
    }
  }
}
