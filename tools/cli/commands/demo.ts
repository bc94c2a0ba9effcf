import type { CommandDef } from './index.ts';
import { parseCount } from '../options.ts';
import { report } from '../main.ts';
import { out } from '../color.ts';
import { consoleWriter } from '../stream.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/demo.ts');

export const demoCommand: CommandDef = (program, done) => {
  program.command('demo')
    .description('boot the bare-metal hello demo on a heterogeneous machine (npm start)')
    .option('--machine <name>', 'machine preset', 'hetero-4')
    .option('--seed <n>', 'seed for the order cores take turns', parseCount)
    .option('--slice <n>', 'cycles per core turn', parseCount)
    .action(async (o: { machine: string; seed?: number; slice?: number }) => {
      const w = consoleWriter();
      process.stdout.write(out.dim(`shoal: booting the ${o.machine} demo…`) + '\n');
      const r = (await actions()).runDemo({ ...o, onOutput: w.put });
      w.flush();
      if (r.run) {
        r.out.push(out.dim(`${r.header}; ${r.run.status} with status ${r.run.exitCode} after ${r.run.cycles.toLocaleString('en')} cycles, ${r.run.instructions.toLocaleString('en')} instructions`));
      }
      done(report(r));
    });
};
