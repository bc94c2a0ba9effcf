// The CPU suite: the same algorithms in Fin (on the VM, each personality), Lua 5.4 and plain
// JS, timed in one run. Lua is the peer the interpreter is measured against.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Suite } from '../run.ts';

const dir = fileURLToPath(new URL('../cpu/', import.meta.url));
const worker = fileURLToPath(new URL('../cpu-worker.ts', import.meta.url));
export const PROGRAMS = ['sieve', 'fib', 'quicksort', 'matmul', 'hash'];

/** Lua 5.4 from Debian; installed when missing (the bench is run by developers, not CI). */
function lua(): string {
  if (spawnSync('lua5.4', ['-v']).status === 0) return 'lua5.4';
  console.log('installing lua5.4 (apt-get)…');
  spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq lua5.4'], { stdio: 'inherit' });
  if (spawnSync('lua5.4', ['-v']).status !== 0) throw new Error('lua5.4 is not available: install Debian package lua5.4');
  return 'lua5.4';
}

function best(f: () => number, n = 3): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, f());
  return b;
}

export const cpuSuite: Suite = {
  id: 'cpu',
  title: 'CPU suite: Fin on the VM vs Lua 5.4 and plain JS',
  run() {
    const luaBin = lua();
    const rows: string[] = [];
    for (const p of PROGRAMS) {
      const luaOut = execFileSync(luaBin, [`${dir}${p}.lua`], { encoding: 'utf8' });
      const luaOnce = () => { const t = performance.now(); execFileSync(luaBin, [`${dir}${p}.lua`]); return performance.now() - t; };
      // Lua is timed both before and after the VM runs, so a busy moment on a shared machine
      // does not land on one side of the ratio only
      let luaMs = best(luaOnce);
      const vm: Record<string, { ms: number; instructions: number; out: string; status: string }> = {};
      for (const arch of ['x86', 'arm']) {
        vm[arch] = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', worker, `${dir}${p}.fin`, arch], { encoding: 'utf8' }).trim().split('\n').pop()!);
      }
      luaMs = Math.min(luaMs, best(luaOnce));
      const jsOut = execFileSync(process.execPath, ['-e', `import('${dir}${p}.js').then(m => process.stdout.write(m.run()))`], { encoding: 'utf8' });
      const jsMs = Number(execFileSync(process.execPath, ['-e', `import('${dir}${p}.js').then(m => { m.run(); let b = Infinity; for (let i = 0; i < 3; i++) { const t = performance.now(); m.run(); b = Math.min(b, performance.now() - t); } process.stdout.write(String(b)); })`], { encoding: 'utf8' }));
      const agree = vm.x86.out === luaOut && vm.arm.out === luaOut && jsOut === luaOut;
      const ratio = (a: string) => (vm[a].ms / luaMs).toFixed(2);
      console.log(`${p}: lua ${luaMs.toFixed(0)} ms, x86 ${vm.x86.ms.toFixed(0)} ms (${ratio('x86')}x), arm ${vm.arm.ms.toFixed(0)} ms (${ratio('arm')}x), js ${jsMs.toFixed(1)} ms${agree ? '' : ' OUTPUTS DIFFER'}`);
      rows.push(`| ${p} | ${luaMs.toFixed(0)} | ${vm.x86.ms.toFixed(0)} | **${ratio('x86')}×** | ${vm.x86.instructions.toLocaleString('en')} | ${vm.arm.ms.toFixed(0)} | **${ratio('arm')}×** | ${vm.arm.instructions.toLocaleString('en')} | ${jsMs.toFixed(1)} | ${agree ? 'yes' : '**no**'} |`);
    }
    return `Programs in \`bench/cpu/\` (\`.fin\`, \`.lua\`, \`.js\`: the same algorithm). VM times exclude compiling and
count only the run (best of 3 in a fresh process after a warm-up run); Lua times are whole \`lua5.4\` processes (about
2 ms of which is start-up), best of 6 taken before and after the VM runs. Ratio = VM time / Lua time
(target for the interpreter: at most 2.5×). Guest instructions are exact and independent of host noise.

| program | Lua ms | x86 ms | x86/Lua | x86 instructions | arm ms | arm/Lua | arm instructions | JS ms | same output |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
  },
};
