// arm personality encoding: one 32-bit little-endian word per instruction, derived from the
// instruction list.
//   bits 31..24  instruction id + 1 (0 is never valid, so zeroed memory faults)
//   registers    4-bit slots from the top: [23:20], [19:16], [15:12] in operand order
//                (a memory operand's rn and rm take the next slots)
//   i16/u16      [15:0] (sign- or zero-extended); u5 [4:0]; mo offset [15:0] signed;
//   mx shift     [1:0]; sr [7:0]; rl [15:0]; cond (cset) [4:0];
//   rel          b/bl: [23:0] signed words; b<cond>: cond [23:19], [18:0] signed words;
//                both relative to the branch instruction itself.
// Any bit a form does not use must be zero, so decode(encode(i)) is exact and garbage faults.
import { ARM_CONDS_ENCODED, INSTRS, type Arg, type Instr, type InstrDef } from './instr.ts';
import { SYSREGS, type ArgKind } from './table.ts';
import { DecodeError } from './x86.ts';

const DEFS = INSTRS.arm;
if (DEFS.length > 255) throw new Error(`arm opcode space exhausted: ${DEFS.length} instructions`);

export interface ArmField { arg: number; kind: 'imm16' | 'b24' | 'b19' }

interface Layout { regSlots: number; used: number }
const LAYOUTS: Layout[] = DEFS.map(layoutOf);

function layoutOf(def: InstrDef): Layout {
  let slots = 0, used = 0xff000000;
  const slot = () => { used |= 0xf << (20 - 4 * slots); slots++; };
  for (const kind of def.form.args) {
    switch (kind) {
      case 'r': slot(); break;
      case 'mo': slot(); used |= 0xffff; break;
      case 'mx': slot(); slot(); used |= 3; break;
      case 'i16': case 'u16': case 'rl': used |= 0xffff; break;
      case 'u5': used |= 0x1f; break;
      case 'sr': used |= 0xff; break;
      case 'cond': used |= 0x1f; break;
      case 'rel': used |= 0xffffff; break; // imm24, or cond [23:19] + imm19
      case 'cpsr': break;
      default: throw new Error(`arm cannot lay out operand kind ${kind}`);
    }
  }
  return { regSlots: slots, used: used | 0 };
}

const fits = (v: number, bits: number) => v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);

export function encodeArm(ins: Instr): { word: number; fields: ArmField[] } {
  const def = DEFS[ins.id];
  if (!def) throw new DecodeError(`no arm instruction ${ins.id}`);
  let w = (ins.id + 1) << 24;
  let slot = 0;
  const fields: ArmField[] = [];
  const putReg = (r: number) => { w |= (r & 0xf) << (20 - 4 * slot); slot++; };
  const kinds = def.form.args;
  const condArg = ins.args[kinds.indexOf('cond')];
  kinds.forEach((kind, idx) => {
    const a = ins.args[idx];
    switch (kind) {
      case 'r': putReg(reg(a)); break;
      case 'mo':
        if (a.k !== 'm') throw new DecodeError('expected [rn, #offset]');
        putReg(a.base); w |= a.disp & 0xffff; fields.push({ arg: idx, kind: 'imm16' }); break;
      case 'mx':
        if (a.k !== 'm') throw new DecodeError('expected [rn, rm, lsl #s]');
        putReg(a.base); putReg(a.index); w |= a.scale & 3; break;
      case 'i16': case 'u16': w |= imm(a) & 0xffff; fields.push({ arg: idx, kind: 'imm16' }); break;
      case 'u5': w |= imm(a) & 0x1f; break;
      case 'rl': if (a.k !== 'rl') throw new DecodeError('expected a register list'); w |= a.mask & 0xffff; break;
      case 'sr': if (a.k !== 'sr') throw new DecodeError('expected a system register'); w |= a.id & 0xff; break;
      case 'cond':
        if (a.k !== 'cond') throw new DecodeError('expected a condition');
        if (!kinds.includes('rel')) w |= condIndex(a) & 0x1f;
        break;
      case 'rel': {
        const off = imm(a) >> 2;
        if (condArg) { w |= (condIndex(condArg) & 0x1f) << 19; w |= off & 0x7ffff; fields.push({ arg: idx, kind: 'b19' }); }
        else { w |= off & 0xffffff; fields.push({ arg: idx, kind: 'b24' }); }
        break;
      }
      case 'cpsr': break;
      default: throw new DecodeError(`arm cannot encode operand kind ${kind}`);
    }
  });
  return { word: w | 0, fields };
}

function condIndex(a: Arg): number {
  if (a.k !== 'cond') throw new DecodeError('expected a condition');
  const i = ARM_CONDS_ENCODED.indexOf(a.c);
  if (i < 0) throw new DecodeError(`condition ${a.c} is not an arm condition`);
  return i;
}
function reg(a: Arg | undefined): number {
  if (!a || a.k !== 'r') throw new DecodeError('expected a register');
  return a.r;
}
function imm(a: Arg | undefined): number {
  if (a && (a.k === 'i' || a.k === 'rel')) return a.v;
  throw new DecodeError('expected an immediate');
}

/** Range of the immediates each kind can hold, for the assembler's checks. */
export function armImmFits(kind: ArgKind, v: number): boolean {
  switch (kind) {
    case 'i16': return fits(v, 16);
    case 'u16': return v >= 0 && v <= 0xffff;
    case 'u5': return v >= 0 && v <= 31;
    default: return true;
  }
}
export function armRelFits(hasCond: boolean, off: number): boolean {
  return (off & 3) === 0 && fits(off >> 2, hasCond ? 19 : 24);
}

export function decodeArm(word: number): Instr {
  const op = word >>> 24;
  const def = DEFS[op - 1];
  if (op === 0 || !def) throw new DecodeError(`undefined instruction 0x${(word >>> 0).toString(16).padStart(8, '0')}`);
  if (word & ~LAYOUTS[def.id].used) throw new DecodeError(`reserved bits set in 0x${(word >>> 0).toString(16).padStart(8, '0')}`);
  let slot = 0;
  const getReg = () => (word >>> (20 - 4 * slot++)) & 0xf;
  const kinds = def.form.args;
  const hasCond = kinds.includes('cond');
  const args: Arg[] = [];
  for (const kind of kinds) {
    switch (kind) {
      case 'r': args.push({ k: 'r', r: getReg() }); break;
      case 'mo': args.push({ k: 'm', base: getReg(), index: -1, scale: 0, disp: (word << 16) >> 16 }); break;
      case 'mx': { const base = getReg(); const index = getReg(); args.push({ k: 'm', base, index, scale: word & 3, disp: 0 }); break; }
      case 'i16': args.push({ k: 'i', v: (word << 16) >> 16 }); break;
      case 'u16': args.push({ k: 'i', v: word & 0xffff }); break;
      case 'u5': args.push({ k: 'i', v: word & 0x1f }); break;
      case 'rl': args.push({ k: 'rl', mask: word & 0xffff }); break;
      case 'sr': {
        const id = word & 0xff;
        if (id >= SYSREGS.length) throw new DecodeError('unknown system register');
        args.push({ k: 'sr', id });
        break;
      }
      case 'cond': {
        const ci = kinds.includes('rel') ? (word >>> 19) & 0x1f : word & 0x1f;
        const c = ARM_CONDS_ENCODED[ci];
        if (c === undefined) throw new DecodeError('bad condition field');
        args.push({ k: 'cond', c });
        break;
      }
      case 'rel': args.push({ k: 'rel', v: hasCond ? ((word << 13) >> 13) * 4 : ((word << 8) >> 8) * 4 }); break;
      case 'cpsr': args.push({ k: 'cpsr' }); break;
      default: throw new DecodeError(`arm cannot decode operand kind ${kind}`);
    }
  }
  return { id: def.id, args };
}
