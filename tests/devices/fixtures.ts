// A small machine for device tests: real Cores and PhysMem, the real devices mapped at the
// default addresses, and a fake bus that records what the devices ask of the machine.
import { Core } from '../../vm/core/core.ts';
import { createDevices, type MachineDevices } from '../../vm/devices/index.ts';
import type { ConsoleSink, CoreIntc, MachineBus } from '../../vm/devices/types.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { DEFAULT_DEVICES, type MachineConfig } from '../../vm/machine/config.ts';
import { PAGE, PhysMem } from '../../vm/machine/memory.ts';

export const D = DEFAULT_DEVICES;

/** What the fake bus throws from exit(). */
export class ExitSignal extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

export class FakeConsole implements ConsoleSink {
  readonly out: { byte: number; core: number }[] = [];
  readonly input: number[] = [];
  write(byte: number, core: Core): void {
    this.out.push({ byte, core: core.id });
  }
  read(): number {
    return this.input.length ? this.input.shift()! : -1;
  }
  text(): string {
    return String.fromCharCode(...this.out.map((o) => o.byte));
  }
}

export class FakeBus implements MachineBus {
  readonly console = new FakeConsole();
  readonly started: { id: number; entry: number }[] = [];
  readonly ipis: { from: number; to: number; num: number }[] = [];
  constructor(readonly cores: Core[]) {}
  exit(status: number): never {
    throw new ExitSignal(status);
  }
  startCore(id: number, entry: number): void {
    this.started.push({ id, entry });
    const c = this.cores[id];
    if (c?.off) { c.off = false; c.pc = entry | 0; }
  }
  sendIpi(from: Core, to: number, num: number): void {
    this.ipis.push({ from: from.id, to, num });
    (this.cores[to]?.intc as CoreIntc | null | undefined)?.ipi(num, from);
  }
}

export interface Rig {
  bus: FakeBus;
  cores: Core[];
  mem: PhysMem;
  devs: MachineDevices;
  /** 32-bit MMIO/RAM read through the memory system, as an unsigned number */
  rd(core: Core, addr: number, size?: number): number;
  wr(core: Core, addr: number, value: number, size?: number): void;
  inb(core: Core, port: number): number;
  outb(core: Core, port: number, value: number): void;
  intc(core: Core): CoreIntc;
}

/** Cores of the given personalities, ids in order; all started unless `off` lists them. */
export function rig(pers: Personality[], off: number[] = []): Rig {
  const mem = new PhysMem(PAGE * 16);
  const cores = pers.map((p, i) => new Core(i, p, mem));
  const bus = new FakeBus(cores);
  const cfg: MachineConfig = { name: 'test', description: '', ram: mem.ramSize, packages: [pers], devices: { ...DEFAULT_DEVICES } };
  const devs = createDevices(cfg, bus);
  for (const m of devs.mmio) mem.mapMmio(m.base, m.size, m.dev);
  for (const p of devs.ports) mem.mapPorts(p.base, p.size, p.dev);
  for (const c of cores) {
    c.intc = devs.intcFor(c);
    c.off = off.includes(c.id);
  }
  return {
    bus, cores, mem, devs,
    rd: (core, addr, size = 4) => mem.load(core, addr, size) >>> 0,
    wr: (core, addr, value, size = 4) => mem.store(core, addr, size, value),
    inb: (core, port) => mem.portRead(core, port, 1),
    outb: (core, port, value) => mem.portWrite(core, port, 1, value),
    intc: (core) => core.intc as CoreIntc,
  };
}
