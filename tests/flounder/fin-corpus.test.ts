// Every accepted corpus interface yields Fin stubs that the Fin compiler compiles, for both
// personalities (the stubs import the channel runtime from stdlib/os).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { flounderGenerate } from '../../compiler/flounder/index.ts';
import { acceptedInterfaces } from './corpus.ts';

const OUT = fileURLToPath(new URL('./.out/', import.meta.url));
mkdirSync(OUT, { recursive: true });
const dir = mkdtempSync(join(OUT, 'fin-'));
mkdirSync(join(dir, 'flounder'));

describe('generated Fin stubs compile', () => {
  for (const f of acceptedInterfaces()) {
    it(`${f.rel} for x86 and arm`, () => {
      for (const arch of ['x86', 'arm'] as const) {
        const g = flounderGenerate(f.path, { fin: true, arch });
        expect(g.diagnostics).toEqual([]);
        const path = join(dir, 'flounder', `${g.iface!.name}.fin`);
        writeFileSync(path, g.fin!);
        const r = compileFin({ files: [path], arch, roots: [dir] });
        expect(r.messages.filter((m) => /error/.test(m))).toEqual([]);
        expect(r.object).toBeDefined();
      }
    });
  }
});
