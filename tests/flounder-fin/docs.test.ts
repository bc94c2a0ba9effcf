// docs/flounder-fin.md and flounder-wire.md restate the LMP system calls, the UMP control word
// and the error values for readers; they must match their sources of truth,
// compiler/flounder/fin/lmp-abi.ts and compiler/flounder/runtime/ump-layout.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as abi from '../../compiler/flounder/fin/lmp-abi.ts';
import * as ump from '../../compiler/flounder/runtime/ump-layout.ts';

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

describe('docs/flounder-wire.md, "UMP channels"', () => {
  const wire = readFileSync(new URL('../../docs/flounder-wire.md', import.meta.url), 'utf8');
  const section = wire.slice(wire.indexOf('## UMP channels')).replace(/\s+/g, ' ');

  it('gives the control-word fields of ump-layout.ts', () => {
    const bitRange = (mask: number, shift: number) => `${shift}–${shift + 31 - Math.clz32(mask)}`;
    expect(section).toContain(`| ${bitRange(ump.UMP_CTL_MSGNUM_MASK, 0)} | message number |`);
    expect(section).toContain(`| ${bitRange(ump.UMP_CTL_FRAG_MASK, ump.UMP_CTL_FRAG_SHIFT)} | fragment index within the message (0, 1, …; at most ${ump.UMP_MAX_FRAGMENTS} fragments) |`);
    expect(section).toContain(`| ${31 - Math.clz32(ump.UMP_CTL_LAST)} | last fragment of the message |`);
    expect(section).toContain(`| ${31 - Math.clz32(ump.UMP_CTL_EPOCH >>> 0)} | epoch:`);
    expect(section).toContain(`word ${ump.UMP_CONTROL_WORD} control word (byte offset ${ump.UMP_CONTROL_WORD * 4})`);
    expect(section).toContain(`words 0–${ump.UMP_PAYLOAD_WORDS - 1} payload (${ump.UMP_PAYLOAD_WORDS} words)`);
  });

  it('lists the error values of ump-layout.ts', () => {
    for (const e of ump.CHAN_ERRORS) expect(section).toContain(`${e.value} \`${e.name}\``);
  });
});
