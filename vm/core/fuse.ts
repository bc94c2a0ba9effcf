// Decode-time fusion of a compare and the conditional branch after it into one slot (the
// contract is in vm/isa/uops.ts, FUSED). Called by decode() only, so it costs nothing on the
// hot path; the interpreter sees one more uop.
import { decodeArm } from '../isa/arm.ts';
import { decodeX86 } from '../isa/x86.ts';
import { fusedPair, leadsFusion, lower, SLOT_WORDS } from '../isa/uops.ts';
import type { Core } from './core.ts';

const next = new Int32Array(SLOT_WORDS);
const OFF_PAGE = new Error('next instruction leaves the page');

/**
 * Slot `i` of `code` holds the instruction at `pc` (physical `pa`, `len` bytes). If it is a
 * fusable compare and the whole next instruction is a matching branch on the same page,
 * rewrite the slot as the fused pair and return the pair's length; otherwise return `len`.
 */
export function fuseBranch(core: Core, code: Int32Array, i: number, pa: number, len: number): number {
  const at = pa + len;
  if (!leadsFusion(code[i]!) || (at & -4096) !== (pa & -4096)) return len;
  try {
    if (core.isX86) {
      const ram = core.mem.ram8;
      const r = decodeX86((off) => {
        if (((at + off) & -4096) !== (pa & -4096)) throw OFF_PAGE;
        return ram[at + off]!;
      });
      lower('x86', r.ins, r.len, next, 0);
    } else {
      lower('arm', decodeArm(core.mem.ram32[at >>> 2]!), 4, next, 0);
    }
  } catch {
    return len; // not an instruction (yet): leave it to its own decode
  }
  const fused = fusedPair(code[i]!, next[0]!);
  if (fused === 0) return len;
  code[i] = fused;
  code[i + 1] = len + next[4]!; // the branch's offset is relative to the branch itself
  code[i + 6] = len + next[6]!;
  code[i + 7] = code[i + 7]! + next[7]!;
  return len + next[6]!;
}
