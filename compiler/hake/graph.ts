// Rules → the build graph: one step per generated module, assembly file, Fin program, link and
// boot image, per personality. Steps are plain data, listed so that every step comes after the
// steps it depends on; steps.ts runs them. Problems in the rules (missing inputs, unknown or
// cyclic libraries, duplicate targets) are diagnostics at the Hakefile line that caused them.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { presetNamed } from '../../vm/machine/config.ts';
import { hakeDiag, type HakeDiagName, type HakeDiagnostic, type Loc } from './diagnostics.ts';
import { GENERATORS, type GeneratorName } from './generators.ts';
import type { HakeArch, ImageRule, ProgramRule, Rule } from './records.ts';

export interface Where { file: string; at: Loc }

interface StepBase {
  /** unique; also what the progress line and the build report show */
  id: string;
  deps: string[];
  /** source files read, known before the step runs */
  inputs: string[];
  outputs: string[];
  where: Where;
}

export interface ImageEntry { kind: 'kernel' | 'module'; arch: HakeArch; target: string; args: string[]; objects: string[]; link: string }

export type Step = StepBase & (
  | { kind: 'gen'; arch: HakeArch; generator: GeneratorName; field: string; source: string }
  /** a Fin program compiled to one object; `check` only type-checks (a library's modules) */
  | { kind: 'fin'; arch: HakeArch; files: string[]; roots: string[]; check: boolean }
  | { kind: 'asm'; arch: HakeArch; source: string }
  | { kind: 'link'; arch: HakeArch; target: string; objects: string[] }
  | { kind: 'image'; machine: string; title: string; entries: ImageEntry[]; dir: string; origin: string }
);

export interface Plan {
  steps: Step[];
  byId: Map<string, Step>;
  /** step ids that make up each application/library target (all personalities) */
  targets: Map<string, string[]>;
  /** the image step of each machine */
  images: Map<string, string>;
  diagnostics: HakeDiagnostic[];
}

export interface Layout {
  root: string;
  build: string;
}

export const archDir = (l: Layout, arch: HakeArch) => join(l.build, arch);
export const genRoot = (l: Layout, arch: HakeArch) => join(l.build, arch, 'gen');
export const exePath = (l: Layout, arch: HakeArch, target: string) => join(l.build, arch, 'sbin', target);

class Failed extends Error {}

export function planBuild(rules: Rule[], layout: Layout): Plan {
  const plan: Plan = { steps: [], byId: new Map(), targets: new Map(), images: new Map(), diagnostics: [] };
  const report = (name: HakeDiagName, where: Where, msg: string): never => {
    // the same problem met again for another personality is reported once
    const d = hakeDiag(name, where.file, where.at, msg);
    if (!plan.diagnostics.some((x) => JSON.stringify(x) === JSON.stringify(d))) plan.diagnostics.push(d);
    throw new Failed();
  };
  const add = (s: Step): string => {
    if (!plan.byId.has(s.id)) { plan.byId.set(s.id, s); plan.steps.push(s); }
    return s.id;
  };
  const rel = (p: string) => relative(layout.root, p);
  const fieldWhere = (r: ProgramRule | ImageRule, f: string): Where => ({ file: r.hakefile, at: r.fieldAt[f] ?? r.at });
  const src = (r: ProgramRule, f: string) => (f.startsWith('/') ? join(layout.root, f) : join(r.dir, f));

  const programs = rules.filter((r): r is ProgramRule => r.kind !== 'image');
  const libraries = new Map<string, ProgramRule>();
  const apps = new Map<string, ProgramRule>();
  for (const r of programs) {
    for (const arch of r.architectures) {
      const table = r.kind === 'library' ? libraries : apps;
      const key = `${arch}:${r.target}`;
      const other = table.get(key);
      if (other) {
        plan.diagnostics.push(hakeDiag('duplicate-target', r.hakefile, r.at, `${r.kind} "${r.target}" for ${arch} is also built by ${other.hakefile}:${other.at.line}`));
        continue;
      }
      table.set(key, r);
    }
  }

  /** The libraries a rule links, transitively, each once, dependencies after their users. */
  const libsOf = (r: ProgramRule, arch: HakeArch, path: ProgramRule[] = []): ProgramRule[] => {
    const out: ProgramRule[] = [];
    for (const name of r.addLibraries) {
      const lib = libraries.get(`${arch}:${name}`);
      if (!lib) report('unknown-library', fieldWhere(r, 'addLibraries'), `no Hakefile builds a library "${name}" for ${arch}`);
      if (lib === r || path.includes(lib!)) {
        const cycle = [...path, r, lib!].map((x) => x.target).join(' -> ');
        report('library-cycle', fieldWhere(r, 'addLibraries'), `library cycle: ${cycle}`);
      }
      for (const l of [lib!, ...libsOf(lib!, arch, [...path, r])]) if (!out.includes(l)) out.push(l);
    }
    return out;
  };

  const checkInputs = (r: ProgramRule, field: 'finFiles' | 'assemblyFiles') => {
    for (const f of r[field]) {
      if (!existsSync(src(r, f))) report('missing-input', fieldWhere(r, field), `missing input "${f}" (${rel(src(r, f))} does not exist)`);
    }
  };

  const genSteps = (r: ProgramRule, arch: HakeArch): string[] => {
    const ids: string[] = [];
    for (const g of GENERATORS) {
      for (const entry of r[g.field]) {
        const where = fieldWhere(r, g.field);
        const source = g.source(layout.root, r, entry);
        if (!existsSync(source)) report('missing-definition', where, `${g.name} input "${entry}" not found (${rel(source)} does not exist)`);
        ids.push(add({
          kind: 'gen', id: `${g.name} ${arch} ${rel(source)}`, arch, generator: g.name, field: g.field, source,
          deps: [], inputs: [source], outputs: [join(genRoot(layout, arch), g.output(entry))], where,
        }));
      }
    }
    return ids;
  };

  const asmSteps = (r: ProgramRule, arch: HakeArch): string[] => r.assemblyFiles.map((f) => {
    const source = src(r, f);
    return add({
      kind: 'asm', id: `asm ${arch} ${rel(source)}`, arch, source, deps: [], inputs: [source],
      outputs: [join(archDir(layout, arch), 'obj', `${rel(source)}.o`)], where: fieldWhere(r, 'assemblyFiles'),
    });
  });

  const linkOf = new Map<string, Extract<Step, { kind: 'link' }>>();
  const program = (r: ProgramRule, arch: HakeArch): string[] => {
    checkInputs(r, 'finFiles');
    checkInputs(r, 'assemblyFiles');
    const libs = libsOf(r, arch);
    const gens = [r, ...libs].flatMap((x) => genSteps(x, arch));
    const roots = [r.dir, ...r.addIncludes.map((d) => src(r, d)), ...libs.flatMap((l) => [l.dir, ...l.addIncludes.map((d) => src(l, d))]), genRoot(layout, arch)];
    const ids: string[] = [...gens];
    const where = { file: r.hakefile, at: r.at };
    let finObject: string | undefined;
    if (r.finFiles.length) {
      const check = r.kind === 'library';
      finObject = check ? undefined : join(archDir(layout, arch), 'obj', 'sbin', `${r.target}.o`);
      ids.push(add({
        kind: 'fin', id: `${check ? 'check' : 'fin'} ${arch} ${r.target}`, arch, check,
        files: r.finFiles.map((f) => src(r, f)), roots: [...new Set(roots)],
        deps: gens, inputs: r.finFiles.map((f) => src(r, f)), outputs: finObject ? [finObject] : [], where,
      }));
    }
    const asm = asmSteps(r, arch);
    ids.push(...asm);
    if (r.kind === 'application') {
      const libAsm = libs.flatMap((l) => asmSteps(l, arch));
      const objects = [...(finObject ? [finObject] : []), ...[...asm, ...libAsm].map((id) => plan.byId.get(id)!.outputs[0])];
      const link: Extract<Step, { kind: 'link' }> = {
        kind: 'link', id: `link ${arch} ${r.target}`, arch, target: r.target, objects,
        deps: [...(finObject ? [`fin ${arch} ${r.target}`] : []), ...asm, ...libAsm], inputs: [], outputs: [exePath(layout, arch, r.target)], where,
      };
      linkOf.set(`${arch}:${r.target}`, link);
      ids.push(add(link));
    }
    return ids;
  };

  for (const r of programs) {
    const ids: string[] = [];
    for (const arch of r.architectures) {
      try { ids.push(...program(r, arch)); } catch (e) { if (!(e instanceof Failed)) throw e; }
    }
    plan.targets.set(r.target, [...(plan.targets.get(r.target) ?? []), ...ids]);
  }

  for (const r of rules) {
    if (r.kind !== 'image') continue;
    try { image(r); } catch (e) { if (!(e instanceof Failed)) throw e; }
  }

  function image(r: ImageRule): void {
    const cfg = presetNamed(r.machine);
    if (!cfg) report('unknown-machine', fieldWhere(r, 'machine'), `no machine preset "${r.machine}" (see 'shoal machines')`);
    if (plan.images.has(r.machine)) report('duplicate-target', { file: r.hakefile, at: r.at }, `a boot image for ${r.machine} is already defined`);
    const cores = cfg!.packages.flat();
    // the boot core's personality first: its kernel is the one the machine starts
    const archs = [...new Set(cores)] as HakeArch[];
    const entries: ImageEntry[] = [];
    const entry = (kind: 'kernel' | 'module', target: string, args: string[], arch: HakeArch) => {
      const link = linkOf.get(`${arch}:${target}`);
      if (!link) return false;
      entries.push({ kind, arch, target, args, objects: link.objects, link: link.id });
      return true;
    };
    for (const arch of archs) {
      if (!entry('kernel', r.kernel, r.kernelArgs, arch)) {
        const which = cores.map((p, i) => (p === arch ? i : -1)).filter((i) => i >= 0).join(', ');
        report('unknown-target', fieldWhere(r, 'kernel'), `kernel "${r.kernel}" is not built for ${arch}, which ${r.machine}'s cores ${which} need`);
      }
    }
    for (const line of r.modules) {
      const [target, ...args] = line.split(/\s+/).filter(Boolean);
      if (!target) report('unknown-target', fieldWhere(r, 'modules'), 'an empty module line');
      const built = archs.filter((a) => entry('module', target, args, a));
      if (!built.length) report('unknown-target', fieldWhere(r, 'modules'), `module "${target}" is not built for any personality of ${r.machine}`);
    }
    const dir = join(layout.build, 'images', r.machine);
    const id = `image ${r.machine}`;
    add({
      kind: 'image', id, machine: r.machine, title: r.title, entries, dir, origin: `${rel(r.hakefile)}:${r.at.line}`,
      deps: [...new Set(entries.map((e) => e.link))], inputs: [],
      outputs: [join(dir, 'menu.lst'), ...[...new Set(entries.map((e) => join(dir, e.arch, 'sbin', e.target)))]],
      where: { file: r.hakefile, at: r.at },
    });
    plan.images.set(r.machine, id);
  }
  return plan;
}
