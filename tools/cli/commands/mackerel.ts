import type { CommandDef } from './index.ts';
import { parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/mackerel.ts');

export const mackerelCommand: CommandDef = (program, done) => {
  program.command('mackerel')
    .description('check a Mackerel device specification (.dev) and generate its TypeScript and Fin register accessors')
    .argument('<file>', 'the .dev file (its device name must equal the file name)')
    .option('--ts <out.ts>', 'write TypeScript layout descriptors and an accessor class')
    .option('--fin <out.fin>', 'write a Fin accessor module')
    .option('--check', 'only check the file (the default when no output is asked for)')
    .option('--arch <x86|arm>', 'personality the Fin output is for (arm rejects devices with an io space)', parseArch)
    .option('--ts-runtime <path>', 'import path of compiler/mackerel/runtime/ from the TS output (default: computed)')
    .option('-I, --include <dir>', 'import search root after the file\'s folder and its parent (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, o: { ts?: string; fin?: string; check?: boolean; arch?: 'x86' | 'arm'; tsRuntime?: string; include: string[] }) =>
      done(report((await actions()).mackerelAction({ file, ts: o.check ? undefined : o.ts, fin: o.check ? undefined : o.fin, arch: o.arch, tsRuntime: o.tsRuntime, includeDirs: o.include }))));
};
