// `npm run bench`: runs every benchmark suite and writes docs/benchmarks.md with the machine,
// the date and the measured figures. Only measured numbers are written.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { interpSuite } from './suites/interp.ts';
import { cpuSuite } from './suites/cpu.ts';
import { compileSuite } from './suites/compile.ts';

export interface Suite { title: string; run: () => string }

const SUITES: Suite[] = [interpSuite, cpuSuite, compileSuite];

const root = fileURLToPath(new URL('..', import.meta.url));
const when = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const sections: string[] = [];
for (const s of SUITES) {
  console.log(`== ${s.title}`);
  sections.push(`## ${s.title}\n\n${s.run()}`);
}
const doc = `# Benchmarks

Written by \`npm run bench\` on ${when}; machine: ${machine}.
Each figure is the best of three timed runs after two warm-up runs, each configuration in a
fresh process. Re-run to refresh; numbers from another machine are not comparable.

${sections.join('\n\n')}
`;
writeFileSync(root + 'docs/benchmarks.md', doc);
console.log('wrote docs/benchmarks.md');
