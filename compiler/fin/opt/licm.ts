// Loop-invariant code motion on the IR: a pure, non-faulting computation inside a loop whose
// operands do not change in the loop moves to the loop's preheader, innermost loops first (so
// an invariant can leave several levels: the outer loop then sees it in its own body).
//
// Only definitions of vregs defined exactly once in the function move (a local's vreg, which
// the lowering redefines with `copy`, never does), so every use still reads the same value;
// the preheader dominates the old position, so definedness is kept. Loads, stores, calls,
// intrinsics, bounds checks and divisions that could fault stay where they are.
//
// const/addr/slot (and copies of immediates) are left alone by default: whether a constant or an address is worth a
// register for a whole loop is the personality's choice (codegen/licm.ts makes it).
import type { Inst, IrFunction, IrModule, VReg } from '../ir/ir.ts';
import { defOf, defUseCounts, ensurePreheader, isPureNonFaulting, naturalLoops, predecessors, usesOf } from './cfg.ts';

export interface LicmOptions {
  /** also hoist const, addr and slot (default false) */
  materialise?: boolean;
}

export function hoistInvariants(fn: IrFunction, opts: LicmOptions = {}): boolean {
  const loops = naturalLoops(fn).filter((l) => l.header !== 0);
  if (loops.length === 0) return false;
  const { defs } = defUseCounts(fn);
  const params = new Set(fn.params);
  let changed = false;
  for (const loop of loops) {
    const definedIn = new Set<VReg>();
    for (const b of loop.body) for (const x of fn.blocks[b]!.insts) { const d = defOf(x); if (d !== null) definedIn.add(d); }
    const invariant = (v: VReg): boolean => !definedIn.has(v);
    const movable = (x: Inst): boolean => {
      if (!isPureNonFaulting(x)) return false;
      if (!opts.materialise && (x.op === 'const' || x.op === 'addr' || x.op === 'slot' || (x.op === 'copy' && 'imm' in x.src))) return false;
      const d = defOf(x)!;
      return defs[d] === 1 && !params.has(d) && usesOf(x).every(invariant);
    };
    const hoisted: Inst[] = [];
    // blocks in index order; repeat until nothing moves so chains of invariants all leave
    const blocks = [...loop.body].sort((a, b) => a - b);
    for (let again = true; again;) {
      again = false;
      for (const b of blocks) {
        const blk = fn.blocks[b]!;
        const keep: Inst[] = [];
        for (const x of blk.insts) {
          if (movable(x)) { hoisted.push(x); definedIn.delete(defOf(x)!); again = true; }
          else keep.push(x);
        }
        blk.insts = keep;
      }
    }
    if (hoisted.length === 0) continue;
    changed = true;
    const before = fn.blocks.length;
    const pre = ensurePreheader(fn, loop, predecessors(fn));
    fn.blocks[pre]!.insts.push(...hoisted);
    // a new preheader lies inside every loop that contains this one
    if (fn.blocks.length > before) for (const outer of loops) if (outer !== loop && outer.body.has(loop.header)) outer.body.add(pre);
  }
  return changed;
}

export function licmModule(mod: IrModule, opts: LicmOptions = {}): IrModule {
  for (const fn of mod.functions) hoistInvariants(fn, opts);
  return mod;
}
