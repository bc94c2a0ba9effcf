// Generated files must match what their generators produce from the sources of truth today.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../tools/gen/targets.ts';

describe('generated files', () => {
  for (const g of GENERATED) {
    it(`${g.path} is up to date (run npm run gen)`, () => {
      expect(readFileSync(new URL(`../${g.path}`, import.meta.url), 'utf8')).toBe(g.generate());
    });
  }
});
