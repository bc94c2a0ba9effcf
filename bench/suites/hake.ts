// Hake speed: a full build of today's tree (os-src/ and stdlib/, every application, library and
// boot image) and a no-op rebuild, both in one process and through the `shoal build` command
// line in a fresh process; plus a rebuild after one edited file. Sources are copied to a
// temporary tree so the repository is never written.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hakeBuild } from '../../compiler/hake/build.ts';
import type { Suite } from '../run.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function timed(f: () => Promise<{ ok: boolean; errors: string[]; ran: string[]; total: number }>) {
  const t = performance.now();
  const r = await f();
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return { ms: performance.now() - t, ran: r.ran.length, total: r.total };
}

export const hakeSuite: Suite = {
  id: 'hake',
  title: 'Hake build speed',
  run() {
    // Suite.run is synchronous; the measurements run in a child process that prints JSON
    const load = loadavg()[0].toFixed(1);
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure'], { encoding: 'utf8', cwd: REPO });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, { ms: number; ran: number; total: number }>;
    const row = (what: string, k: string) => `| ${what} | ${m[k].ran} of ${m[k].total} | **${m[k].ms.toFixed(0)}** |`;
    for (const [k, v] of Object.entries(m)) console.log(`${k}: ${v.ms.toFixed(0)} ms (${v.ran}/${v.total} steps)`);
    return `Today's tree (\`os-src/\`, \`stdlib/\`: every application, library and boot image, both
personalities) copied to a temporary directory (\`bench/suites/hake.ts\`). "In process" rows are
the best of three after one warm-up in one process; "command line" rows are one run each of
\`tools/shoal build\` in a fresh process, start-up of Node and tsx and the command line
included (a no-op build loads no compiler, and reuses the evaluated Hakefiles). The machine is shared, so every row
varies with its load (1-minute load average when this run started: ${load}). Targets: full build
under 5 000 ms, no-op rebuild under 500 ms.

| build | steps run | ms |
| --- | --- | --- |
${row('full build, command line (fresh process, cold)', 'cliFull')}
${row('no-op rebuild, command line (fresh process)', 'cliNoop')}
${row('no-op rebuild, fresh process, from importing Hake to done', 'coldNoop')}
${row('full build, in process', 'full')}
${row('no-op rebuild, in process', 'noop')}
${row('one application source edited, in process', 'edit')}`;
  },
};

async function measure(): Promise<void> {
  const tree = mkdtempSync(join(tmpdir(), 'shoal-bench-hake-'));
  for (const d of ['os-src', 'stdlib']) cpSync(join(REPO, d), join(tree, d), { recursive: true });
  const build = join(tree, 'build');
  const out: Record<string, unknown> = {};
  // the command line, cold: a fresh process with an empty build directory
  const cli = (key: string) => {
    const t = performance.now();
    const r = spawnSync(join(REPO, 'tools/shoal'), ['build', '--root', tree], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = /(\d+) steps: (\d+) built/.exec(r.stdout)!;
    out[key] = { ms: performance.now() - t, ran: Number(m[2]), total: Number(m[1]) };
  };
  cli('cliFull');
  cli('cliNoop');
  const cold = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold-noop', tree], { encoding: 'utf8' });
  if (cold.status !== 0) throw new Error(cold.stderr);
  out.coldNoop = JSON.parse(cold.stdout.trim().split('\n').pop()!);
  const best = async (prepare: () => void, key: string) => {
    let bestRun = { ms: Infinity, ran: 0, total: 0 };
    for (let i = 0; i < 4; i++) {
      prepare();
      const r = await timed(() => hakeBuild({ root: tree, build }));
      if (i > 0 && r.ms < bestRun.ms) bestRun = r; // run 0 warms up
    }
    out[key] = bestRun;
  };
  await best(() => rmSync(build, { recursive: true, force: true }), 'full');
  await best(() => {}, 'noop');
  const hello = join(tree, 'os-src/demo/hello.fin');
  const text = readFileSync(hello, 'utf8');
  let n = 0;
  await best(() => writeFileSync(hello, text.replace('powering off', `powering off ${n++}`)), 'edit');
  rmSync(tree, { recursive: true, force: true });
  console.log(JSON.stringify(out));
}

/** A fresh process: import Hake, build an up-to-date tree, report the time for both. */
async function coldNoop(tree: string): Promise<void> {
  const t = performance.now();
  const { hakeBuild: build } = await import('../../compiler/hake/build.ts');
  const r = await build({ root: tree });
  console.log(JSON.stringify({ ms: performance.now() - t, ran: r.ran.length, total: r.total }));
}

if (process.argv.includes('--measure')) await measure();
if (process.argv.includes('--cold-noop')) await coldNoop(process.argv[process.argv.indexOf('--cold-noop') + 1]);
