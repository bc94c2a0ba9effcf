// x86: fold a word load into the ALU operation or comparison that is its only use, since x86
// operations take a memory operand (`add eax, [ebx+ecx*4]`, `cmp [esi+8], edi`): one
// instruction instead of two, and no register for the loaded value. Runs last, after every
// other MIR pass; only liveness and the x86 selector see `binm` and `brm`.
//
// The load moves to its use, so nothing in between may write memory (stores, calls, copies
// of memory, intrinsics) or redefine the registers of its address.
import type { VReg } from '../ir/ir.ts';
import { COMMUTATIVE, defOf, swapCmp, useCounts, type MFunction, type MInst } from './mir.ts';

/** operations with an `op reg, [mem]` form */
const MEM_FORMS = new Set(['add', 'sub', 'mul', 'and', 'or', 'xor', 'udiv', 'sdiv', 'urem', 'srem']);

const writesMemory = (x: MInst): boolean => x.op === 'store' || x.op === 'call' || x.op === 'intrinsic' || x.op === 'memcpy';

export function fuseLoads(fn: MFunction): void {
  const { uses, defs } = useCounts(fn);
  for (const b of fn.blocks) {
    if (b.dead) continue;
    const insts = b.insts;
    for (let i = 0; i < insts.length; i++) {
      const ld = insts[i]!;
      if (ld.op !== 'load' || ld.width !== 4) continue;
      const t = ld.dst;
      if (uses[t] !== 1 || defs[t] !== 1) continue;
      const addrRegs = [ld.mem.base, ld.mem.index].filter((v): v is VReg => v !== null);
      // find the use in this block, checking what lies between
      let j = i + 1;
      let blocked = false;
      for (; j < insts.length; j++) {
        const x = insts[j]!;
        if (x.op === 'bin' && (x.a === t || ('r' in x.b && x.b.r === t))) break;
        if (writesMemory(x)) { blocked = true; break; }
        const d = defOf(x);
        if (d !== null && addrRegs.includes(d)) { blocked = true; break; }
      }
      if (blocked) continue;
      if (j < insts.length) {
        const x = insts[j] as Extract<MInst, { op: 'bin' }>;
        if (!MEM_FORMS.has(x.kind)) continue;
        let a: VReg;
        if ('r' in x.b && x.b.r === t && x.a !== t) a = x.a;
        else if (x.a === t && 'r' in x.b && x.b.r !== t && COMMUTATIVE.has(x.kind)) a = x.b.r;
        else continue;
        insts[j] = { op: 'binm', kind: x.kind, dst: x.dst, a, mem: ld.mem };
        insts.splice(i, 1);
        i--;
        continue;
      }
      // the use is the block's compare-and-branch
      const term = b.term;
      if (term.op !== 'br') continue;
      if (term.a === t && !('r' in term.b && term.b.r === t)) {
        b.term = { op: 'brm', kind: term.kind, am: ld.mem, b: term.b, then: term.then, else: term.else };
      } else if ('r' in term.b && term.b.r === t && term.a !== t) {
        b.term = { op: 'brm', kind: swapCmp(term.kind), am: ld.mem, b: { r: term.a }, then: term.then, else: term.else };
      } else continue;
      insts.splice(i, 1);
      i--;
    }
  }
}
