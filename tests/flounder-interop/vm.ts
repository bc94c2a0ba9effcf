// A one-core VM running a Fin program, advanced in slices so a TypeScript endpoint can act on
// guest memory between them (the guest and the host are the two "cores" of a UMP channel).
import { finProgram } from '../../tools/actions/fin.ts';
import { bootExecutable, resolveMachine } from '../../tools/actions/exec.ts';
import type { BufferConsole, Machine, RunResult } from '../../vm/machine/machine.ts';

export type Arch = 'x86' | 'arm';

export interface Guest {
  machine: Machine;
  console: BufferConsole;
  /** guest physical memory */
  ram: ArrayBuffer;
  /** run `cycles` more cycles; the run's result once the program has ended, else undefined */
  step(cycles?: number): RunResult | undefined;
}

export function bootFin(files: string[], arch: Arch, roots: string[] = []): Guest {
  const { exe } = finProgram(files, arch, roots);
  const { machine, console } = bootExecutable(exe, resolveMachine(undefined, arch), { files, arch });
  let clock = 0;
  let ended: RunResult | undefined;
  return {
    machine, console, ram: machine.mem.buf,
    step(cycles = 20_000) {
      if (ended) return ended;
      clock += cycles;
      const r = machine.run({ maxCycles: clock });
      if (r.status !== 'cycle-limit') ended = r;
      return ended;
    },
  };
}

/** Step the guest until `done()` holds or it ends; fails the test past `maxCycles`. */
export function runUntil(g: Guest, done: () => boolean, maxCycles = 200_000_000): RunResult | undefined {
  for (let spent = 0; !done(); spent += 20_000) {
    if (spent > maxCycles) throw new Error(`guest still running after ${maxCycles} cycles; console: ${g.console.text()}`);
    const r = g.step();
    if (r) return r;
  }
  return undefined;
}
