import type { CommandDef } from './index.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/errno.ts');

export const errnoCommand: CommandDef = (program, done) => {
  program.command('errno')
    .description("decode an errval with shoal's error codes: one line per stacked code, most recent first")
    .argument('<code>', 'the errval, decimal or hex (0x...)')
    .action(async (value: string) => done(report((await actions()).errnoAction({ value }))));
};
