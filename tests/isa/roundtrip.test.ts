// decode(encode(i)) == i for every instruction definition of both personalities, over random
// operands drawn from each operand kind's full range.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ARM_CONDS_ENCODED, INSTRS, type Arg, type InstrDef } from '../../vm/isa/instr.ts';
import { SYSREGS, type ArgKind, type Personality } from '../../vm/isa/table.ts';
import { decodeX86, encodeX86 } from '../../vm/isa/x86.ts';
import { decodeArm, encodeArm } from '../../vm/isa/arm.ts';

const int = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });

function argArb(pers: Personality, d: InstrDef, kind: ArgKind): fc.Arbitrary<Arg> {
  const reg = int(0, pers === 'x86' ? 7 : 15);
  const imm = (lo: number, hi: number) => int(lo, hi).map((v): Arg => ({ k: 'i', v }));
  switch (kind) {
    case 'r': return reg.map((r): Arg => ({ k: 'r', r }));
    case 'i8': return imm(-128, 127);
    case 'u8': return imm(0, 255);
    case 'i16': return imm(-32768, 32767);
    case 'u16': return imm(0, 65535);
    case 'u5': return imm(0, 31);
    case 'i32': return imm(-(2 ** 31), 2 ** 31 - 1);
    case 'm': return fc.record({ base: int(-1, 7), index: int(-1, 7), scale: int(0, 3), disp: int(-(2 ** 31), 2 ** 31 - 1) })
      .map((m): Arg => ({ k: 'm', ...m, scale: m.index < 0 ? 0 : m.scale }));
    case 'mo': return fc.record({ base: reg, disp: int(-32768, 32767) }).map(({ base, disp }): Arg => ({ k: 'm', base, index: -1, scale: 0, disp }));
    case 'mx': return fc.record({ base: reg, index: reg, scale: int(0, 3) }).map(({ base, index, scale }): Arg => ({ k: 'm', base, index, scale, disp: 0 }));
    case 'rel': {
      if (pers === 'x86') return int(-(2 ** 30), 2 ** 30).map((v): Arg => ({ k: 'rel', v }));
      const bits = d.form.args.includes('cond') ? 19 : 24;
      return int(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1).map((w): Arg => ({ k: 'rel', v: w * 4 }));
    }
    case 'sr': return int(0, SYSREGS.length - 1).map((id): Arg => ({ k: 'sr', id }));
    case 'rl': return int(0, 0xffff).map((mask): Arg => ({ k: 'rl', mask }));
    case 'cond': return fc.constantFrom(...ARM_CONDS_ENCODED).map((c): Arg => ({ k: 'cond', c }));
    case 'cpsr': return fc.constant<Arg>({ k: 'cpsr' });
  }
}

function roundTrip(pers: Personality, d: InstrDef, args: Arg[]): void {
  const ins = { id: d.id, args };
  if (pers === 'x86') {
    const { bytes } = encodeX86(ins);
    const back = decodeX86((o) => (o < bytes.length ? bytes[o] : 0));
    expect(back.len).toBe(bytes.length);
    expect(back.ins).toEqual(ins);
  } else {
    expect(decodeArm(encodeArm(ins).word)).toEqual(ins);
  }
}

for (const pers of ['x86', 'arm'] as const) {
  describe(`${pers} encoding`, () => {
    it(`round-trips every one of its ${INSTRS[pers].length} instructions`, () => {
      for (const d of INSTRS[pers]) {
        const arb = fc.tuple(...d.form.args.map((k) => argArb(pers, d, k)));
        fc.assert(fc.property(arb, (args) => roundTrip(pers, d, args as Arg[])), { seed: 42, numRuns: 60 });
      }
    });
  });
}

describe('encodings', () => {
  it('x86 is variable length: short immediates take fewer bytes', () => {
    const add8 = INSTRS.x86.find((d) => d.mn === 'add' && d.form.args.join() === 'r,i8')!;
    const add32 = INSTRS.x86.find((d) => d.mn === 'add' && d.form.args.join() === 'r,i32')!;
    expect(encodeX86({ id: add8.id, args: [{ k: 'r', r: 0 }, { k: 'i', v: 1 }] }).bytes).toHaveLength(3);
    expect(encodeX86({ id: add32.id, args: [{ k: 'r', r: 0 }, { k: 'i', v: 100000 }] }).bytes).toHaveLength(6);
  });
  it('zeroed memory is not an instruction on either personality', () => {
    expect(() => decodeX86(() => 0)).toThrow(/undefined opcode/);
    expect(() => decodeArm(0)).toThrow(/undefined instruction/);
  });
  it('arm rejects reserved bits', () => {
    const nop = INSTRS.arm.find((d) => d.mn === 'nop')!;
    const w = encodeArm({ id: nop.id, args: [] }).word;
    expect(() => decodeArm(w | 1)).toThrow(/reserved bits/);
  });
  it('x86 decoding of arbitrary bytes either succeeds or throws DecodeError', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), (b) => {
      try { decodeX86((o) => b[o] ?? 0); } catch (e) { expect((e as Error).constructor.name).toBe('DecodeError'); }
    }), { seed: 7, numRuns: 3000 });
  });
});
