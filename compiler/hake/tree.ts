// Finding and evaluating every Hakefile of the source tree (`os-src/`, `stdlib/`), in a fixed
// order so that builds and their reports are deterministic.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HakeDiagnostic } from './diagnostics.ts';
import { evalHakefile } from './hakefile.ts';
import type { Rule } from './records.ts';

export const SOURCE_DIRS = ['os-src', 'stdlib'];

export function findHakefiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name === 'Hakefile') out.push(join(dir, e.name));
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  return out;
}

/** How a path is shown in diagnostics: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') || r === '' ? p : r;
}

export function loadTree(root: string): { rules: Rule[]; diagnostics: HakeDiagnostic[]; hakefiles: string[] } {
  const hakefiles = findHakefiles(root);
  const rules: Rule[] = [];
  const diagnostics: HakeDiagnostic[] = [];
  for (const f of hakefiles) {
    const r = evalHakefile(readFileSync(f, 'utf8'), displayPath(f));
    // rules keep the absolute directory for resolving their files; diagnostics the display path
    for (const rule of r.rules) rule.dir = join(f, '..');
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  return { rules, diagnostics, hakefiles };
}
