// A generated 10,000-line program goes through the whole front end correctly. The time is
// printed, not asserted (the budget: well under ~300 ms, so a full compile stays under a second).
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../compiler/fin/index.ts';
import { STD_IO } from './helpers.ts';
import { generateProgram } from './gen-program.ts';

describe('speed', () => {
  it('checks a 10,000-line program', () => {
    const src = generateProgram(10_000);
    const files: Record<string, string> = { '/src/big.fin': src, '/std/std/io.fin': STD_IO };
    const run = () => checkProgram({ mainFiles: ['/src/big.fin'], roots: ['/std', '/src'], arch: 'x86', readFile: (p) => files[p] });
    const t0 = performance.now();
    run(); // the first run also warms up V8's JIT and chevrotain's caches
    const cold = performance.now() - t0;
    const times: number[] = [];
    let r = run();
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      r = run();
      times.push(performance.now() - t0);
    }
    const lines = src.split('\n').length;
    console.log(`fin front end: ${lines} lines in ${Math.min(...times).toFixed(1)} ms warm (best of 3: ${times.map((t) => t.toFixed(0)).join(', ')} ms), first run ${cold.toFixed(0)} ms`);
    expect(r.diagnostics).toEqual([]);
    const p = r.program!;
    expect(lines).toBeGreaterThanOrEqual(10_000);
    expect(p.functions.length).toBeGreaterThan(300);
    expect(p.modules[0]!.functions.every((f) => f.body !== null && f.body.length > 0)).toBe(true);
  });
});
