import { resolve } from 'node:path';
import type { CommandDef } from './index.ts';
import { parseCount } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/hake.ts');

export const buildCommand: CommandDef = (program, done) => {
  program.command('build')
    .description('build the OS tree with Hake: every Hakefile under os-src/ and stdlib/, incrementally, into build/')
    .argument('[target]', 'one application or library target (default: everything)')
    .option('--machine <name>', "build what that machine's boot image needs, and the image")
    .option('--clean', 'delete build/ first')
    .option('-j, --jobs <n>', 'steps in flight at once (see docs/hake.md)', parseCount)
    .option('--root <dir>', 'the source tree to build, holding os-src/ and stdlib/ (default: this repository); output goes to DIR/build')
    .action(async (target: string | undefined, o: { machine?: string; clean?: boolean; jobs?: number; root?: string }) => {
      // one self-erasing progress line, only on a terminal; logs and pipes get the summary alone
      const tty = process.stderr.isTTY;
      let shown = false;
      const r = await (await actions()).buildAction({
        target, machine: o.machine, clean: o.clean, jobs: o.jobs, ...(o.root ? { root: resolve(o.root) } : {}),
        onProgress: tty ? (n, total, step) => {
          const line = `hake [${n}/${total}] ${step}`.slice(0, (process.stderr.columns || 80) - 1);
          process.stderr.write(`\r\x1b[K${line}`);
          shown = true;
        } : undefined,
      });
      if (shown) process.stderr.write('\r\x1b[K');
      done(report(r));
    });
};
