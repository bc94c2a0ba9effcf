import type { CommandDef } from './index.ts';
import { parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/objects.ts');

export const asmCommand: CommandDef = (program, done) => {
  program.command('asm')
    .description('assemble one source file into an ELF32 object')
    .argument('<file.s>', 'assembly source')
    .requiredOption('--arch <x86|arm>', 'personality to assemble for', parseArch)
    .requiredOption('-o, --output <file.o>', 'object file to write')
    .action(async (file: string, o: { arch: 'x86' | 'arm'; output: string }) => done(report((await actions()).asmFile(file, o.arch, o.output))));
};
