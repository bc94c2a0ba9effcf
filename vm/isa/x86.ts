// x86 personality encoding: variable length, derived from the instruction list.
//   opcode byte (instruction id + 1; 0x00 is never valid, so zeroed memory faults)
//   [register byte: first register in the high nibble, second in the low] if the form has registers
//   then each other operand in order:
//     i8/u8: 1 byte; i32: 4 bytes LE; sr: 1 byte;
//     m: mode byte (bits 0-1 displacement size 0/8/32, bit 2 base, bit 3 index, bits 4-5 scale)
//        [base | index << 4 byte, if either is present] [disp8 | disp32];
//     rel: 4 bytes LE, relative to the end of the instruction (always the last field).
import { INSTRS, type Arg, type Instr } from './instr.ts';
import { SYSREGS, type ArgKind } from './table.ts';

const DEFS = INSTRS.x86;
if (DEFS.length > 255) throw new Error(`x86 opcode space exhausted: ${DEFS.length} instructions`);

export class DecodeError extends Error {}

/** Where an operand's value sits inside the encoded bytes, for relocations. */
export interface Field { arg: number; offset: number; size: 1 | 2 | 4; kind: 'imm' | 'disp' | 'rel' }
export interface X86Encoded { bytes: number[]; fields: Field[] }

const fitsI8 = (v: number) => v >= -128 && v <= 127;

function put32(out: number[], v: number): void {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

/** Encode; `wide` forces 32-bit displacements (the assembler asks for it when a symbol will be patched in). */
export function encodeX86(ins: Instr, wide = false): X86Encoded {
  const def = DEFS[ins.id];
  if (!def) throw new DecodeError(`no x86 instruction ${ins.id}`);
  const kinds = def.form.args;
  const out: number[] = [ins.id + 1];
  const fields: Field[] = [];
  const regs = ins.args.filter((a): a is Extract<Arg, { k: 'r' }> => a.k === 'r').map((a) => a.r);
  if (regs.length) out.push(((regs[0] & 0xf) << 4) | (regs.length > 1 ? regs[1] & 0xf : 0));
  let relArg = -1;
  kinds.forEach((kind, idx) => {
    const a = ins.args[idx];
    switch (kind) {
      case 'r': case 'cpsr': case 'cond': case 'rl': break;
      case 'i8': case 'u8': fields.push({ arg: idx, offset: out.length, size: 1, kind: 'imm' }); out.push(val(a) & 0xff); break;
      case 'i32': fields.push({ arg: idx, offset: out.length, size: 4, kind: 'imm' }); put32(out, val(a)); break;
      case 'sr': out.push(a.k === 'sr' ? a.id : 0); break;
      case 'm': {
        if (a.k !== 'm') throw new DecodeError('expected memory operand');
        const hasB = a.base >= 0, hasI = a.index >= 0;
        const dsize = wide || (!hasB && !hasI) ? 2 : a.disp === 0 ? 0 : fitsI8(a.disp) ? 1 : 2;
        out.push(dsize | (hasB ? 4 : 0) | (hasI ? 8 : 0) | (hasI ? (a.scale & 3) << 4 : 0));
        if (hasB || hasI) out.push((hasB ? a.base : 0) | ((hasI ? a.index : 0) << 4));
        if (dsize === 1) { fields.push({ arg: idx, offset: out.length, size: 1, kind: 'disp' }); out.push(a.disp & 0xff); }
        if (dsize === 2) { fields.push({ arg: idx, offset: out.length, size: 4, kind: 'disp' }); put32(out, a.disp); }
        break;
      }
      case 'rel': relArg = idx; break;
      default: throw new DecodeError(`x86 cannot encode operand kind ${kind}`);
    }
  });
  if (relArg >= 0) {
    const a = ins.args[relArg];
    const len = out.length + 4;
    fields.push({ arg: relArg, offset: out.length, size: 4, kind: 'rel' });
    put32(out, val(a) - len);
  }
  return { bytes: out, fields };
}

function val(a: Arg | undefined): number {
  if (a && (a.k === 'i' || a.k === 'rel')) return a.v;
  throw new DecodeError('expected an immediate operand');
}

/** Decode at `fetch(0..)`; `fetch` returns the byte at an offset from the instruction start. */
export function decodeX86(fetch: (off: number) => number): { ins: Instr; len: number } {
  let p = 0;
  const op = fetch(p++);
  const def = DEFS[op - 1];
  if (op === 0 || !def) throw new DecodeError(`undefined opcode 0x${op.toString(16).padStart(2, '0')}`);
  const kinds: readonly ArgKind[] = def.form.args;
  const nregs = kinds.filter((k) => k === 'r').length;
  const regs: number[] = [];
  if (nregs) {
    const rb = fetch(p++);
    regs.push(rb >> 4);
    if (nregs > 1) regs.push(rb & 0xf);
    else if (rb & 0xf) throw new DecodeError('stray bits in register byte');
  }
  if (regs.some((r) => r > 7)) throw new DecodeError('register number out of range');
  const s8 = () => (fetch(p++) << 24) >> 24;
  const s32 = () => { const v = fetch(p) | (fetch(p + 1) << 8) | (fetch(p + 2) << 16) | (fetch(p + 3) << 24); p += 4; return v; };
  const args: Arg[] = [];
  let ri = 0;
  let relAt = -1;
  for (const kind of kinds) {
    switch (kind) {
      case 'r': args.push({ k: 'r', r: regs[ri++] }); break;
      case 'i8': args.push({ k: 'i', v: s8() }); break;
      case 'u8': args.push({ k: 'i', v: fetch(p++) }); break;
      case 'i32': args.push({ k: 'i', v: s32() }); break;
      case 'sr': {
        const id = fetch(p++);
        if (id >= SYSREGS.length) throw new DecodeError('unknown system register');
        args.push({ k: 'sr', id });
        break;
      }
      case 'm': {
        const mode = fetch(p++);
        if (mode & 0xc0 || (mode & 3) === 3) throw new DecodeError('bad memory operand mode');
        const hasB = (mode & 4) !== 0, hasI = (mode & 8) !== 0;
        if (!hasI && mode & 0x30) throw new DecodeError('scale without an index register');
        let base = -1, index = -1;
        if (hasB || hasI) {
          const rb = fetch(p++);
          if (hasB) base = rb & 0xf; else if (rb & 0xf) throw new DecodeError('stray base bits');
          if (hasI) index = rb >> 4; else if (rb >> 4) throw new DecodeError('stray index bits');
          if (base > 7 || index > 7) throw new DecodeError('register number out of range');
        }
        const ds = mode & 3;
        if (ds === 0 && !hasB && !hasI) throw new DecodeError('memory operand without address');
        const disp = ds === 1 ? s8() : ds === 2 ? s32() : 0;
        args.push({ k: 'm', base, index, scale: (mode >> 4) & 3, disp });
        break;
      }
      case 'rel': relAt = args.length; args.push({ k: 'rel', v: 0 }); break;
      default: throw new DecodeError(`x86 cannot decode operand kind ${kind}`);
    }
  }
  if (relAt >= 0) {
    const rel = s32();
    args[relAt] = { k: 'rel', v: (rel + p) | 0 };
  }
  return { ins: { id: def.id, args }, len: p };
}
