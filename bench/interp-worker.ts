// One interpreter measurement in a fresh process (so one configuration's type feedback never
// slows another's): `interp-worker.ts <x86|arm|hetero-4> <iterations>` prints one JSON line.
import { fileURLToPath } from 'node:url';
import { executableFrom } from '../tools/actions/build.ts';
import { presetNamed } from '../vm/machine/config.ts';
import { Machine } from '../vm/machine/machine.ts';
import type { Executable } from '../compiler/link/index.ts';

const dir = fileURLToPath(new URL('./kernels/', import.meta.url));
const [which, itersText] = process.argv.slice(2);
const iterations = Number(itersText);

function kernel(arch: 'x86' | 'arm', base: number): Executable {
  const exe = executableFrom([`${dir}loop.${arch}.s`], arch, { base });
  const sym = exe.symbols.find((s) => s.name === 'iterations')!;
  const seg = exe.segments.find((s) => sym.value >= s.vaddr && sym.value < s.vaddr + s.data.length)!;
  new DataView(seg.data.buffer, seg.data.byteOffset).setUint32(sym.value - seg.vaddr, iterations, true);
  return exe;
}

function once(): { ms: number; instructions: number; cycles: number; exit: number } {
  const cfg = presetNamed(which === 'hetero-4' ? 'hetero-4' : `${which}-1`)!;
  const m = new Machine(cfg);
  if (which === 'hetero-4') {
    // every core runs its own copy of the kernel, linked at its own address
    for (const core of m.cores) {
      const exe = kernel(core.pers, 0x100000 + core.id * 0x100000);
      m.load(exe);
      m.startCore(core.id, exe.entry);
    }
  } else {
    const exe = kernel(which as 'x86' | 'arm', 0x100000);
    m.load(exe);
    m.startCore(0, exe.entry);
  }
  const t0 = performance.now();
  const r = m.run({});
  const ms = performance.now() - t0;
  return { ms, instructions: r.instructions, cycles: r.cycles, exit: r.exitCode };
}

once(); once(); // warm up
const runs = [once(), once(), once()];
const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
process.stdout.write(JSON.stringify({ which, iterations, ...best }) + '\n');
