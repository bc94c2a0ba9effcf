// One Fin CPU benchmark on one personality in a fresh process:
// `cpu-worker.ts <program.fin> <x86|arm>` prints one JSON line (best of 3 after a warm-up).
import { compileFin, finExecutable } from '../compiler/fin/driver/compile.ts';
import { presetNamed } from '../vm/machine/config.ts';
import { BufferConsole, Machine } from '../vm/machine/machine.ts';

const [file, arch] = process.argv.slice(2) as [string, 'x86' | 'arm'];
const compiled = compileFin({ files: [file], arch });
if (!compiled.object) { console.error(compiled.messages.join('\n')); process.exit(1); }
const exe = finExecutable(compiled.object, arch);

function once() {
  const con = new BufferConsole();
  const m = new Machine(presetNamed(`${arch}-1`)!, con);
  m.load(exe);
  m.startCore(0, exe.entry);
  const t = performance.now();
  const r = m.run({});
  return { ms: performance.now() - t, instructions: r.instructions, cycles: r.cycles, status: r.status, exit: r.exitCode, out: con.text() };
}
once();
const runs = [once(), once(), once()];
const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
process.stdout.write(JSON.stringify(best) + '\n');
