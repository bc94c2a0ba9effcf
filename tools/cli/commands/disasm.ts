import type { CommandDef } from './index.ts';
import { parseAddress, parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/objects.ts');

export const disasmCommand: CommandDef = (program, done) => {
  program.command('disasm')
    .description('disassemble an ELF32 object or executable (or raw bytes with --arch)')
    .argument('<file>', 'object, executable or raw binary')
    .option('--arch <x86|arm>', 'personality of raw bytes', parseArch)
    .option('--base <address>', 'address of the first raw byte', parseAddress)
    .action(async (file: string, o: { arch?: 'x86' | 'arm'; base?: number }) => done(report((await actions()).disasmFile(file, o))));
};
