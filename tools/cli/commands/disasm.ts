import type { CommandDef } from './index.ts';
import { disasmFile } from '../../actions/objects.ts';
import { parseAddress, parseArch } from '../options.ts';
import { report } from '../main.ts';

export const disasmCommand: CommandDef = (program, done) => {
  program.command('disasm')
    .description('disassemble an ELF32 object or executable (or raw bytes with --arch)')
    .argument('<file>', 'object, executable or raw binary')
    .option('--arch <x86|arm>', 'personality of raw bytes', parseArch)
    .option('--base <address>', 'address of the first raw byte', parseAddress)
    .action((file: string, o: { arch?: 'x86' | 'arm'; base?: number }) => done(report(disasmFile(file, o))));
};
