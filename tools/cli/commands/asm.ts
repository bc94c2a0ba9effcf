import type { CommandDef } from './index.ts';
import { asmFile } from '../../actions/objects.ts';
import { parseArch } from '../options.ts';
import { report } from '../main.ts';

export const asmCommand: CommandDef = (program, done) => {
  program.command('asm')
    .description('assemble one source file into an ELF32 object')
    .argument('<file.s>', 'assembly source')
    .requiredOption('--arch <x86|arm>', 'personality to assemble for', parseArch)
    .requiredOption('-o, --output <file.o>', 'object file to write')
    .action((file: string, o: { arch: 'x86' | 'arm'; output: string }) => done(report(asmFile(file, o.arch, o.output))));
};
