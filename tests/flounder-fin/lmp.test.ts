// os.lmp and the generated Fin stubs over LMP, against a fake endpoint kept in this folder
// (fake_kernel.fin behind fake_lmp.<arch>.s), on both personalities. Expected output:
// lmp_stubs.out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../tools/actions/exec.ts';
import { finStubsDir } from './gen.ts';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

describe('LMP in Fin, against a fake endpoint', () => {
  const roots = [finStubsDir(here('lmptest.if'))];
  for (const arch of ['x86', 'arm'] as const) {
    it(`lmp_stubs.fin on ${arch}`, () => {
      const r = execProgram({ files: [here('lmp_stubs.fin'), here(`fake_lmp.${arch}.s`)], roots, arch, maxCycles: 100_000_000 });
      expect(r.err).toEqual([]);
      expect(r.console).toBe(readFileSync(here('lmp_stubs.out'), 'utf8'));
      expect(r.code).toBe(0);
    });
  }
});
