// arm: immediates the instruction forms cannot encode become `const` vregs before loop-invariant
// code motion, so that a constant compared against or stored in a loop is materialised once
// before the loop instead of on every iteration (`ldr ip, =2000000` is two instructions; a
// store needs its value in a register even for small constants). x86 encodes any 32-bit
// immediate and needs none of this.
import type { Operand } from '../ir/ir.ts';
import type { BinKind, MFunction, MInst } from './mir.ts';

const s16 = (v: number): boolean => v >= -32768 && v <= 32767;
const u16 = (v: number): boolean => (v >>> 0) <= 0xffff;

/** can `op rd, rn, #v` encode v (counting add/sub's use of the other operation) */
function encodable(kind: BinKind, v: number): boolean {
  switch (kind) {
    case 'add': case 'sub': return s16(v) || s16(-v);
    case 'and': case 'or': case 'xor': return u16(v);
    case 'shl': case 'shr': case 'sar': return true;
    default: return s16(v);
  }
}

/** a register holding v, materialised (appended to out) just before the instruction being
 *  rewritten; module-level rather than a closure per block, which under tsx (esbuild keepNames)
 *  costs a defineProperty each time */
function inRegister(fn: MFunction, out: MInst[], v: number): Operand {
  const dst = fn.nvregs++;
  out.push({ op: 'const', dst, value: v | 0 });
  return { r: dst };
}

export function legalizeArmImmediates(fn: MFunction): void {
  for (const b of fn.blocks) {
    if (b.dead) continue;
    const out: MInst[] = [];
    for (const x of b.insts) {
      switch (x.op) {
        case 'bin': if ('imm' in x.b && !encodable(x.kind, x.b.imm)) x.b = inRegister(fn, out, x.b.imm); break;
        case 'cmp': if ('imm' in x.b && !s16(x.b.imm)) x.b = inRegister(fn, out, x.b.imm); break;
        case 'store': if ('imm' in x.src) x.src = inRegister(fn, out, x.src.imm); break;
        case 'bounds': if ('imm' in x.length && !s16(x.length.imm)) x.length = inRegister(fn, out, x.length.imm); break;
        default: break;
      }
      out.push(x);
    }
    const t = b.term;
    if (t.op === 'br' && 'imm' in t.b && !s16(t.b.imm)) t.b = inRegister(fn, out, t.b.imm);
    b.insts = out;
  }
}
