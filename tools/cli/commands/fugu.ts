import type { CommandDef } from './index.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/fugu.ts');

export const fuguCommand: CommandDef = (program, done) => {
  program.command('fugu')
    .description('compile Fugu error definitions (.fugu) to TypeScript and/or Fin error codes with errval helpers')
    .argument('<file>', 'a .fugu file')
    .option('--ts <out>', 'write the TypeScript module here')
    .option('--fin <out>', 'write the Fin module here')
    .option('--check', 'print a one-line summary (the default when no output is asked for)')
    .action(async (file: string, o: { ts?: string; fin?: string; check?: boolean }) =>
      done(report((await actions()).fuguAction({ file, ...o }))));
};
