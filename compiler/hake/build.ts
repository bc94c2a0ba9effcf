// A Hake build: evaluate the tree's Hakefiles, plan the steps, pick the ones the request needs
// (everything, one target, or one machine's boot image), and run those that are not up to date.
// Returns a report as data; bad input never throws.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { presetNamed } from '../../vm/machine/config.ts';
import { formatHakeDiag } from './diagnostics.ts';
import { planBuild, type Plan, type Step } from './graph.ts';
import { Hasher, loadState, saveState, statePath, stepKey, type BuildState } from './state.ts';
import type { StepRunner } from './steps.ts';
import { displayPath, loadTree } from './tree.ts';

export interface BuildOptions {
  /** the source tree: holds os-src/ and stdlib/ */
  root: string;
  /** default <root>/build */
  build?: string;
  target?: string;
  machine?: string;
  /** delete the build directory first */
  clean?: boolean;
  /** steps in flight at once (default 1) */
  jobs?: number;
  onProgress?: (done: number, total: number, step: string) => void;
}

export interface BuildReport {
  ok: boolean;
  /** `path:line:col: error: message` lines */
  errors: string[];
  warnings: string[];
  /** ids of the steps that ran, in order */
  ran: string[];
  upToDate: number;
  total: number;
  /** menu.lst of each boot image in the selection */
  images: Record<string, string>;
}

function select(plan: Plan, opts: BuildOptions): { steps: Step[]; error?: string } {
  let wanted: string[];
  if (opts.machine) {
    const id = plan.images.get(opts.machine);
    if (!id) {
      return { steps: [], error: presetNamed(opts.machine)
        ? `error: no Hakefile defines a boot image for ${opts.machine} (known: ${[...plan.images.keys()].join(', ') || 'none'})`
        : `error: unknown machine '${opts.machine}' (see 'shoal machines')` };
    }
    wanted = [id];
  } else if (opts.target) {
    const ids = plan.targets.get(opts.target);
    if (!ids) return { steps: [], error: `error: no Hakefile builds a target "${opts.target}" (known: ${[...plan.targets.keys()].sort().join(', ')})` };
    wanted = ids;
  } else return { steps: plan.steps };
  const need = new Set<string>();
  const visit = (id: string): void => { if (need.has(id)) return; need.add(id); for (const d of plan.byId.get(id)!.deps) visit(d); };
  wanted.forEach(visit);
  return { steps: plan.steps.filter((s) => need.has(s.id)) };
}

export async function hakeBuild(opts: BuildOptions): Promise<BuildReport> {
  const build = opts.build ?? join(opts.root, 'build');
  const report: BuildReport = { ok: false, errors: [], warnings: [], ran: [], upToDate: 0, total: 0, images: {} };
  // only ever delete a directory Hake made
  if (opts.clean && existsSync(statePath(build))) rmSync(build, { recursive: true, force: true });
  const tree = loadTree(opts.root, build);
  const plan = planBuild(tree.rules, { root: opts.root, build });
  const diags = [...tree.diagnostics, ...plan.diagnostics];
  if (diags.length) { report.errors = diags.map(formatHakeDiag); return report; }
  const { steps, error } = select(plan, opts);
  if (error) { report.errors = [error]; return report; }
  report.total = steps.length;

  const old = loadState(build);
  const state: BuildState = { version: old.version, steps: { ...old.steps } };
  const hasher = new Hasher();
  // the compilers load only when some step has to run: a no-op build never pays for them
  let runner: StepRunner | undefined;
  const failed = new Set<string>();
  const finished = new Set<string>();
  let done = 0;

  const runOne = async (step: Step): Promise<void> => {
    const depOutputs: Record<string, string> = {};
    for (const d of step.deps) Object.assign(depOutputs, state.steps[d]?.outputs);
    const prev = old.steps[step.id];
    const key = stepKey(step, hasher, depOutputs, prev?.discovered ?? []);
    if (prev && prev.key === key && Object.entries(prev.outputs).every(([p, h]) => hasher.file(p) === h)) {
      report.upToDate++;
    } else {
      opts.onProgress?.(done, steps.length, step.id);
      report.ran.push(step.id);
      runner ??= new (await import('./steps.ts')).StepRunner();
      const out = await runner.run(step);
      report.warnings.push(...out.warnings);
      if (out.errors.length) {
        report.errors.push(...out.errors);
        failed.add(step.id);
        delete state.steps[step.id];
      } else {
        const outputs: Record<string, string> = {};
        for (const p of step.outputs) { hasher.forget(p); outputs[p] = hasher.file(p); }
        const discovered = out.discovered?.map(String);
        state.steps[step.id] = { key: stepKey(step, hasher, depOutputs, discovered ?? []), outputs, ...(discovered ? { discovered } : {}) };
      }
    }
    done++;
    opts.onProgress?.(done, steps.length, step.id);
  };

  // Steps start in plan order as soon as their dependencies are done, at most `jobs` at once.
  // The compilers are synchronous, so steps overlap only while one awaits (loading a generator).
  const pending = [...steps];
  const jobs = Math.max(1, opts.jobs ?? 1);
  const inFlight = new Set<Promise<void>>();
  while (pending.length || inFlight.size) {
    const i = pending.findIndex((s) => s.deps.every((d) => finished.has(d) || !steps.some((x) => x.id === d)));
    if (i >= 0 && inFlight.size < jobs) {
      const step = pending.splice(i, 1)[0];
      if (step.deps.some((d) => failed.has(d))) { failed.add(step.id); finished.add(step.id); continue; }
      const p: Promise<void> = runOne(step).then(() => { finished.add(step.id); inFlight.delete(p); });
      inFlight.add(p);
      continue;
    }
    if (!inFlight.size) break; // nothing runnable: cannot happen with a plan in dependency order
    await Promise.race(inFlight);
  }
  saveState(build, state);

  for (const s of steps) if (s.kind === 'image' && !failed.has(s.id)) report.images[s.machine] = displayPath(s.outputs[0]);
  report.ok = failed.size === 0;
  return report;
}
