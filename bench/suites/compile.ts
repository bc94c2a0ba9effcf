// Compiler speed: a generated 10,000-line Fin program through the whole compiler (check,
// lower, generate, assemble) for each personality.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      compileFin({ files: [file], arch }); // warm up the compiler's own code
      let best = Infinity;
      let asmLines = 0;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const r = compileFin({ files: [file], arch });
        best = Math.min(best, performance.now() - t);
        if (!r.object) throw new Error(r.messages.join('\n'));
        asmLines = r.asm!.split('\n').length;
      }
      console.log(`compile ${lines} lines for ${arch}: ${best.toFixed(0)} ms`);
      rows.push(`| ${arch} | ${lines.toLocaleString('en')} | ${asmLines.toLocaleString('en')} | **${best.toFixed(0)}** |`);
    }
    return `A generated program (\`bench/suites/compile.ts\`) compiled to an object in one process: front end, IR,
code generation and assembly (target: under 1 000 ms for 10 000 lines).

| personality | Fin lines | assembly lines | ms |
| --- | --- | --- | --- |
${rows.join('\n')}`;
  },
};
