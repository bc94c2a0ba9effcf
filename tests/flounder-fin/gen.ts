// Writes the Fin stubs of an interface into `<dir>/flounder/<name>.fin` (a fresh temporary
// folder), so a test program built with `roots: [dir]` imports them as flounder.<name>.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll } from 'vitest';
import { flounderGenerate } from '../../compiler/flounder/index.ts';

// Imported while a test file is collected, so this hook belongs to that file.
const made: string[] = [];
afterAll(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A fresh temporary folder, removed after the test file has run. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function finStubsDir(ifPath: string, arch: 'x86' | 'arm' = 'x86'): string {
  const r = flounderGenerate(ifPath, { fin: true, arch });
  if (r.diagnostics.length || !r.fin) throw new Error(`${ifPath}: ${r.diagnostics.join('\n')}`);
  const dir = tempDir('shoal-fin-stubs-');
  mkdirSync(join(dir, 'flounder'));
  writeFileSync(join(dir, 'flounder', `${basename(ifPath, '.if')}.fin`), r.fin);
  return dir;
}
