// Reuse of expensive constants (arm): `addr` and constants that need a movw/movt pair cost two
// instructions each time; when an earlier identical definition dominates a later one, the later
// one's uses read the earlier vreg instead. Both are single-definition vregs, so the earlier one
// still holds the value wherever the later one is used. Not done on x86, where such values fold
// into memory operands or cost one instruction, and registers are scarcer.
import type { VReg } from '../ir/ir.ts';
import { dominates, dominators, renameTermUses, renameUses, renamingBy, reversePostorder, useCounts, type MFunction } from './mir.ts';
import { removeDeadCode } from './simplify.ts';

export function reuseConstants(fn: MFunction, expensive: (value: number) => boolean): void {
  const order = reversePostorder(fn);
  const idom = dominators(fn, order);
  const { defs } = useCounts(fn);
  const params = new Set(fn.params);
  const seen = new Map<string, { v: VReg; block: number }[]>();
  const rename = new Map<VReg, VReg>();
  for (const bi of order) {
    for (const x of fn.blocks[bi]!.insts) {
      let key: string | null = null;
      if (x.op === 'addr') key = `a:${x.symbol}:${x.offset}`;
      else if (x.op === 'const' && expensive(x.value)) key = `c:${x.value | 0}`;
      if (key === null || (x.op !== 'addr' && x.op !== 'const')) continue;
      if (defs[x.dst] !== 1 || params.has(x.dst)) continue;
      const list = seen.get(key) ?? [];
      seen.set(key, list);
      // RPO visits a dominator before the blocks it dominates
      const prior = list.find((e) => dominates(idom, e.block, bi));
      if (prior) rename.set(x.dst, prior.v);
      else list.push({ v: x.dst, block: bi });
    }
  }
  if (rename.size === 0) return;
  const f = renamingBy(rename);
  for (const b of fn.blocks) {
    if (b.dead) continue;
    for (const x of b.insts) renameUses(x, f);
    renameTermUses(b.term, f);
  }
  removeDeadCode(fn);
}
