import type { CommandDef } from './index.ts';
import { parseAddress, parseArch } from '../options.ts';
import { report } from '../main.ts';

// Loaded when the command runs, so starting one command does not load every compiler.
const actions = () => import('../../actions/objects.ts');

export const linkCommand: CommandDef = (program, done) => {
  program.command('link')
    .description('link ELF32 objects (or assembly sources) into an executable')
    .argument('<files...>', 'objects or .s sources')
    .requiredOption('-o, --output <file.elf>', 'executable to write')
    .option('--arch <x86|arm>', 'personality, needed when sources are given', parseArch)
    .option('-e, --entry <symbol>', 'entry symbol', '_start')
    .option('--base <address>', 'load address of the first segment', parseAddress)
    .action(async (files: string[], o: { output: string; arch?: 'x86' | 'arm'; entry: string; base?: number }) =>
      done(report((await actions()).linkFiles(files, o.output, o))));
};
