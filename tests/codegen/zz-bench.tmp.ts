import { finProgram } from '../../tools/actions/fin.ts';
import { bootExecutable, resolveMachine } from '../../tools/actions/exec.ts';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const progs = process.argv.slice(2).length ? process.argv.slice(2) : ['fib', 'sieve', 'quicksort', 'matmul', 'hash'];
for (const p of progs) {
  const file = `bench/cpu/${p}.fin`;
  let lua = Infinity;
  for (let i = 0; i < 2; i++) { const t = process.hrtime.bigint(); execSync(`lua5.4 bench/cpu/${p}.lua`); lua = Math.min(lua, Number(process.hrtime.bigint() - t) / 1e6); }
  for (const arch of ['x86', 'arm'] as const) {
    const { exe } = finProgram([file], arch);
    writeFileSync(`/tmp/cg/${p}.${arch}.s`, compileFin({ files: [file], arch }).asm!);
    let best = Infinity, r: any, out = '';
    for (let i = 0; i < 3; i++) {
      const { machine, console } = bootExecutable(exe, resolveMachine(undefined, arch), { files: [] });
      const t = process.hrtime.bigint();
      r = machine.run({ maxCycles: 20_000_000_000 });
      best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
      out = console.text().trim();
    }
    console.log(`${p.padEnd(10)} ${arch} instr=${r.instructions.toLocaleString().padStart(14)} ms=${best.toFixed(0).padStart(6)} lua=${lua.toFixed(0)} ratio=${(best / lua).toFixed(2)} out=${out}`);
  }
}
