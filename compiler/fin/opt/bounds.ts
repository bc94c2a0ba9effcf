// Redundant bounds checks: a `bounds index, length` is dropped when an identical check (same
// index vreg, same length) dominates it, i.e. has certainly run, and passed, before it on every
// path. The index (and a register length) must be defined exactly once in the function, so both
// hold the same values at the two checks. The dominating check faults first whenever the later
// one would, so faults still happen at the same point with the same output before them.
//
// Second, checks the program has already proven are dropped: a forward "must" dataflow of facts
// `v <u L` (L constant) holding on entry to each block, from a passed `bounds v, L`, from the
// edges of branches on unsigned comparisons with constants (`br ult i, 200 -> body`: the usual
// counted loop), from constants and from `and v, c` / `zext`. Any redefinition of v forgets its
// fact (a copy passes its source's on), so local variables' vregs are handled soundly.
//
// (Checks are never moved: hoisting one out of a loop could make it fault before output the
// loop body prints. codegen/bounds.ts separately drops checks that loop conditions prove.)
import type { IrFunction, IrModule, Operand } from '../ir/ir.ts';
import type { Inst, Terminator, VReg } from '../ir/ir.ts';
import { defOf, defUseCounts, dominates, dominators, predecessors, reversePostorder, successors } from './cfg.ts';

const opKey = (o: Operand): string => ('r' in o ? `r${o.r}` : `i${o.imm >>> 0}`);

export function removeDominatedBounds(fn: IrFunction): boolean {
  const { defs } = defUseCounts(fn);
  const dom = dominators(fn);
  const stable = (o: Operand): boolean => !('r' in o) || defs[o.r] === 1;
  /** checks seen so far, by key: the blocks holding one (visited in reverse postorder, so a
   *  dominator's checks are recorded before the blocks it dominates are visited) */
  const seen = new Map<string, number[]>();
  let changed = false;
  for (const b of dom.order) {
    const blk = fn.blocks[b]!;
    const here = new Set<string>();
    blk.insts = blk.insts.filter((x) => {
      if (x.op !== 'bounds' || !stable({ r: x.index }) || !stable(x.length)) return true;
      const key = `${x.index}:${opKey(x.length)}`;
      if (here.has(key) || (seen.get(key) ?? []).some((d) => dominates(dom, d, b))) { changed = true; return false; }
      here.add(key);
      return true;
    });
    for (const key of here) { const l = seen.get(key) ?? []; l.push(b); seen.set(key, l); }
  }
  return changed;
}

type Facts = Map<VReg, number>;

function addFact(f: Facts, v: VReg, bound: number): void {
  const old = f.get(v);
  if (old === undefined || bound < old) f.set(v, bound);
}

function transfer(f: Facts, x: Inst): void {
  if (x.op === 'bounds') {
    if ('imm' in x.length) addFact(f, x.index, x.length.imm >>> 0);
    return;
  }
  const d = defOf(x);
  if (d === null) return;
  const src = x.op === 'copy' && 'r' in x.src ? f.get(x.src.r) : undefined;
  f.delete(d);
  if (src !== undefined) f.set(d, src);
  let bound: number | null = null;
  if (x.op === 'const') bound = (x.value >>> 0) + 1;
  else if (x.op === 'copy' && 'imm' in x.src) bound = (x.src.imm >>> 0) + 1;
  else if (x.op === 'ext') bound = x.kind === 'zext8' ? 0x100 : x.kind === 'zext16' ? 0x10000 : null;
  else if (x.op === 'cmp') bound = 2;
  else if (x.op === 'bin' && x.kind === 'and' && 'imm' in x.b) bound = (x.b.imm >>> 0) + 1;
  if (bound !== null && bound <= 0xffffffff) addFact(f, d, bound);
}

const NOT: Record<string, string> = { eq: 'ne', ne: 'eq', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule', slt: 'sge', sge: 'slt', sle: 'sgt', sgt: 'sle' };

function edgeFacts(t: Terminator, toId: number, f: Facts): Facts {
  if (t.op !== 'br' || t.then === t.else || !('imm' in t.b)) return f;
  const n = t.b.imm >>> 0;
  const k = toId === t.then ? t.kind : NOT[t.kind];
  const out = new Map(f);
  if (k === 'ult') addFact(out, t.a, n);
  else if ((k === 'ule' || k === 'eq') && n < 0xffffffff) addFact(out, t.a, n + 1);
  return out;
}

function meet(a: Facts | null, b: Facts): Facts {
  if (a === null) return new Map(b);
  const out: Facts = new Map();
  for (const [v, l] of a) { const m = b.get(v); if (m !== undefined) out.set(v, Math.max(l, m)); }
  return out;
}

const same = (a: Facts | null, b: Facts): boolean => a !== null && a.size === b.size && [...a].every(([v, l]) => b.get(v) === l);

/** Drop checks whose `index <u length` the dataflow above proves. */
export function removeProvenBounds(fn: IrFunction): boolean {
  if (!fn.blocks.some((b) => b.insts.some((x) => x.op === 'bounds'))) return false;
  const succ = successors(fn);
  const preds = predecessors(fn, succ);
  const order = reversePostorder(fn, succ);
  const ins: (Facts | null)[] = fn.blocks.map(() => null);
  const outs: (Facts | null)[] = fn.blocks.map(() => null);
  // bounds only ever come from constants in the function, so facts can only weaken finitely
  for (let changed = true; changed;) {
    changed = false;
    for (const b of order) {
      let inn: Facts | null = b === 0 ? new Map() : null;
      for (const p of preds[b]!) {
        const o = outs[p];
        if (o !== null) inn = meet(inn, edgeFacts(fn.blocks[p]!.term, fn.blocks[b]!.id, o));
      }
      inn ??= new Map();
      const out = new Map(inn);
      for (const x of fn.blocks[b]!.insts) transfer(out, x);
      if (!same(outs[b]!, out) || !same(ins[b]!, inn)) changed = true;
      ins[b] = inn;
      outs[b] = out;
    }
  }
  let removed = false;
  for (const b of order) {
    const f = new Map(ins[b]!);
    const blk = fn.blocks[b]!;
    blk.insts = blk.insts.filter((x) => {
      const known = x.op === 'bounds' && 'imm' in x.length ? f.get(x.index) : undefined;
      const redundant = known !== undefined && x.op === 'bounds' && 'imm' in x.length && known <= x.length.imm >>> 0;
      transfer(f, x);
      if (redundant) removed = true;
      return !redundant;
    });
  }
  return removed;
}

export function boundsModule(mod: IrModule): IrModule {
  for (const fn of mod.functions) { removeDominatedBounds(fn); removeProvenBounds(fn); }
  return mod;
}
