import type { CommandDef } from './index.ts';
import { fuguAction } from '../../actions/fugu.ts';
import { report } from '../main.ts';

export const fuguCommand: CommandDef = (program, done) => {
  program.command('fugu')
    .description('compile Fugu error definitions (.fugu) to TypeScript and/or Fin error codes with errval helpers')
    .argument('<file>', 'a .fugu file')
    .option('--ts <out>', 'write the TypeScript module here')
    .option('--fin <out>', 'write the Fin module here')
    .option('--check', 'print a one-line summary (the default when no output is asked for)')
    .action((file: string, o: { ts?: string; fin?: string; check?: boolean }) =>
      done(report(fuguAction({ file, ...o }))));
};
