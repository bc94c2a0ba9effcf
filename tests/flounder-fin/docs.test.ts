// docs/flounder-fin.md restates the LMP system-call numbers and info bits for readers; they must
// match their source of truth, compiler/flounder/fin/lmp-abi.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as abi from '../../compiler/flounder/fin/lmp-abi.ts';

// whitespace normalised, so reflowing the prose does not break the test
const doc = readFileSync(new URL('../../docs/flounder-fin.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('docs/flounder-fin.md', () => {
  it('gives the LMP system-call numbers of lmp-abi.ts', () => {
    expect(doc).toContain(`| \`SYS_LMP_SEND\` | ${abi.SYS_LMP_SEND} |`);
    expect(doc).toContain(`| \`SYS_LMP_RECV\` | ${abi.SYS_LMP_RECV} |`);
  });

  it('gives the info-word bits of lmp-abi.ts', () => {
    const hex = (v: number) => `\`0x${v.toString(16)}\``;
    expect(doc).toContain(`${hex(abi.LMP_FLAG_SYNC)} SYNC`);
    expect(doc).toContain(`${hex(abi.LMP_FLAG_YIELD)} YIELD`);
    expect(doc).toContain(`${hex(abi.LMP_FLAG_GIVEAWAY)} GIVEAWAY`);
    expect(doc).toContain(`${hex(abi.LMP_FLAG_CAP)} a capability travels, in the slot given by bits ${abi.LMP_INFO_CAP_SHIFT}–31`);
    expect(abi.LMP_INFO_LEN_MASK).toBe(0xff);
    expect(doc).toContain('bits 0–7 the number of words');
  });
});
