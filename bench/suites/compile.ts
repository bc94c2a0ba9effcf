// Compiler speed: a generated 10,000-line Fin program through the whole compiler (check,
// lower, generate, assemble) for each personality, warm in-process and as a cold CLI run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import type { Suite } from '../run.ts';

/** A program of many small functions with loops, structs, arrays and calls: `lines` lines. */
export function generateProgram(lines: number): string {
  const out = ['import std.io;', '', 'struct Acc { total: u32, count: u32, last: [4]u32 }', ''];
  let n = 0;
  while (out.length < lines - 12) {
    out.push(
      // pub, so that every function is a root and is compiled (the driver drops functions
      // nothing can reach; this program calls only a few of them)
      `pub fn work${n}(acc: *Acc, k: u32) -> u32 {`,
      `    var s: u32 = k * ${n % 97 + 1};`,
      `    for i in 0..${(n % 7) + 3} {`,
      `        if (s & 1) == 0 { s = s / 2 + i; } else { s = s * 3 + 1; }`,
      `        acc.last[i % 4] = s;`,
      '    }',
      '    acc.total += s;',
      '    acc.count += 1;',
      `    return s ^ ${n};`,
      '}',
      '',
    );
    n++;
  }
  out.push('pub fn main() -> i32 {', '    var acc: Acc;', '    var x: u32 = 1;');
  for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 8))) out.push(`    x = work${i}(&acc, x);`);
  out.push('    io.print_u32(acc.total);', '    io.println("");', '    return 0;', '}');
  return out.join('\n') + '\n';
}

const shoal = fileURLToPath(new URL('../../tools/shoal', import.meta.url));
const compileModule = new URL('../../compiler/fin/driver/compile.ts', import.meta.url).href;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The first compile in a fresh process (modules loaded, the JIT cold), timed inside it. Each
 *  personality gets its own process: measured after another personality's compiles, most of
 *  the compiler (front end, shared passes, assembler core) would already be optimised, which
 *  made the second personality's "first" look ~30% cheaper than the first's. */
function firstMs(file: string, arch: string): number {
  const code = `import { compileFin } from ${JSON.stringify(compileModule)};
const t = performance.now();
const r = compileFin({ files: [${JSON.stringify(file)}], arch: ${JSON.stringify(arch)} });
if (!r.object) throw new Error(r.messages.join('\\n'));
console.log(performance.now() - t);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', cwd: repoRoot });
  if (r.status !== 0) throw new Error(`first compile failed: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').pop());
}

/** Wall time of a whole `shoal compile` process (module loading through tsx, a cold JIT). */
function cliMs(file: string, arch: string, out: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [shoal, 'compile', '--arch', arch, '-o', out, file], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`shoal compile failed: ${r.stderr}`);
  return ms;
}

export const compileSuite: Suite = {
  id: 'compile',
  title: 'Compiler speed',
  run() {
    const dir = mkdtempSync(join(tmpdir(), 'shoal-bench-'));
    const file = join(dir, 'big.fin');
    const src = generateProgram(10_000);
    writeFileSync(file, src);
    const lines = src.split('\n').length - 1;
    const rows: string[] = [];
    for (const arch of ['x86', 'arm'] as const) {
      const first = Math.min(firstMs(file, arch), firstMs(file, arch));
      compileFin({ files: [file], arch }); // warms up the compiler's own code
      let t: number;
      let best = Infinity;
      let asmLines = 0;
      for (let i = 0; i < 3; i++) {
        t = performance.now();
        const r = compileFin({ files: [file], arch });
        best = Math.min(best, performance.now() - t);
        if (!r.object) throw new Error(r.messages.join('\n'));
        asmLines = r.asm!.split('\n').length;
      }
      const cli = Math.min(...[0, 1, 2].map(() => cliMs(file, arch, join(dir, `big.${arch}.o`))));
      console.log(`compile ${lines} lines for ${arch}: ${best.toFixed(0)} ms warm, ${first.toFixed(0)} ms first in process, ${cli.toFixed(0)} ms shoal compile`);
      rows.push(`| ${arch} | ${lines.toLocaleString('en')} | ${asmLines.toLocaleString('en')} | **${best.toFixed(0)}** | ${first.toFixed(0)} | ${cli.toFixed(0)} |`);
    }
    return `A generated program (\`bench/suites/compile.ts\`, every function \`pub\` so all of it is compiled) through the
whole compiler: front end, IR, code generation and assembly to an object. Three paths: **warm**, the library
(\`compileFin\`) in one process after one warm-up compile, best of 3 (the issue's target: under 1 000 ms for 10 000
lines); **first**, one compile in a fresh process of its own (the compiler's code not yet optimised by V8, modules already loaded), best of 2;
**CLI**, a whole \`shoal compile\` process (Node start, loading the toolchain through tsx, a cold JIT), best of 3.

| personality | Fin lines | assembly lines | warm ms | first ms | CLI ms |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`;
  },
};
