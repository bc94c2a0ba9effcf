import type { CommandDef } from './index.ts';
import { PRESETS, DEFAULT_MACHINE } from '../../../vm/machine/config.ts';
import { report } from '../main.ts';
import { ok } from '../../actions/result.ts';

export const machinesCommand: CommandDef = (program, done) => {
  program.command('machines')
    .description('list the machine presets')
    .action(() => {
      const rows = PRESETS.map((m) => {
        const cores = m.packages.flat();
        const x86 = cores.filter((c) => c === 'x86').length;
        const shape = `${m.packages.length} pkg, ${x86} x86 + ${cores.length - x86} arm`;
        return `${(m.name + (m.name === DEFAULT_MACHINE ? '*' : '')).padEnd(10)} ${String(cores.length).padStart(2)} cores  ${shape.padEnd(26)} ${String(m.ram >> 20).padStart(4)} MiB  ${m.description}`;
      });
      done(report(ok([...rows, '(* default)'])));
    });
};
