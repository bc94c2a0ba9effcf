import type { CommandDef } from './index.ts';
import { parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/flounder.ts');

export const flounderCommand: CommandDef = (program, done) => {
  program.command('flounder')
    .description('compile a Flounder interface (.if) to TypeScript and/or Fin stubs, or check it')
    .argument('<file>', 'the interface, NAME.if (declaring `interface NAME`)')
    .option('--ts <out.ts>', 'write TypeScript stubs')
    .option('--fin <out.fin>', 'write Fin stubs')
    .option('--arch <x86|arm>', 'personality (built-in import aliases, Fin stubs); default x86', parseArch)
    .option('--check', 'only parse and check; print a one-line summary')
    .option('-i, --import <file.if>', 'import file of aliases, replacing the built-in ones (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, o: { ts?: string; fin?: string; arch?: 'x86' | 'arm'; check?: boolean; import: string[] }) =>
      done(report((await actions()).flounderAction({ file, ts: o.ts, fin: o.fin, arch: o.arch, check: o.check, imports: o.import }))));
};
