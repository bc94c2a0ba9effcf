import type { CommandDef } from './index.ts';
import { parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/fin.ts');

export const compileCommand: CommandDef = (program, done) => {
  program.command('compile')
    .description('compile Fin to an ELF32 object (.o), or to an executable with the bare-metal runtime (.elf)')
    .argument('<files...>', '.fin sources (main modules); .s/.o files are linked in for extern fn')
    .requiredOption('--arch <x86|arm>', 'personality to compile for', parseArch)
    .requiredOption('-o, --output <file>', 'OUT.o for an object, OUT.elf for an executable')
    .option('-I, --include <dir>', 'module search root (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--emit-asm', 'also write the generated assembly next to the object')
    .action(async (files: string[], o: { arch: 'x86' | 'arm'; output: string; include: string[]; emitAsm?: boolean }) =>
      done(report((await actions()).compileAction({ files, arch: o.arch, output: o.output, roots: o.include, emitAsm: o.emitAsm }))));
};
