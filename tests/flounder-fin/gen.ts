// Writes the Fin stubs of an interface into `<dir>/flounder/<name>.fin` (a fresh temporary
// folder), so a test program built with `roots: [dir]` imports them as flounder.<name>.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { flounderGenerate } from '../../compiler/flounder/index.ts';

export function finStubsDir(ifPath: string, arch: 'x86' | 'arm' = 'x86'): string {
  const r = flounderGenerate(ifPath, { fin: true, arch });
  if (r.diagnostics.length || !r.fin) throw new Error(`${ifPath}: ${r.diagnostics.join('\n')}`);
  const dir = mkdtempSync(join(tmpdir(), 'shoal-fin-stubs-'));
  mkdirSync(join(dir, 'flounder'));
  writeFileSync(join(dir, 'flounder', `${basename(ifPath, '.if')}.fin`), r.fin);
  return dir;
}
