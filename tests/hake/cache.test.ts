// The evaluated-Hakefile cache (build/.hake-rules.json): a no-op build reuses it, and anything
// the rules depend on — the Hakefile's text, the directories `find` listed — invalidates it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTree } from '../../compiler/hake/tree.ts';
import { edit, put, tempTree } from './tree.ts';

const FIND = {
  'os-src/lib/Hakefile': '[ build library { target = "mine", finFiles = find inDir "m" ".fin" } ]\n',
  'os-src/lib/m/a.fin': 'pub fn a() -> u32 { return 1; }\n',
};
const files = (root: string, build: string) =>
  loadTree(root, build).rules.flatMap((r) => (r.kind !== 'image' && r.target === 'mine' ? r.finFiles : []));

describe('the Hakefile cache', () => {
  it('gives the same rules as evaluating, and is written beside the build state', () => {
    const root = tempTree(FIND);
    const build = join(root, 'build');
    const fresh = loadTree(root);
    expect(loadTree(root, build)).toEqual(fresh);
    expect(existsSync(join(build, '.hake-rules.json'))).toBe(true);
    expect(loadTree(root, build)).toEqual(fresh); // from the cache
  });
  it('is used when nothing changed: a poisoned entry shows through', () => {
    const root = tempTree(FIND);
    const build = join(root, 'build');
    loadTree(root, build);
    const path = join(build, '.hake-rules.json');
    // prove the second load reads the cache rather than the Hakefile
    put(build, '.hake-rules.json', readFileSync(path, 'utf8').replace('m/a.fin', 'm/poisoned.fin'));
    expect(files(root, build)).toContain('m/poisoned.fin');
  });
  it('misses when the Hakefile changes', () => {
    const root = tempTree(FIND);
    const build = join(root, 'build');
    loadTree(root, build);
    edit(root, 'os-src/lib/Hakefile', (s) => s.replace('"mine"', '"yours"'));
    expect(loadTree(root, build).rules.map((r) => (r.kind === 'image' ? r.machine : r.target))).toContain('yours');
  });
  it('misses when a directory `find` listed gains or loses a file', () => {
    const root = tempTree(FIND);
    const build = join(root, 'build');
    expect(files(root, build)).toEqual(['m/a.fin']);
    put(root, 'os-src/lib/m/b.fin', 'pub fn b() -> u32 { return 2; }\n');
    expect(files(root, build)).toEqual(['m/a.fin', 'm/b.fin']);
    rmSync(join(root, 'os-src/lib/m/a.fin'));
    expect(files(root, build)).toEqual(['m/b.fin']);
  });
  it('never caches a Hakefile with errors', () => {
    const root = tempTree({ 'os-src/x/Hakefile': '[ build application { target = } ]' });
    const build = join(root, 'build');
    expect(loadTree(root, build).diagnostics.length).toBe(1);
    expect(loadTree(root, build).diagnostics.length).toBe(1);
  });
});
