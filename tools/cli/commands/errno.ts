import type { CommandDef } from './index.ts';
import { errnoAction } from '../../actions/errno.ts';
import { report } from '../main.ts';

export const errnoCommand: CommandDef = (program, done) => {
  program.command('errno')
    .description("decode an errval with shoal's error codes: one line per stacked code, most recent first")
    .argument('<code>', 'the errval, decimal or hex (0x...)')
    .action((value: string) => done(report(errnoAction({ value }))));
};
