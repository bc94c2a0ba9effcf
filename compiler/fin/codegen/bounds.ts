// Removal of bounds checks that cannot fail. A forward "must" dataflow tracks facts
// `v <u L` (L a constant) that hold on entry to each block:
// - a `bounds v, L` that passes establishes v <u L for the code after it;
// - a branch on an unsigned comparison with a constant establishes it on one of its edges
//   (`br ult i, 200 -> body` gives i <u 200 in the body: the usual counted loop);
// - a redefinition of v forgets its fact; a copy passes its source's fact on; some results
//   are bounded by their operation (x & 0xff <u 256, x % n <u n, zero extensions, constants).
// A check whose fact already holds (with an equal or smaller L) is dropped. Typical result:
// `for i in 0..N { a[i] }` runs no check at all, and a[i][k] * b[k][j] checks nothing twice.
import type { VReg } from '../ir/ir.ts';
import { defOf, predecessors, reversePostorder, type MFunction, type MInst, type MTerm } from './mir.ts';

type Facts = Map<VReg, number>;

/** add v <u bound, keeping the tighter of two facts */
function add(f: Facts, v: VReg, bound: number): void {
  const old = f.get(v);
  if (old === undefined || bound < old) f.set(v, bound);
}

function transfer(f: Facts, x: MInst, tracked: Set<VReg>): void {
  if (x.op === 'bounds') {
    if ('imm' in x.length) add(f, x.index, x.length.imm >>> 0);
    return;
  }
  const d = defOf(x);
  if (d === null || !tracked.has(d)) return;
  const src = x.op === 'copy' && 'r' in x.src ? f.get(x.src.r) : undefined;
  // a + c <u L + c when a <u L (no wrap-around while L + c fits 32 bits): `a[i + 1]` after `i < n - 1`
  const sum = x.op === 'bin' && x.kind === 'add' && 'imm' in x.b && x.b.imm >= 0 && f.has(x.a) ? f.get(x.a)! + x.b.imm : undefined;
  f.delete(d);
  if (src !== undefined) f.set(d, src);
  if (sum !== undefined && sum <= 0xffffffff) add(f, d, sum);
  const bound = resultBound(x);
  if (bound !== null && bound <= 0xffffffff) add(f, d, bound);
}

/** an exclusive unsigned upper bound of x's result that x's operation alone guarantees */
function resultBound(x: MInst): number | null {
  switch (x.op) {
    case 'const': return (x.value >>> 0) + 1;
    case 'copy': return 'imm' in x.src ? (x.src.imm >>> 0) + 1 : null;
    case 'ext': return x.kind === 'zext8' ? 0x100 : x.kind === 'zext16' ? 0x10000 : null;
    case 'cmp': return 2;
    case 'bin': {
      if (!('imm' in x.b)) return null;
      const c = x.b.imm >>> 0;
      if (x.kind === 'and') return c + 1;
      if (x.kind === 'urem' && c !== 0) return c;
      if (x.kind === 'shr' && (c & 31) !== 0) return 2 ** (32 - (c & 31));
      return null;
    }
    default: return null;
  }
}

/** facts the branch adds on the edge to `to` */
function edgeFacts(t: MTerm, to: number, f: Facts, tracked: Set<VReg>): Facts {
  if (t.op !== 'br' || t.then === t.else || !('imm' in t.b) || !tracked.has(t.a)) return f;
  const n = t.b.imm >>> 0;
  const out = new Map(f);
  const onThen = to === t.then;
  // the comparison that holds on this edge
  const k = onThen ? t.kind : ({ eq: 'ne', ne: 'eq', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule' } as Record<string, string>)[t.kind];
  if (k === 'ult') add(out, t.a, n);
  else if ((k === 'ule' || k === 'eq') && n < 0xffffffff) add(out, t.a, n + 1);
  return out;
}

function meet(a: Facts | null, b: Facts): Facts {
  if (a === null) return new Map(b);
  const out: Facts = new Map();
  for (const [v, l] of a) {
    const m = b.get(v);
    if (m !== undefined) out.set(v, Math.max(l, m));
  }
  return out;
}

const same = (a: Facts | null, b: Facts): boolean => a !== null && a.size === b.size && [...a].every(([v, l]) => b.get(v) === l);

/** The vregs whose facts can decide a check: checked indices and, transitively, the sources of
 *  their copies and constant additions. Facts are kept for these only; tracking every constant
 *  and comparison result made the maps (copied per block and visit) the pass's main cost, and
 *  facts about other vregs never flow into these. */
function trackedVregs(fn: MFunction): Set<VReg> {
  const tracked = new Set<VReg>();
  const feeds: MInst[] = [];
  for (const b of fn.blocks) {
    if (b.dead) continue;
    for (const x of b.insts) {
      if (x.op === 'bounds') tracked.add(x.index);
      else if ((x.op === 'copy' && 'r' in x.src) || (x.op === 'bin' && x.kind === 'add' && 'imm' in x.b)) feeds.push(x);
    }
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const x of feeds) {
      const d = defOf(x)!;
      const src = x.op === 'copy' && 'r' in x.src ? x.src.r : x.op === 'bin' ? x.a : null;
      if (src !== null && tracked.has(d) && !tracked.has(src)) { tracked.add(src); grew = true; }
    }
  }
  return tracked;
}

export function removeRedundantBounds(fn: MFunction): void {
  if (!fn.blocks.some((b) => !b.dead && b.insts.some((x) => x.op === 'bounds'))) return;
  const tracked = trackedVregs(fn);
  const order = reversePostorder(fn);
  const preds = predecessors(fn);
  const pos = new Map(order.map((b, i) => [b, i]));
  const headers = new Set(order.filter((b) => preds[b]!.some((p) => pos.get(p)! >= pos.get(b)!)));
  const ins: (Facts | null)[] = fn.blocks.map(() => null);
  const growth = new Map<number, Map<VReg, number>>();
  const outs: (Facts | null)[] = fn.blocks.map(() => null);
  for (let changed = true; changed;) {
    changed = false;
    for (const b of order) {
      // unvisited predecessors (null) are "anything": the optimistic start of a must-analysis
      let inn: Facts | null = b === 0 ? new Map() : null;
      for (const p of preds[b]!) {
        const o = outs[p];
        if (o !== null) inn = meet(inn, edgeFacts(fn.blocks[p]!.term, b, o, tracked));
      }
      inn ??= new Map();
      // widening at loop headers: a bound that keeps rising from visit to visit would rise
      // around the loop forever (i = i + 1 with no test). The first rises are normal (the first
      // visits see only the loop's entry, or an outer loop still settling); after three the fact
      // is dropped for this visit, and after ten for good, which guarantees termination.
      const prev = ins[b];
      if (prev && headers.has(b)) {
        const g = growth.get(b) ?? new Map<VReg, number>();
        growth.set(b, g);
        for (const [v, l] of inn) {
          let n = g.get(v) ?? 0;
          const p = prev.get(v);
          if (p !== undefined && l > p) g.set(v, ++n);
          if (n >= 10 || (p !== undefined && l > p && n >= 3)) inn.delete(v);
        }
      }
      const out = new Map(inn);
      for (const x of fn.blocks[b]!.insts) transfer(out, x, tracked);
      if (!same(outs[b]!, out) || !same(ins[b]!, inn)) changed = true;
      ins[b] = inn;
      outs[b] = out;
    }
  }
  for (const b of order) {
    const f = new Map(ins[b]!);
    const blk = fn.blocks[b]!;
    blk.insts = blk.insts.filter((x) => {
      const known = x.op === 'bounds' && 'imm' in x.length ? f.get(x.index) : undefined;
      const redundant = known !== undefined && x.op === 'bounds' && 'imm' in x.length && known <= x.length.imm >>> 0;
      transfer(f, x, tracked);
      return !redundant;
    });
  }
}
