// Interpreter speed: guest instructions per second on a loop kernel, per personality and on a
// 4-core interleaved run, against the same algorithm in plain JS.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Suite } from '../run.ts';

const worker = fileURLToPath(new URL('../interp-worker.ts', import.meta.url));
const ITER = 20_000_000;

interface Measured { which: string; ms: number; instructions: number; cycles: number; exit: number }

function measure(which: string): Measured {
  const out = execFileSync(process.execPath, ['--import', 'tsx', worker, which, String(ITER)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

function plainJs(): { ms: number; value: number } {
  const f = (n: number) => { let s = 0; for (let i = n; i > 0; i--) s = (s + Math.imul(i, i)) | 0; return s; };
  f(ITER); f(ITER);
  let best = Infinity, value = 0;
  for (let k = 0; k < 3; k++) { const t = performance.now(); value = f(ITER); best = Math.min(best, performance.now() - t); }
  return { ms: best, value };
}

export const interpSuite: Suite = {
  id: 'interp',
  title: 'Interpreter (loop kernel)',
  run() {
    const js = plainJs();
    const rows: string[] = [];
    const mips = (m: Measured) => m.instructions / m.ms / 1000;
    const single: Record<string, number> = {};
    for (const which of ['x86', 'arm', 'hetero-4']) {
      const m = measure(which);
      const ok = which === 'hetero-4' || m.exit === (js.value & 0xff);
      single[which] = mips(m);
      console.log(`${which}: ${mips(m).toFixed(0)} M guest instructions/s (${m.instructions} in ${m.ms.toFixed(0)} ms)${ok ? '' : ' WRONG RESULT'}`);
      const multi = which === 'hetero-4';
      rows.push(`| ${multi ? '4 cores interleaved (hetero-4: 2 x86 + 2 arm, each its own kernel)' : `${which}, one core`} | ${m.instructions.toLocaleString('en')} | ${m.ms.toFixed(0)} | **${mips(m).toFixed(0)}** | ${multi ? '(4 loops at once)' : `${(m.ms / js.ms).toFixed(1)}×`} |${ok ? '' : ' wrong result!'}`);
    }
    const avg1 = (single.x86 + single.arm) / 2;
    return `Kernel: \`s = s + i*i\` for i = ${ITER.toLocaleString('en')} down to 1 (\`bench/kernels/loop.*.s\`; x86 5 instructions per
iteration, arm 4). Plain JS runs the same loop in ${js.ms.toFixed(1)} ms. The 4-core run ends when the first core
finishes; its rate counts every core's instructions. Rates count guest instructions; decode fuses the kernel's
multiply and the add that accumulates it into one slot (\`vm/core/fuse.ts\`), so the interpreter dispatches 4 slots
per iteration on x86 and 3 on arm.

| run | guest instructions | ms | M instr/s | time vs the plain-JS loop |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

4-core interleaved throughput is ${((single['hetero-4'] / avg1) * 100).toFixed(0)}% of the single-core average (target: within 15%).
Target for single core: 250 M instructions/s.`;
  },
};
