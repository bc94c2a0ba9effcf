// `shoal demo` (what `npm start` runs): assemble the bare-metal demo for both personalities
// and boot it on a heterogeneous machine. Core 0 starts every other core with the binary of
// that core's personality; each says hello from its own binary.
import { fileURLToPath } from 'node:url';
import type { Executable } from '../../compiler/link/index.ts';
import { DEFAULT_MACHINE } from '../../vm/machine/config.ts';
import { BufferConsole, LoadError, Machine } from '../../vm/machine/machine.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { BuildError, executableFrom } from './build.ts';
import { resolveMachine, type ExecResult } from './exec.ts';
import { fail } from './result.ts';

const DEMO_DIR = fileURLToPath(new URL('../../os-src/demo/', import.meta.url));
/** Where each personality's binary is linked; the demo sources name the same addresses. */
export const DEMO_BASE: Record<Personality, number> = { x86: 0x100000, arm: 0x200000 };

export function demoExecutables(): Record<Personality, Executable> {
  return {
    x86: executableFrom([DEMO_DIR + 'hello.x86.s'], 'x86', { base: DEMO_BASE.x86 }),
    arm: executableFrom([DEMO_DIR + 'hello.arm.s'], 'arm', { base: DEMO_BASE.arm }),
  };
}

export interface DemoOptions { machine?: string; seed?: number; slice?: number; maxCycles?: number; onOutput?: (b: number) => void }

export function runDemo(opts: DemoOptions = {}): ExecResult & { header: string } {
  let header = '';
  try {
    const cfg = resolveMachine(opts.machine ?? DEFAULT_MACHINE, 'x86');
    const cores = cfg.packages.flat();
    const x86 = cores.filter((c) => c === 'x86').length;
    header = `booting ${cfg.name}: ${x86} x86 + ${cores.length - x86} arm cores, ${cfg.ram >> 20} MiB`;
    const exes = demoExecutables();
    const console = new BufferConsole(opts.onOutput && ((b) => opts.onOutput!(b)));
    const machine = new Machine(cfg, console);
    machine.load(exes.x86);
    machine.load(exes.arm);
    machine.startCore(0, exes[machine.cores[0].pers].entry);
    const run = machine.run({ maxCycles: opts.maxCycles ?? 50_000_000, seed: opts.seed, slice: opts.slice });
    const err = run.status === 'fault' && run.fault ? [`fault: ${run.fault.text} on core ${run.fault.core} (${run.fault.pers})`]
      : run.status === 'cycle-limit' ? [`error: cycle limit reached after ${run.cycles} cycles`] : [];
    return { code: run.exitCode, out: [], err, run, console: console.text(), header };
  } catch (e) {
    if (e instanceof BuildError) return { ...fail(e.lines), header };
    if (e instanceof LoadError) return { ...fail([`error: ${e.message}`]), header };
    throw e;
  }
}
