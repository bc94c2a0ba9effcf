// Decode-time fusion into one slot of a compare and the conditional branch after it, of a step
// (add of an immediate) before such a pair, and of a multiply and the add that accumulates it;
// the contracts are FUSED, STEPS and MACS in vm/isa/uops.ts. Called by decode() only, so it costs nothing on the hot path; the interpreter
// sees a few more uops.
import { decodeArm } from '../isa/arm.ts';
import { decodeX86 } from '../isa/x86.ts';
import { compareTakesReg, fusedPair, leadsFusion, leadsStep, lower, macOf, SLOT_WORDS, stepOf, U } from '../isa/uops.ts';
import type { Core } from './core.ts';

const cmp = new Int32Array(SLOT_WORDS);
const br = new Int32Array(SLOT_WORDS);
const OFF_PAGE = new Error('instruction leaves the page');

/** Lower the instruction at physical `at` into `out`; false unless it lies wholly on `page`
 *  and decodes. */
function decodeAt(core: Core, page: number, at: number, out: Int32Array): boolean {
  if ((at & -4096) !== page) return false;
  try {
    if (core.isX86) {
      const ram = core.mem.ram8;
      const r = decodeX86((off) => {
        if (((at + off) & -4096) !== page) throw OFF_PAGE;
        return ram[at + off]!;
      });
      lower('x86', r.ins, r.len, out, 0);
    } else {
      lower('arm', decodeArm(core.mem.ram32[at >>> 2]!), 4, out, 0);
    }
    return true;
  } catch {
    return false; // not an instruction (yet): leave it to its own decode
  }
}

/**
 * Slot `i` of `code` holds the instruction at `pc` (physical `pa`, `len` bytes). If it begins a
 * pair or triple that fuses, rewrite the slot as the fused uop and return the length of all the
 * instructions it covers; otherwise return `len`.
 */
export function fuseBranch(core: Core, code: Int32Array, i: number, pa: number, len: number): number {
  const page = pa & -4096;
  const u = code[i]!;
  if (leadsFusion(u)) {
    if (!decodeAt(core, page, pa + len, br)) return len;
    const fused = fusedPair(u, br[0]!);
    if (fused === 0) return len;
    code[i] = fused;
    code[i + 1] = len + br[4]!; // the branch's offset is relative to the branch itself
    code[i + 6] = len + br[6]!;
    code[i + 7] = code[i + 7]! + br[7]!;
    return len + br[6]!;
  }
  if (leadsStep(u) && code[i + 1] === code[i + 2]) {
    if (!decodeAt(core, page, pa + len, cmp) || !leadsFusion(cmp[0]!)) return len;
    const clen = cmp[6]!;
    if (!decodeAt(core, page, pa + len + clen, br)) return len;
    const step = stepOf(fusedPair(cmp[0]!, br[0]!));
    if (step === 0) return len;
    code[i] = step; // a (the register) and d (the step) stay
    code[i + 2] = len + clen + br[4]!;
    code[i + 3] = cmp[2]!;
    code[i + 5] = compareTakesReg(cmp[0]!) ? cmp[3]! : cmp[4]!;
    code[i + 6] = len + clen + br[6]!;
    code[i + 7] = code[i + 7]! + cmp[7]! + br[7]!;
    return code[i + 6]!;
  }
  if (u === U['mul.rrr']) {
    if (!decodeAt(core, page, pa + len, br)) return len;
    const mac = macOf(u, br[0]!);
    const rd = code[i + 1]!, ra = br[1]!;
    // add ra, ra, rd or add ra, rd, ra
    if (mac === 0 || !((br[2] === ra && br[3] === rd) || (br[2] === rd && br[3] === ra))) return len;
    code[i] = mac;
    code[i + 4] = ra;
    code[i + 6] = len + br[6]!;
    code[i + 7] = code[i + 7]! + br[7]!;
    return len + br[6]!;
  }
  return len;
}
