import { existsSync } from 'node:fs';
import type { CommandDef } from './index.ts';
import { parseCount } from '../options.ts';
import { report } from '../main.ts';
import { out } from '../color.ts';
import { consoleWriter } from '../stream.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/run.ts');

export const runCommand: CommandDef = (program, done) => {
  program.command('run')
    .description("boot a boot image on its machine; a machine name builds that machine's image first (npm start)")
    .argument('<image>', 'a machine preset name (build/images/NAME), a menu.lst, or an image directory')
    .option('--machine <name>', 'boot on this machine instead of the one the menu names')
    .option('--no-build', 'for a machine name: boot the image already built')
    .option('--max-cycles <n>', 'stop after this many cycles (exit 124)', parseCount)
    .option('--seed <n>', 'seed for the order cores take turns', parseCount)
    .option('--slice <n>', 'cycles per core turn', parseCount)
    .action(async (image: string, o: { machine?: string; build: boolean; maxCycles?: number; seed?: number; slice?: number }) => {
      // something on the screen at once: a first build of the tree takes a moment
      if (!existsSync(image) && o.build) process.stdout.write(out.dim(`shoal: building the ${image} boot image with Hake…`) + '\n');
      const w = consoleWriter();
      const r = await (await actions()).runImage({ image, machine: o.machine, noBuild: !o.build, maxCycles: o.maxCycles, seed: o.seed, slice: o.slice, onOutput: w.put });
      w.flush();
      if (r.run && r.header) {
        r.out.push(out.dim(`${r.header}; ${r.run.status} with status ${r.run.exitCode} after ${r.run.cycles.toLocaleString('en')} cycles, ${r.run.instructions.toLocaleString('en')} instructions`));
      }
      done(report(r));
    });
};
