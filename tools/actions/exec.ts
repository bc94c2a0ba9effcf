// `shoal exec`: boot one bare-metal program on a machine and report how it ended.
import type { Executable } from '../../compiler/link/index.ts';
import { BufferConsole, LoadError, Machine, type RunResult } from '../../vm/machine/machine.ts';
import { presetNamed, type MachineConfig } from '../../vm/machine/config.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { BuildError, executableFrom } from './build.ts';
import { finProgram, isFin } from './fin.ts';
import { fail, type ActionResult } from './result.ts';

export interface ExecOptions {
  files: string[];
  /** module search roots for Fin sources */
  roots?: string[];
  arch?: Personality;
  machine?: string | MachineConfig;
  maxCycles?: number;
  seed?: number;
  slice?: number;
  /** receives console bytes as the guest writes them */
  onOutput?: (byte: number) => void;
}

export interface ExecResult extends ActionResult {
  run?: RunResult;
  console?: string;
}

/** Where in the sources an address lies, from the executable's line table. */
export function sourceLocation(exe: Executable, addr: number): string | undefined {
  let best: Executable['lines'][number] | undefined;
  for (const l of exe.lines) { if (l.addr <= (addr >>> 0)) best = l; else break; }
  return best && `${best.file}:${best.line}:${best.col}`;
}

export function bootExecutable(exe: Executable, cfg: MachineConfig, opts: ExecOptions): { machine: Machine; console: BufferConsole } {
  const console = new BufferConsole(opts.onOutput && ((b) => opts.onOutput!(b)));
  const machine = new Machine(cfg, console);
  machine.load(exe);
  const boot = machine.coresOf(exe.arch)[0];
  if (!boot) throw new BuildError([`error: machine ${cfg.name} has no ${exe.arch} core`]);
  machine.startCore(boot.id, exe.entry);
  return { machine, console };
}

export function resolveMachine(m: string | MachineConfig | undefined, arch: Personality): MachineConfig {
  if (typeof m === 'object') return m;
  const name = m ?? `${arch}-1`;
  const cfg = presetNamed(name);
  if (!cfg) throw new BuildError([`error: unknown machine '${name}' (see 'shoal machines')`]);
  return cfg;
}

export function execProgram(opts: ExecOptions): ExecResult {
  try {
    let warnings: string[] = [];
    let exe: Executable;
    if (opts.files.some(isFin)) {
      if (!opts.arch) return fail(['error: --arch x86|arm is required to compile Fin']);
      ({ exe, warnings } = finProgram(opts.files, opts.arch, opts.roots));
    } else exe = executableFrom(opts.files, opts.arch);
    if (opts.arch && exe.arch !== opts.arch) return fail([`error: ${opts.files[0]} is an ${exe.arch} executable, not ${opts.arch}`]);
    const cfg = resolveMachine(opts.machine, exe.arch);
    const { machine, console } = bootExecutable(exe, cfg, opts);
    const run = machine.run({ maxCycles: opts.maxCycles, seed: opts.seed, slice: opts.slice });
    const err: string[] = [...warnings];
    if (run.status === 'fault' && run.fault) {
      const where = sourceLocation(exe, run.fault.record.pc);
      err.push(`fault: ${run.fault.text} on core ${run.fault.core} (${run.fault.pers})${where ? ` at ${where}` : ''}`);
    } else if (run.status === 'cycle-limit') {
      err.push(`error: cycle limit reached after ${run.cycles} cycles (raise it with --max-cycles)`);
    }
    return { code: run.exitCode, out: [], err, run, console: console.text() };
  } catch (e) {
    if (e instanceof BuildError) return fail(e.lines, e.code);
    if (e instanceof LoadError) return fail([`error: ${e.message}`]);
    throw e;
  }
}
