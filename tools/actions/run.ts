// `shoal run IMAGE|MACHINE`: boot a boot image on its machine. A machine name builds that
// machine's image first (incrementally); a menu.lst, or a directory holding one, is booted as
// it is. The boot core starts at the kernel of its personality; the kernels start the rest.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isElf, readExecutable, type Executable } from '../../compiler/link/index.ts';
import { parseMenu } from '../../compiler/hake/menu.ts';
import { displayPath } from '../../compiler/hake/tree.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { loadBootImage, type BootModule } from '../../vm/machine/image.ts';
import { BufferConsole, LoadError, Machine } from '../../vm/machine/machine.ts';
import type { ExecResult } from './exec.ts';
import { buildAction, SOURCE_ROOT } from './hake.ts';
import { fail } from './result.ts';

export interface RunOptions {
  /** a machine preset name, a menu.lst, or an image directory */
  image: string;
  /** override the machine the menu names */
  machine?: string;
  /** for a machine name: boot the image already built, without running Hake */
  noBuild?: boolean;
  build?: string;
  seed?: number;
  slice?: number;
  maxCycles?: number;
  onOutput?: (byte: number) => void;
}

export interface RunResult extends ExecResult { header?: string }

function menuPathOf(opts: RunOptions): string {
  if (existsSync(opts.image)) return statSync(opts.image).isDirectory() ? join(opts.image, 'menu.lst') : opts.image;
  return join(opts.build ?? join(SOURCE_ROOT, 'build'), 'images', opts.image, 'menu.lst');
}

export async function runImage(opts: RunOptions): Promise<RunResult> {
  const isMachine = !existsSync(opts.image) && presetNamed(opts.image) !== undefined;
  const pre: string[] = [];
  if (isMachine && !opts.noBuild) {
    const b = await buildAction({ machine: opts.image, build: opts.build });
    if (b.code !== 0) return { code: b.code, out: b.out, err: b.err };
    pre.push(...b.err); // warnings
  }
  const menuPath = menuPathOf(opts);
  if (!existsSync(menuPath)) return fail([`error: no boot image at ${menuPath} (build one with 'shoal build --machine NAME', or name a machine)`]);
  const parsed = parseMenu(readFileSync(menuPath, 'utf8'), menuPath);
  if (!parsed.menu) return fail(parsed.diagnostics);
  const menu = parsed.menu;
  const machineName = opts.machine ?? menu.machine;
  if (!machineName) return fail([`${menuPath}:1:1: error: the menu names no machine; pass --machine NAME`]);
  const cfg = presetNamed(machineName);
  if (!cfg) return fail([`error: unknown machine '${machineName}' (see 'shoal machines')`]);

  const modules: BootModule[] = [];
  for (const e of menu.entries) {
    const file = join(dirname(menuPath), e.path);
    const where = `${menuPath}:${e.line}:1`;
    if (!existsSync(file)) return fail([`${where}: error: ${e.path} is not in the image (${file} does not exist)`]);
    const bytes = new Uint8Array(readFileSync(file));
    let exe: Executable;
    try {
      if (!isElf(bytes) || bytes[16] !== 2) return fail([`${where}: error: ${e.path} is not an ELF executable`]);
      exe = readExecutable(bytes, file);
    } catch (err) {
      return fail([`${where}: error: ${e.path}: ${(err as Error).message}`]);
    }
    if (exe.arch !== e.arch) return fail([`${where}: error: ${e.path} is an ${exe.arch} binary under /${e.arch}/`]);
    modules.push({ kind: e.kind, path: e.path, args: e.args, exe });
  }

  const cores = cfg.packages.flat();
  const x86 = cores.filter((c) => c === 'x86').length;
  const header = `booting ${displayPath(menuPath)} on ${cfg.name}: ${x86} x86 + ${cores.length - x86} arm cores, ${cfg.ram >> 20} MiB`;
  const console = new BufferConsole(opts.onOutput && ((b) => opts.onOutput!(b)));
  const machine = new Machine(cfg, console);
  let kernels: Map<string, number>;
  try {
    kernels = loadBootImage(machine, modules);
  } catch (err) {
    if (err instanceof LoadError) return fail([`${menuPath}: error: ${err.message}`]);
    throw err;
  }
  const boot = machine.cores[0];
  const entry = kernels.get(boot.pers);
  if (entry === undefined) return fail([`${menuPath}: error: no ${boot.pers} kernel for the boot core (core 0 of ${cfg.name} is ${boot.pers})`]);
  machine.startCore(0, entry);
  const run = machine.run({ maxCycles: opts.maxCycles ?? 50_000_000, seed: opts.seed, slice: opts.slice });
  const err = [...pre];
  if (run.status === 'fault' && run.fault) err.push(`fault: ${run.fault.text} on core ${run.fault.core} (${run.fault.pers})`);
  else if (run.status === 'cycle-limit') err.push(`error: cycle limit reached after ${run.cycles} cycles (raise it with --max-cycles)`);
  return { code: run.exitCode, out: [], err, run, console: console.text(), header };
}
