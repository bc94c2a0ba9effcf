import { finProgram } from '../../tools/actions/fin.ts';
import { bootExecutable, resolveMachine } from '../../tools/actions/exec.ts';
const [p, arch] = process.argv.slice(2) as [string, 'x86' | 'arm'];
const { exe } = finProgram([`bench/cpu/${p}.fin`], arch);
for (let i = 0; i < 3; i++) {
  const { machine } = bootExecutable(exe, resolveMachine(undefined, arch), { files: [] });
  const t = process.hrtime.bigint();
  const r = machine.run({ maxCycles: 20_000_000_000 });
  console.log(arch, r.instructions, Number(process.hrtime.bigint() - t) / 1e6);
}
