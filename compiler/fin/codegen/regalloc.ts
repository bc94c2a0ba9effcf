// Linear-scan register allocation (Poletto & Sarkar), shared by both personalities and
// parameterised by the register file.
//
// Intervals are visited by start position; those that ended before the current one starts
// give their register back. A free register is chosen in this order: the vreg's fixed hint
// (the argument or result register it is moved to or from), the register of a related vreg
// (copy source/target, two-address operand) so the move disappears, then the register file's
// preference order (caller-saved first, since callee-saved ones cost a save and restore). An
// interval live across a call may only take a callee-saved register. When none is free, the interval with the lowest spill
// weight (cost per position covered) among the current one and the active ones holding a
// usable register goes to memory for its whole life. Spilled vregs are used in place where
// the instruction form allows a memory operand, and through a scratch register otherwise.
import type { VReg } from '../ir/ir.ts';
import type { Interval } from './liveness.ts';

export interface RegFile {
  /** allocatable registers in order of preference: caller-saved first */
  regs: readonly number[];
  calleeSaved: ReadonlySet<number>;
}

export const SPILLED = -1;
export const UNUSED = -2;

export interface Allocation {
  /** per vreg: a physical register, SPILLED, or UNUSED (no interval) */
  reg: Int32Array;
  spilled: VReg[];
  /** callee-saved registers some interval uses, ascending */
  usedCalleeSaved: number[];
}

const weight = (x: Interval): number => x.cost / (x.end - x.start + 1);

// a module-level function, not a closure per interval: tsx (esbuild keepNames) names each
// named closure with a defineProperty call when it is created
function isFree(r: number, allowed: readonly number[], owner: Map<number, unknown>): boolean {
  return r >= 0 && allowed.includes(r) && !owner.has(r);
}

export function linearScan(intervals: readonly (Interval | null)[], file: RegFile, preSpilled: ReadonlySet<VReg> = new Set()): Allocation {
  const reg = new Int32Array(intervals.length).fill(UNUSED);
  const spilled: VReg[] = [];
  const list = intervals.filter((x): x is Interval => x !== null).sort((a, b) => a.start - b.start || a.v - b.v);
  const owner = new Map<number, Interval>();
  const used = new Set<number>();
  let active: Interval[] = [];
  const calleeOnly = file.regs.filter((r) => file.calleeSaved.has(r));

  for (const cur of list) {
    active = active.filter((a) => {
      if (a.end >= cur.start) return true;
      owner.delete(reg[a.v]!);
      return false;
    });
    if (preSpilled.has(cur.v)) { reg[cur.v] = SPILLED; spilled.push(cur.v); continue; }
    const allowed = cur.crossesCall ? calleeOnly : file.regs;
    let pick = isFree(cur.fixed, allowed, owner) ? cur.fixed : -1;
    for (const v of cur.related) if (pick < 0 && reg[v]! >= 0 && isFree(reg[v]!, allowed, owner)) pick = reg[v]!;
    if (pick < 0) pick = allowed.find((r) => isFree(r, allowed, owner)) ?? -1;
    if (pick < 0) {
      let victim: Interval | null = null;
      for (const a of active) if (allowed.includes(reg[a.v]!) && (!victim || weight(a) < weight(victim))) victim = a;
      if (victim && weight(victim) < weight(cur)) {
        pick = reg[victim.v]!;
        reg[victim.v] = SPILLED;
        spilled.push(victim.v);
        active = active.filter((a) => a !== victim);
        owner.delete(pick);
      } else {
        reg[cur.v] = SPILLED;
        spilled.push(cur.v);
        continue;
      }
    }
    reg[cur.v] = pick;
    owner.set(pick, cur);
    active.push(cur);
    if (file.calleeSaved.has(pick)) used.add(pick);
  }
  // a victim may have claimed a callee-saved register before it was spilled; recount
  const usedCalleeSaved = [...used].filter((r) => list.some((x) => reg[x.v] === r)).sort((a, b) => a - b);
  return { reg, spilled, usedCalleeSaved };
}

/** Bitmask per item of the registers holding a value across that item's positions. */
export function busyRegisters(intervals: readonly (Interval | null)[], alloc: Allocation, nitems: number): Int32Array {
  const busy = new Int32Array(nitems);
  for (const x of intervals) {
    if (!x) continue;
    const r = alloc.reg[x.v]!;
    if (r < 0) continue;
    const lo = x.start >> 1, hi = Math.min(nitems - 1, x.end >> 1);
    for (let k = lo; k <= hi; k++) busy[k]! |= 1 << r;
  }
  return busy;
}
