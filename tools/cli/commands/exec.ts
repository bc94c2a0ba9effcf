import type { CommandDef } from './index.ts';
import { parseArch, parseCount } from '../options.ts';
import { report } from '../main.ts';
import { consoleWriter } from '../stream.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/exec.ts');

export const execCommand: CommandDef = (program, done) => {
  program.command('exec')
    .description('compile (Fin) or link (assembly) and boot a bare-metal program; its console goes to stdout, its exit status is ours')
    .argument('<files...>', 'an ELF executable, .fin sources, or .s sources / objects to link')
    .option('--arch <x86|arm>', 'personality (required for sources)', parseArch)
    .option('--machine <name>', 'machine preset (default: a one-core machine of the personality)')
    .option('--max-cycles <n>', 'stop after this many cycles (exit 124)', parseCount)
    .option('--seed <n>', 'seed for the order cores take turns', parseCount)
    .option('--slice <n>', 'cycles per core turn', parseCount)
    .option('-I, --include <dir>', 'Fin module search root (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--stats', 'print cycles and instructions on stderr when done')
    .action(async (files: string[], o: { arch?: 'x86' | 'arm'; machine?: string; maxCycles?: number; seed?: number; slice?: number; stats?: boolean; include: string[] }) => {
      const w = consoleWriter();
      const r = (await actions()).execProgram({ files, ...o, roots: o.include, onOutput: w.put });
      w.flush();
      if (o.stats && r.run) r.err.push(`${r.run.status}: ${r.run.cycles} cycles, ${r.run.instructions} instructions`);
      done(report(r));
    });
};
