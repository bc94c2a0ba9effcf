// os.ump with both ends in one Fin program, on each personality: geometry errors, a full ring
// refusing, credits returning, wrap-around both ways. Expected output: ump_ring.out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../tools/actions/exec.ts';

const prog = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

describe('os.ump in Fin', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`ump_ring.fin on ${arch}`, () => {
      const r = execProgram({ files: [prog('ump_ring.fin')], arch, maxCycles: 50_000_000 });
      expect(r.err).toEqual([]);
      expect(r.console).toBe(readFileSync(prog('ump_ring.out'), 'utf8'));
      expect(r.code).toBe(0);
    });
  }
});
