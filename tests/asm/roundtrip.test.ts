// Property tests over EVERY instruction definition of both personalities:
//   decode(encode(ins)) == ins, and assembling formatInstr(ins) reproduces encode(ins).
// Branch targets are printed as absolute addresses, which the assembler reads as offsets in the
// current section; each instruction is therefore formatted at address A and assembled after
// `.zero A` so it lands at offset A.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble, disassemble, formatInstr } from '../../compiler/asm/index.ts';
import type { Arch } from '../../compiler/link/object.ts';
import { ARM_CONDS_ENCODED, INSTRS, type Arg, type Instr, type InstrDef } from '../../vm/isa/instr.ts';
import { SYSREGS, type ArgKind } from '../../vm/isa/table.ts';
import { decodeX86, encodeX86 } from '../../vm/isa/x86.ts';
import { decodeArm, encodeArm } from '../../vm/isa/arm.ts';

const int = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const i32 = fc.oneof(int(-2147483648, 2147483647), int(-200, 200), fc.constantFrom(-2147483648, 2147483647, 0, -1));

function argArb(arch: Arch, kind: ArgKind, d: InstrDef): fc.Arbitrary<Arg> {
  const reg = arch === 'x86' ? int(0, 7) : int(0, 15);
  switch (kind) {
    case 'r': return reg.map((r) => ({ k: 'r', r }));
    case 'i8': return int(-128, 127).map((v) => ({ k: 'i', v }));
    case 'u8': return int(0, 255).map((v) => ({ k: 'i', v }));
    case 'i16': return int(-32768, 32767).map((v) => ({ k: 'i', v }));
    case 'u16': return int(0, 65535).map((v) => ({ k: 'i', v }));
    case 'u5': return int(0, 31).map((v) => ({ k: 'i', v }));
    case 'i32': return i32.map((v) => ({ k: 'i', v }));
    case 'm':
      return fc.record({ base: int(-1, 7), index: int(-1, 7), scale: int(0, 3), disp: fc.oneof(fc.constant(0), int(-128, 127), i32) })
        .map(({ base, index, scale, disp }) => ({ k: 'm', base, index, scale: index < 0 ? 0 : scale, disp }));
    case 'mo': return fc.record({ base: int(0, 15), disp: int(-32768, 32767) }).map(({ base, disp }) => ({ k: 'm', base, index: -1, scale: 0, disp }));
    case 'mx': return fc.record({ base: int(0, 15), index: int(0, 15), scale: int(0, 3) }).map(({ base, index, scale }) => ({ k: 'm', base, index, scale, disp: 0 }));
    case 'rel': {
      if (arch === 'x86') return i32.map((v) => ({ k: 'rel', v }));
      const words = d.form.args.includes('cond') ? 2 ** 18 : 2 ** 23;
      return fc.oneof(int(-words, words - 1), int(-64, 64)).map((w) => ({ k: 'rel', v: w * 4 }));
    }
    case 'sr': return int(0, SYSREGS.length - 1).map((id) => ({ k: 'sr', id }));
    case 'rl': return int(0, 0xffff).map((mask) => ({ k: 'rl', mask }));
    case 'cond': return fc.constantFrom(...ARM_CONDS_ENCODED).map((c) => ({ k: 'cond', c }));
    case 'cpsr': return fc.constant<Arg>({ k: 'cpsr' });
    default: throw new Error(`no generator for operand kind ${kind}`);
  }
}

function instrArb(arch: Arch, d: InstrDef): fc.Arbitrary<Instr> {
  return fc.tuple(...d.form.args.map((k) => argArb(arch, k, d))).map((args) => ({ id: d.id, args }));
}

const norm = (ins: Instr): Instr => ({
  id: ins.id,
  args: ins.args.map((a) => (a.k === 'i' || a.k === 'rel' ? { ...a, v: a.v | 0 } : a)),
});

function encodeBytes(arch: Arch, ins: Instr): number[] {
  if (arch === 'x86') return encodeX86(ins).bytes;
  const w = encodeArm(ins).word;
  return [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff];
}

function decodeBytes(arch: Arch, b: number[]): Instr {
  if (arch === 'x86') {
    const { ins, len } = decodeX86((o) => {
      if (o >= b.length) throw new Error('decoder read past the encoding');
      return b[o]!;
    });
    expect(len).toBe(b.length);
    return ins;
  }
  return decodeArm(b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24));
}

const RUNS = 12;

for (const arch of ['x86', 'arm'] as const) {
  describe(`${arch}: every instruction definition round-trips`, () => {
    const defs = INSTRS[arch];
    it('has definitions', () => expect(defs.length).toBeGreaterThan(20));
    for (const d of defs) {
      const label = `${d.id} ${d.mn} ${d.form.args.join(',')}${d.form.size ? ' ' + d.form.size : ''}`;
      it(label, () => {
        const at = arch === 'x86' ? int(0, 40) : int(0, 10).map((w) => w * 4);
        fc.assert(
          fc.property(instrArb(arch, d), at, (ins, addr) => {
            const b = encodeBytes(arch, ins);
            expect(norm(decodeBytes(arch, b))).toEqual(norm(ins));
            const text = formatInstr(arch, ins, addr);
            let obj;
            try {
              obj = assemble(`.zero ${addr}\n${text}\n`, arch, 'rt.s');
            } catch (e) {
              throw new Error(`'${text}' failed to assemble: ${String(e)}`);
            }
            const sec = obj.sections.find((s) => s.name === '.text')!;
            expect(sec.relocs).toEqual([]);
            expect({ text, bytes: [...sec.data.subarray(addr)] }).toEqual({ text, bytes: b });
            if (arch === 'x86' && d.form.args.includes('m')) {
              // the 32-bit displacement encoding (as relocated code has) disassembles to text that keeps it
              const wb = encodeX86(ins, true).bytes;
              const lines = disassemble(new Uint8Array(wb), arch, addr);
              expect(lines.length).toBe(1);
              const again = assemble(`.zero ${addr}\n${lines[0]!.text}\n`, arch, 'rt.s').sections[0]!.data.subarray(addr);
              expect({ text: lines[0]!.text, bytes: [...again] }).toEqual({ text: lines[0]!.text, bytes: wb });
            }
          }),
          { seed: 0x5eed + d.id, numRuns: RUNS },
        );
      });
    }
  });
}
