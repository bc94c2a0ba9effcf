// The generated Fin stubs over UMP with both ends in one program (ump_stubs.fin), on both
// personalities: refusals (caps, over-long strings and byte arrays), a busy binding and its
// continuation (driven by an os.waitset), and the protocol errors a receiver reports.
// Expected output: ump_stubs.out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../tools/actions/exec.ts';
import { finStubsDir } from './gen.ts';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

describe('Fin stubs over UMP, both ends in Fin', () => {
  const roots = [finStubsDir(here('lmptest.if'))];
  for (const arch of ['x86', 'arm'] as const) {
    it(`ump_stubs.fin on ${arch}`, () => {
      const r = execProgram({ files: [here('ump_stubs.fin')], roots, arch, maxCycles: 100_000_000 });
      expect(r.err).toEqual([]);
      expect(r.console).toBe(readFileSync(here('ump_stubs.out'), 'utf8'));
      expect(r.code).toBe(0);
    });
  }
});
