// docs/errors.md must stay true: every diagnostic code and every domain of shoal's errno.fugu.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, fuguGenerate } from '../../compiler/fugu/index.ts';
import { SHOAL_FUGU } from './helpers.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  it('lists every Fugu diagnostic with its code and name', () => {
    for (const [name, spec] of Object.entries(DIAGNOSTICS)) expect(doc).toContain(`| ${spec.code} | ${name} |`);
  });
  it("lists every domain of shoal's errno.fugu with its prefix", () => {
    const m = fuguGenerate(SHOAL_FUGU, {}).model!;
    for (const d of m.domains) expect(doc).toContain(`| \`${d.name}\` | \`${d.prefix}\` |`);
  });
});
