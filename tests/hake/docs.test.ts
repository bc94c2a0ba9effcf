// docs/hake.md documents every Hake diagnostic, record field and builtin (the code holds the one
// list of each); docs/cli.md has a section for each command Hake adds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinNames } from '../../compiler/hake/builtins.ts';
import { HAKE_DIAGNOSTICS } from '../../compiler/hake/diagnostics.ts';
import { RECORD_KINDS } from '../../compiler/hake/records.ts';

const doc = readFileSync(new URL('../../docs/hake.md', import.meta.url), 'utf8');

describe('docs/hake.md', () => {
  it('lists every diagnostic with its code and name', () => {
    for (const [name, d] of Object.entries(HAKE_DIAGNOSTICS)) expect(doc).toContain(`| ${d.code} | ${name} |`);
  });
  it('documents every record field', () => {
    for (const fields of Object.values(RECORD_KINDS)) for (const f of Object.keys(fields)) expect(doc).toContain(`\`${f}\``);
  });
  it('documents every builtin', () => {
    for (const b of builtinNames()) {
      const shown = b.startsWith('Args.') ? 'Args.<field>' : b;
      expect(doc, b).toContain(`\`${shown}`);
    }
  });
  it('docs/cli.md has sections for build and run', () => {
    const cli = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    expect(cli).toMatch(/^## `shoal build /m);
    expect(cli).toMatch(/^## `shoal run /m);
  });
});
