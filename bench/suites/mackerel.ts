// Mackerel speed: the whole Barrelfish device corpus (every .dev, sub-folders included) parsed,
// checked and generated to TypeScript and Fin in one process. Target: under 2 s.
// The machine is shared, so the section records the load average and this process's CPU time
// beside the wall time, and a split of one warm run by stage (where the time goes).
import { readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadDevice, mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { generateFin } from '../../compiler/mackerel/gen-fin.ts';
import { generateTs } from '../../compiler/mackerel/gen-ts.ts';
import type { Suite } from '../run.ts';

const CORPUS = '../shared/corpus/barrelfish/devices';

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.dev') ? [p] : []; });
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

export const mackerelSuite: Suite = {
  id: 'mackerel',
  title: 'Mackerel: whole device corpus',
  run() {
    const files = walk(CORPUS);
    const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
    const once = () => {
      const t0 = performance.now();
      const c0 = cpuMs();
      let accepted = 0;
      for (const f of files) if (mackerelGenerate(f, { ts: true, fin: true }).ts !== undefined) accepted++;
      return { ms: performance.now() - t0, cpu: cpuMs() - c0, accepted };
    };
    const first = once();
    // five warm runs: the median is judged against the target, the best shows the code's speed
    // when the shared machine lets it run undisturbed
    const runs = [once(), once(), once(), once(), once()].sort((a, b) => a.ms - b.ms);
    const median = runs[2];
    const best = runs[0];
    // one more warm run, stage by stage (the same work as mackerelGenerate does)
    let load = 0, ts = 0, fin = 0;
    for (const f of files) {
      let t = performance.now();
      const d = loadDevice(f).device;
      load += performance.now() - t;
      if (!d) continue;
      t = performance.now(); generateTs(d); ts += performance.now() - t;
      t = performance.now(); generateFin(d); fin += performance.now() - t;
    }
    const avg = loadavg()[0]!.toFixed(1);
    const target = median.ms < 2000 ? 'met' : 'NOT met';
    console.log(`mackerel: first ${first.ms.toFixed(0)} ms, warm median ${median.ms.toFixed(0)} ms (cpu ${median.cpu.toFixed(0)}), best ${best.ms.toFixed(0)} ms, load ${avg}`);
    return [
      `${files.length} .dev files (${(bytes / 1e6).toFixed(1)} MB), ${first.accepted} accepted; each run parses, checks and generates TypeScript and Fin for all of them in one process (\`bench/suites/mackerel.ts\`).`,
      '',
      '| run | wall (ms) | CPU (ms) |',
      '| --- | ---: | ---: |',
      `| first (cold: grammar build, JIT) | ${first.ms.toFixed(0)} | ${first.cpu.toFixed(0)} |`,
      `| warm, median of 5 | **${median.ms.toFixed(0)}** | ${median.cpu.toFixed(0)} |`,
      `| warm, best of 5 | ${best.ms.toFixed(0)} | ${best.cpu.toFixed(0)} |`,
      '',
      `Where a warm run goes: read, lex, match (Ohm), read the tree, build and check ${load.toFixed(0)} ms; TypeScript ${ts.toFixed(0)} ms; Fin ${fin.toFixed(0)} ms.`,
      '',
      `Load average when measured: ${avg} (on ${cpus().length} cores); CPU counts all of this process's threads (GC included).`,
      '',
      `Target: whole corpus under 2 s — ${target}.`,
    ].join('\n');
  },
};
