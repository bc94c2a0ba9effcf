// Liveness analysis and live intervals for linear-scan allocation.
//
// The blocks are laid out in a fixed order and every instruction gets an index in that layout
// ("item"); index 0 is a pseudo-instruction at the entry that defines the parameters. An item
// reads its operands at position 2k and writes its result at 2k+1, so a value whose last use is
// item k and the result of item k may share a register.
//
// Per-block live-in/live-out sets come from the usual backward dataflow; a vreg's interval is
// the smallest [start, end] covering every position where it is live (one range, no holes: the
// simple form of linear scan). Vregs of local variables can be defined several times; the
// interval covers all of them. Because the allocator never splits an interval, a vreg has one
// location for its whole life and no moves are needed on control-flow edges.
import type { VReg } from '../ir/ir.ts';
import { COMMUTATIVE, defOf, isCallLike, loopDepths, successors, termUses, usesOf, type MFunction, type MInst, type MTerm } from './mir.ts';

export interface Item {
  /** -1 for the entry pseudo-instruction */
  block: number;
  inst: MInst | null;
  term: MTerm | null;
}

export interface Interval {
  v: VReg;
  start: number;
  end: number;
  /** spill cost: occurrences weighted by 10^loop depth */
  cost: number;
  /** live across an instruction that clobbers the caller-saved registers */
  crossesCall: boolean;
  /** a physical register this vreg would like (argument/result registers), or -1 */
  fixed: number;
  /** vregs it is copied from/to or computed from: sharing their register saves a move */
  related: VReg[];
}

export interface Liveness {
  order: number[];
  items: Item[];
  /** per block: item index of its first instruction (its terminator when it has none) */
  first: Int32Array;
  /** per block: item index of its terminator */
  termAt: Int32Array;
  depth: number[];
  /** per vreg, null when it never occurs */
  intervals: (Interval | null)[];
  /** item indices of call-like instructions, ascending */
  calls: number[];
}

/** Register conventions liveness needs for hints. */
export interface HintRegs {
  ret: number;
  /** registers the function's first parameter words arrive in */
  args: readonly number[];
  /** registers of a call's first argument words, when they differ from `args` by callee */
  callArgs?: (x: Extract<MInst, { op: 'call' }>) => readonly number[];
}

class BitSet {
  readonly w: Uint32Array;
  constructor(n: number) { this.w = new Uint32Array((n + 31) >>> 5); }
  has(i: number): boolean { return (this.w[i >>> 5]! & (1 << (i & 31))) !== 0; }
  add(i: number): void { this.w[i >>> 5]! |= 1 << (i & 31); }
  *[Symbol.iterator](): IterableIterator<number> {
    for (let k = 0; k < this.w.length; k++) {
      let x = this.w[k]!;
      while (x) {
        const b = 31 - Math.clz32(x & -x);
        yield k * 32 + b;
        x &= x - 1;
      }
    }
  }
}

export function analyse(fn: MFunction, order: number[], regs: HintRegs): Liveness {
  const nb = fn.blocks.length;
  const items: Item[] = [{ block: -1, inst: null, term: null }];
  const first = new Int32Array(nb).fill(-1);
  const termAt = new Int32Array(nb).fill(-1);
  for (const b of order) {
    const blk = fn.blocks[b]!;
    first[b] = items.length;
    for (const x of blk.insts) items.push({ block: b, inst: x, term: null });
    termAt[b] = items.length;
    items.push({ block: b, inst: null, term: blk.term });
  }

  // gen/kill per block, then live-in/live-out to a fixpoint
  const nv = fn.nvregs;
  const gen = fn.blocks.map(() => new BitSet(nv));
  const kill = fn.blocks.map(() => new BitSet(nv));
  const tmp: VReg[] = [];
  for (const b of order) {
    const blk = fn.blocks[b]!;
    const g = gen[b]!, k = kill[b]!;
    for (const x of blk.insts) {
      tmp.length = 0;
      for (const u of usesOf(x, tmp)) if (!k.has(u)) g.add(u);
      const d = defOf(x);
      if (d !== null) k.add(d);
    }
    tmp.length = 0;
    for (const u of termUses(blk.term, tmp)) if (!k.has(u)) g.add(u);
  }
  const liveIn = fn.blocks.map(() => new BitSet(nv));
  const liveOut = fn.blocks.map(() => new BitSet(nv));
  for (let changed = true; changed;) {
    changed = false;
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      const out = liveOut[b]!.w, inn = liveIn[b]!.w, g = gen[b]!.w, k = kill[b]!.w;
      for (const s of successors(fn.blocks[b]!.term)) {
        const si = liveIn[s]!.w;
        for (let j = 0; j < out.length; j++) out[j]! |= si[j]!;
      }
      for (let j = 0; j < inn.length; j++) {
        const v = (g[j]! | (out[j]! & ~k[j]!)) >>> 0;
        if (v !== inn[j]) { inn[j] = v; changed = true; }
      }
    }
  }

  const depth = loopDepths(fn, order);
  const intervals: (Interval | null)[] = new Array(nv).fill(null);
  const iv = (v: VReg): Interval => {
    let x = intervals[v];
    if (!x) {
      x = { v, start: Infinity, end: -Infinity, cost: 0, crossesCall: false, fixed: -1, related: [] };
      intervals[v] = x;
    }
    return x;
  };
  const extend = (v: VReg, p: number, w: number): void => {
    const x = iv(v);
    if (p < x.start) x.start = p;
    if (p > x.end) x.end = p;
    x.cost += w;
  };
  const entryLive = liveIn[order[0]!]!;
  fn.params.forEach((p, i) => {
    if (!entryLive.has(p)) return;
    extend(p, 1, 1);
    if (i < regs.args.length) hintFixed(iv(p), regs.args[i]!);
  });

  const calls: number[] = [];
  for (const b of order) {
    const w = 10 ** Math.min(depth[b]!, 6);
    for (const v of liveIn[b]!) extend(v, 2 * first[b]!, 0);
    for (const v of liveOut[b]!) extend(v, 2 * termAt[b]! + 1, 0);
    for (let k = first[b]!; k <= termAt[b]!; k++) {
      const it = items[k]!;
      tmp.length = 0;
      const us = it.inst ? usesOf(it.inst, tmp) : termUses(it.term!, tmp);
      for (const u of us) extend(u, 2 * k, w);
      const d = it.inst ? defOf(it.inst) : null;
      if (d !== null) extend(d, 2 * k + 1, w);
      if (it.inst && isCallLike(it.inst)) calls.push(k);
      if (it.inst) addHints(it.inst, iv, regs);
      else if (it.term!.op === 'ret' && it.term!.value && 'r' in it.term!.value) hintFixed(iv(it.term!.value.r), regs.ret);
    }
  }
  // an interval crosses a call when it is live both before and after it
  for (const x of intervals) {
    if (!x) continue;
    let lo = 0, hi = calls.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (2 * calls[mid]! > x.start) hi = mid; else lo = mid + 1;
    }
    x.crossesCall = lo < calls.length && 2 * calls[lo]! + 1 < x.end;
  }
  return { order, items, first, termAt, depth, intervals, calls };
}

function hintFixed(x: Interval, r: number): void {
  if (x.fixed < 0) x.fixed = r;
}

function relate(a: Interval, b: Interval): void {
  if (a === b) return;
  if (!a.related.includes(b.v)) a.related.push(b.v);
  if (!b.related.includes(a.v)) b.related.push(a.v);
}

function addHints(x: MInst, iv: (v: VReg) => Interval, regs: HintRegs): void {
  switch (x.op) {
    case 'copy':
      if ('r' in x.src) relate(iv(x.dst), iv(x.src.r));
      break;
    case 'bin':
      relate(iv(x.dst), iv(x.a));
      if (COMMUTATIVE.has(x.kind) && 'r' in x.b) relate(iv(x.dst), iv(x.b.r));
      break;
    case 'neg': case 'not': case 'ext':
      relate(iv(x.dst), iv(x.a));
      break;
    case 'call':
      if (x.dst !== null) hintFixed(iv(x.dst), regs.ret);
      {
        const to = regs.callArgs ? regs.callArgs(x) : regs.args;
        x.args.forEach((a, i) => { if ('r' in a && i < to.length) hintFixed(iv(a.r), to[i]!); });
      }
      break;
    case 'intrinsic':
      if (x.name === 'syscall' && x.dst !== null) hintFixed(iv(x.dst), regs.ret);
      break;
    default:
      break;
  }
}
