// Dead code elimination: pure, non-faulting instructions whose results nothing needs are
// removed. "Needed" is computed by marking from what has an effect (stores, calls, intrinsics,
// bounds checks, loads, faulting divisions, terminators) backwards through every definition of
// each vreg read, so dead cycles (a counter that only feeds itself) go too. Loads stay even when
// unused: removing one could remove a memory fault.
import type { Inst, IrFunction, IrModule, VReg } from '../ir/ir.ts';
import { defOf, isPureNonFaulting, termUsesOf, usesOf } from './cfg.ts';

export function removeDeadCode(fn: IrFunction): boolean {
  const defsOf: Inst[][] = Array.from({ length: fn.nvregs }, () => []);
  for (const b of fn.blocks) for (const x of b.insts) { const d = defOf(x); if (d !== null) defsOf[d]!.push(x); }
  const liveVreg = new Uint8Array(fn.nvregs);
  const liveInst = new Set<Inst>();
  const work: VReg[] = [];
  const need = (v: VReg): void => { if (!liveVreg[v]) { liveVreg[v] = 1; work.push(v); } };
  const keep = (x: Inst): void => { if (!liveInst.has(x)) { liveInst.add(x); for (const u of usesOf(x)) need(u); } };
  for (const b of fn.blocks) {
    for (const x of b.insts) if (!isPureNonFaulting(x)) keep(x);
    for (const u of termUsesOf(b.term)) need(u);
  }
  while (work.length) for (const x of defsOf[work.pop()!]!) keep(x);
  let changed = false;
  for (const b of fn.blocks) {
    const n = b.insts.length;
    b.insts = b.insts.filter((x) => x.op === 'loc' || liveInst.has(x));
    if (b.insts.length !== n) changed = true;
  }
  return changed;
}

export function dceModule(mod: IrModule): IrModule {
  for (const fn of mod.functions) removeDeadCode(fn);
  return mod;
}
