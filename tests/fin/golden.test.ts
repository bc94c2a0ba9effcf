// Golden Fin programs: each runs on both personalities and must print exactly its .out, exit
// with its .status (default 0) and, with a .fault, die of that fault with a Fin source
// location. A differential test then requires x86 and arm to agree on everything, including
// the CPU benchmark programs, whose output must also equal their plain-JS twins'.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execProgram, type ExecResult } from '../../tools/actions/exec.ts';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const BENCH = fileURLToPath(new URL('../../bench/cpu/', import.meta.url));

interface Case { name: string; main: string; base: string }
const cases: Case[] = [];
for (const entry of readdirSync(GOLDEN).sort()) {
  const p = join(GOLDEN, entry);
  if (entry.endsWith('.fin')) cases.push({ name: entry.slice(0, -4), main: p, base: p.slice(0, -4) });
  else if (statSync(p).isDirectory() && existsSync(join(p, 'main.fin'))) cases.push({ name: entry, main: join(p, 'main.fin'), base: join(p, 'main') });
}
const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);

const results = new Map<string, ExecResult>();
function run(file: string, arch: 'x86' | 'arm'): ExecResult {
  const key = `${file}:${arch}`;
  let r = results.get(key);
  if (!r) { r = execProgram({ files: [file], arch, maxCycles: 2_000_000_000 }); results.set(key, r); }
  return r;
}

describe('golden programs', () => {
  it('there are golden programs', () => expect(cases.length).toBeGreaterThan(8));
  for (const c of cases) {
    for (const arch of ['x86', 'arm'] as const) {
      it(`${c.name} on ${arch}`, () => {
        const r = run(c.main, arch);
        const fault = read(`${c.base}.fault`)?.trim();
        if (!fault) expect(r.err.filter((l) => / error: /.test(l))).toEqual([]);
        expect(r.console).toBe(read(`${c.base}.out`) ?? '');
        expect(r.code).toBe(Number(read(`${c.base}.status`) ?? 0));
        if (fault) {
          const line = r.err.find((l) => l.startsWith('fault: '));
          expect(line).toMatch(new RegExp(`^fault: ${fault}\\b`));
          expect(line).toMatch(new RegExp(`at .*${c.name}\\.fin:\\d+:\\d+`));
        }
      });
    }
  }
});

describe('x86 and arm agree', () => {
  for (const c of cases) {
    it(c.name, () => {
      const x = run(c.main, 'x86'), a = run(c.main, 'arm');
      expect(a.console).toBe(x.console);
      expect(a.code).toBe(x.code);
      expect(a.err.map((l) => l.replace(/ pc=0x[0-9a-f]+ on core \d+ \((x86|arm)\)/, ''))).toEqual(x.err.map((l) => l.replace(/ pc=0x[0-9a-f]+ on core \d+ \((x86|arm)\)/, '')));
    });
  }
  for (const prog of ['sieve', 'fib', 'quicksort', 'matmul', 'hash']) {
    it(`bench/cpu/${prog}.fin matches its JS twin on both`, async () => {
      const js = await import(join(BENCH, `${prog}.js`)) as { run: () => string };
      const want = js.run();
      for (const arch of ['x86', 'arm'] as const) {
        const r = run(join(BENCH, `${prog}.fin`), arch);
        expect(r.code, `${prog} on ${arch}: ${r.err.join('\n')}`).toBe(0);
        expect(r.console).toBe(want);
      }
    });
  }
});
