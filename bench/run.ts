// `npm run bench [-- ID...]`: runs every benchmark suite (or the named ones) and writes
// docs/benchmarks.md with the machine, the date and the measured figures. A partial run replaces
// only its own sections and keeps the others' figures (each section says when it was measured).
// Only measured numbers are written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { interpSuite } from './suites/interp.ts';
import { cpuSuite } from './suites/cpu.ts';
import { compileSuite } from './suites/compile.ts';
import { flounderSuite } from './suites/flounder.ts';
import { hakeSuite } from './suites/hake.ts';
import { mackerelSuite } from './suites/mackerel.ts';

export interface Suite { id: string; title: string; run: () => string }

const SUITES: Suite[] = [interpSuite, cpuSuite, compileSuite, flounderSuite, hakeSuite, mackerelSuite];

const root = fileURLToPath(new URL('..', import.meta.url));
const docPath = root + 'docs/benchmarks.md';
const when = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SUITES.some((s) => s.id === w));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.id).join(', ')}`);
  process.exit(2);
}

/** Sections already in the document, by title, so a partial run keeps the rest. */
function oldSections(): Map<string, string> {
  const m = new Map<string, string>();
  if (!existsSync(docPath)) return m;
  const parts = readFileSync(docPath, 'utf8').split(/^## /m).slice(1);
  for (const p of parts) m.set(p.slice(0, p.indexOf('\n')), '## ' + p.trimEnd());
  return m;
}

const old = oldSections();
const sections: string[] = [];
for (const s of SUITES) {
  if (wanted.length && !wanted.includes(s.id)) {
    const kept = old.get(s.title);
    if (kept) sections.push(kept);
    continue;
  }
  console.log(`== ${s.title}`);
  sections.push(`## ${s.title}\n\nMeasured ${when} on ${machine}.\n\n${s.run()}`);
}
const doc = `# Benchmarks

Written by \`npm run bench\` (\`npm run bench -- ID\` re-runs one suite: ${SUITES.map((s) => '`' + s.id + '`').join(', ')}).
Each figure is the best of three timed runs after two warm-up runs, each configuration in a
fresh process, unless its section says otherwise. Re-run to refresh; numbers from another
machine are not comparable.

${sections.join('\n\n')}
`;
writeFileSync(docPath, doc);
console.log('wrote docs/benchmarks.md');
