// Finding and evaluating every Hakefile of the source tree (`os-src/`, `stdlib/`), in a fixed
// order so that builds and their reports are deterministic.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/**
 * Evaluated Hakefiles, kept between builds (`build/.hake-rules.json`): an unchanged Hakefile
 * whose `find`-listed directories still hold the same names gives the same rules, and a no-op
 * build should not pay for the grammar and the evaluator. Any change to either misses. The
 * version names the evaluator's meaning: bump it when Hakefile semantics change.
 */
const CACHE_VERSION = 'hake-rules-1';
interface CachedHakefile { display: string; text: string; listings: Record<string, string>; rules: Rule[] }
interface RulesCache { version: string; files: Record<string, CachedHakefile> }

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The names in a directory and which are directories: what `find` sees of it. */
function listing(dir: string): string {
  try {
    return digest(readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort().join('\n'));
  } catch {
    return 'unlistable';
  }
}

function readCache(path: string | undefined): RulesCache {
  if (path) {
    try {
      const c = JSON.parse(readFileSync(path, 'utf8')) as RulesCache;
      if (c.version === CACHE_VERSION && c.files && typeof c.files === 'object') return c;
    } catch { /* absent or unreadable: evaluate everything */ }
  }
  return { version: CACHE_VERSION, files: {} };
}

/** Every Hakefile's rules; with `build`, reuses and refreshes the evaluation cache there. */
export function loadTree(root: string, build?: string): { rules: Rule[]; diagnostics: HakeDiagnostic[]; hakefiles: string[] } {
  const cachePath = build ? join(build, '.hake-rules.json') : undefined;
  const cache = readCache(cachePath);
  const next: RulesCache = { version: CACHE_VERSION, files: {} };
  const hakefiles = findHakefiles(root);
  const rules: Rule[] = [];
  const diagnostics: HakeDiagnostic[] = [];
  for (const f of hakefiles) {
    const text = readFileSync(f, 'utf8');
    const display = displayPath(f);
    const hit = cache.files[f];
    if (hit && hit.display === display && hit.text === digest(text)
      && Object.entries(hit.listings).every(([d, h]) => listing(d) === h)) {
      rules.push(...hit.rules);
      next.files[f] = hit;
      continue;
    }
    const r = evalHakefile(text, display);
    // rules keep the absolute directory for resolving their files; diagnostics the display path
    for (const rule of r.rules) rule.dir = join(f, '..');
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
    if (!r.diagnostics.length) {
      const listings = Object.fromEntries(r.listed.map((d) => [resolve(d), listing(d)]));
      next.files[f] = { display, text: digest(text), listings, rules: r.rules };
    }
  }
  if (cachePath && JSON.stringify(next) !== JSON.stringify(cache)) {
    try {
      mkdirSync(dirname(cachePath), { recursive: true });
      writeFileSync(cachePath, JSON.stringify(next));
    } catch { /* a read-only build directory only costs the next build the evaluation */ }
  }
  return { rules, diagnostics, hakefiles };
}
