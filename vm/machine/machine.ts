// A machine: RAM, devices and cores built from a MachineConfig, and the deterministic
// scheduler that interleaves the cores in fixed slices of cycles. The same image, config,
// seed and slice length always give the same output and cycle counts: nothing here reads a
// clock, and the order of cores in each round comes from a seeded generator.
import type { Executable } from '../../compiler/link/object.ts';
import { Core } from '../core/core.ts';
import { deliverInterrupt } from '../core/exceptions.ts';
import { describeFault, STOP, type FaultRecord } from '../core/fault.ts';
import { run } from '../core/interp.generated.ts';
import type { Personality } from '../isa/table.ts';
import { MAX_RUN } from '../isa/uops.ts';
import { createDevices } from '../devices/index.ts';
import type { ConsoleSink, CoreIntc, MachineBus } from '../devices/types.ts';
import { BOOT_MAGIC, bootStackTop, writeBootInfo } from './bootinfo.ts';
import { coreList, type MachineConfig } from './config.ts';
import { PhysMem } from './memory.ts';

export interface RunOptions {
  /** stop after this many cycles of machine time (default: no limit) */
  maxCycles?: number;
  /** cycles each core runs per turn (default 10 000) */
  slice?: number;
  /** seeds the order in which cores take their turns each round (default 0: fixed order) */
  seed?: number;
}

export type RunStatus = 'exit' | 'fault' | 'halted' | 'cycle-limit';

export interface RunResult {
  status: RunStatus;
  /** the exit device's status, or 125 for a fault, 124 for the cycle limit, 0 when all cores halted */
  exitCode: number;
  fault?: { core: number; pers: Personality; record: FaultRecord; text: string };
  /** machine time: the cycle count of the core that got furthest */
  cycles: number;
  /** guest instructions executed, all cores */
  instructions: number;
  cores: { id: number; pers: Personality; cycles: number; instructions: number; state: string }[];
}

export class LoadError extends Error {}

/** Collects console bytes; `onByte` streams them as they come. */
export class BufferConsole implements ConsoleSink {
  readonly out: number[] = [];
  private input: number[] = [];
  constructor(private readonly onByte?: (b: number, core: Core) => void) {}
  write(byte: number, core: Core): void {
    this.out.push(byte & 0xff);
    this.onByte?.(byte & 0xff, core);
  }
  read(): number {
    return this.input.length ? this.input.shift()! : -1;
  }
  feed(bytes: Iterable<number>): void {
    for (const b of bytes) this.input.push(b & 0xff);
  }
  text(): string {
    return Buffer.from(this.out).toString('latin1');
  }
}

export class Machine implements MachineBus {
  readonly cfg: MachineConfig;
  readonly mem: PhysMem;
  readonly cores: Core[];
  readonly console: ConsoleSink;
  private readonly pkgOf: number[];
  private exitStatus: number | null = null;
  private clock = 0;

  constructor(cfg: MachineConfig, console: ConsoleSink = new BufferConsole()) {
    this.cfg = cfg;
    this.console = console;
    this.mem = new PhysMem(cfg.ram);
    const list = coreList(cfg);
    this.cores = list.map((c) => new Core(c.id, c.pers, this.mem));
    this.pkgOf = list.map((c) => c.pkg);
    const devs = createDevices(cfg, this);
    for (const m of devs.mmio) this.mem.mapMmio(m.base, m.size, m.dev);
    for (const p of devs.ports) this.mem.mapPorts(p.base, p.size, p.dev);
    for (const core of this.cores) core.intc = devs.intcFor(core);
  }

  /** Copy an executable's segments into RAM (physical = virtual at boot). */
  load(exe: Executable): void {
    for (const s of exe.segments) {
      if (s.vaddr < 0 || s.vaddr + s.memsz > this.cfg.ram) {
        throw new LoadError(`segment ${s.name} at 0x${s.vaddr.toString(16)} (+${s.memsz} bytes) does not fit in ${this.cfg.ram >> 20} MiB of RAM`);
      }
      this.mem.writeBytes(s.vaddr, s.data);
      if (s.memsz > s.data.length) this.mem.writeBytes(s.vaddr + s.data.length, new Uint8Array(s.memsz - s.data.length));
    }
  }

  /** Cores of a personality, in id order. */
  coresOf(pers: Personality): Core[] {
    return this.cores.filter((c) => c.pers === pers);
  }

  startCore(id: number, entry: number): void {
    const core = this.cores[id];
    if (!core || !core.off) return;
    core.off = false;
    core.halted = false;
    core.setUser(false);
    core.ie = false;
    core.paging = false;
    core.pc = entry | 0;
    core.cycles = Math.max(core.cycles, this.clock);
    const info = writeBootInfo(this.cfg, core, this.pkgOf[id]);
    const sp = bootStackTop(this.cfg, id);
    if (core.isX86) { core.regs[0] = BOOT_MAGIC; core.regs[3] = info; core.regs[4] = sp; }
    else { core.regs[0] = info; core.regs[1] = BOOT_MAGIC; core.regs[13] = sp; }
  }

  exit(status: number): never {
    this.exitStatus = status | 0;
    throw STOP;
  }

  sendIpi(from: Core, to: number, num: number): void {
    const target = this.cores[to];
    if (target) (target.intc as CoreIntc).ipi(num, from);
  }

  /** Run until the exit device is written, a core faults with no handler, every core waits
   *  for nothing, or the cycle limit passes. */
  run(opts: RunOptions = {}): RunResult {
    const slice = Math.max(100, Math.min(opts.slice ?? 10_000, MAX_RUN));
    const maxCycles = opts.maxCycles ?? Infinity;
    let rng = (opts.seed ?? 0) >>> 0;
    const n = this.cores.length;
    let status: RunStatus | null = null;
    let faulted: Core | null = null;
    while (status === null) {
      if (this.clock >= maxCycles) { status = 'cycle-limit'; break; }
      const end = Math.min(this.clock + slice, maxCycles);
      let first = 0;
      if (rng !== 0) { rng ^= rng << 13; rng ^= rng >>> 17; rng ^= rng << 5; rng >>>= 0; first = rng % n; }
      for (let k = 0; k < n && status === null; k++) {
        const core = this.cores[(first + k) % n];
        if (core.off) continue;
        this.runSlice(core, end);
        if (this.exitStatus !== null) status = 'exit';
        else if (core.stopped) { status = 'fault'; faulted = core; }
      }
      this.clock = end;
      if (status === null && this.idleForever()) status = 'halted';
    }
    const exitCode = status === 'exit' ? this.exitStatus! & 0xff : status === 'fault' ? 125 : status === 'cycle-limit' ? 124 : 0;
    const result: RunResult = {
      status, exitCode,
      cycles: this.cores.reduce((t, c) => (c.off ? t : Math.max(t, c.cycles)), 0),
      instructions: this.cores.reduce((s, c) => s + c.instructions, 0),
      cores: this.cores.map((c) => ({ id: c.id, pers: c.pers, cycles: c.cycles, instructions: c.instructions, state: c.off ? 'off' : c.stopped ? 'faulted' : c.halted ? 'halted' : 'running' })),
    };
    if (faulted?.stopped) result.fault = { core: faulted.id, pers: faulted.pers, record: faulted.stopped, text: describeFault(faulted.stopped) };
    return result;
  }

  private runSlice(core: Core, end: number): void {
    const intc = core.intc as CoreIntc;
    try {
      while (core.cycles < end && !core.stopped && this.exitStatus === null) {
        intc.tick(core);
        if (core.halted) {
          // x86 hlt wakes only for an interrupt it will take; arm wfi wakes on any pending one
          if (intc.pending(core) && (core.ie || !core.isX86)) core.halted = false;
          else { core.cycles = Math.max(core.cycles, Math.min(end, intc.nextDeadline(core))); if (core.cycles >= end) break; continue; }
        }
        deliverInterrupt(core);
        if (core.stopped) break;
        // stop at the next timer deadline so its interrupt arrives on time, not a slice late
        const deadline = intc.nextDeadline(core);
        run(core, (deadline > core.cycles && deadline < end ? deadline : end) - core.cycles);
      }
      intc.tick(core);
    } catch (e) {
      // the exit device unwinds through device code called outside the interpreter (rare)
      if (e !== STOP) throw e;
    }
  }

  /** True when every started core is halted and nothing can ever wake one. */
  private idleForever(): boolean {
    for (const core of this.cores) {
      if (core.off) continue;
      if (!core.halted) return false;
      const intc = core.intc as CoreIntc;
      const canWake = core.ie || !core.isX86;
      if (canWake && (intc.pending(core) || intc.nextDeadline(core) !== Infinity)) return false;
    }
    return true;
  }
}
