// Control-flow and def/use utilities over IR functions, shared by the IR optimisation passes.
// Blocks are addressed by their index in `fn.blocks` (ids are mapped through `blockIndex`);
// unreachable blocks get no dominator and belong to no loop. Everything here reads the
// function as it is: after a pass changes the CFG, recompute.
import type { Inst, IrFunction, Operand, Terminator, VReg } from '../ir/ir.ts';

/** index in fn.blocks of each block id */
export function blockIndex(fn: IrFunction): Map<number, number> {
  return new Map(fn.blocks.map((b, i) => [b.id, i]));
}

/** successor block ids of a terminator (a br to one block twice lists it once) */
export function termTargets(t: Terminator): number[] {
  if (t.op === 'jmp') return [t.target];
  if (t.op === 'br') return t.then === t.else ? [t.then] : [t.then, t.else];
  return [];
}

/** successors by block index */
export function successors(fn: IrFunction): number[][] {
  const idx = blockIndex(fn);
  return fn.blocks.map((b) => termTargets(b.term).map((id) => idx.get(id)!));
}

/** predecessors by block index (reachable predecessors only) */
export function predecessors(fn: IrFunction, succ = successors(fn)): number[][] {
  const reach = reachable(fn, succ);
  const preds: number[][] = fn.blocks.map(() => []);
  succ.forEach((ss, i) => { if (reach[i]) for (const s of ss) preds[s]!.push(i); });
  return preds;
}

export function reachable(fn: IrFunction, succ = successors(fn)): boolean[] {
  const seen = fn.blocks.map(() => false);
  if (fn.blocks.length === 0) return seen;
  const stack = [0];
  seen[0] = true;
  while (stack.length) for (const s of succ[stack.pop()!]!) if (!seen[s]) { seen[s] = true; stack.push(s); }
  return seen;
}

/** reachable block indices in reverse postorder from the entry */
export function reversePostorder(fn: IrFunction, succ = successors(fn)): number[] {
  const post: number[] = [];
  const seen = fn.blocks.map(() => false);
  if (fn.blocks.length === 0) return post;
  // iterative DFS: (block, next successor position)
  const stack: [number, number][] = [[0, 0]];
  seen[0] = true;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const ss = succ[top[0]]!;
    if (top[1] < ss.length) {
      const s = ss[top[1]++]!;
      if (!seen[s]) { seen[s] = true; stack.push([s, 0]); }
    } else {
      post.push(top[0]);
      stack.pop();
    }
  }
  return post.reverse();
}

export interface Dominators {
  /** immediate dominator by block index; -1 for the entry and unreachable blocks */
  idom: number[];
  order: number[];
  /** position in reverse postorder, -1 when unreachable */
  rpo: number[];
}

/** nearest common dominator of a and b (module-level: see the note on closures in simplify.ts) */
function intersect(a: number, b: number, rpo: ArrayLike<number>, idom: ArrayLike<number>): number {
  while (a !== b) {
    while (rpo[a]! > rpo[b]!) a = idom[a]!;
    while (rpo[b]! > rpo[a]!) b = idom[b]!;
  }
  return a;
}

/** Immediate dominators (Cooper, Harvey and Kennedy's iterative algorithm). */
export function dominators(fn: IrFunction, succ = successors(fn), preds = predecessors(fn, succ)): Dominators {
  const order = reversePostorder(fn, succ);
  const rpo = fn.blocks.map(() => -1);
  order.forEach((b, i) => { rpo[b] = i; });
  const idom = fn.blocks.map(() => -1);
  if (order.length === 0) return { idom, order, rpo };
  idom[0] = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const b of order) {
      if (b === 0) continue;
      let d = -1;
      for (const p of preds[b]!) {
        if (idom[p] === -1) continue;
        d = d === -1 ? p : intersect(p, d, rpo, idom);
      }
      if (d !== -1 && idom[b] !== d) { idom[b] = d; changed = true; }
    }
  }
  idom[0] = -1;
  return { idom, order, rpo };
}

/** does block a dominate block b (both reachable; a block dominates itself) */
export function dominates(d: Dominators, a: number, b: number): boolean {
  if (d.rpo[a] === -1 || d.rpo[b] === -1) return false;
  for (let x = b; x !== -1; x = d.idom[x]!) if (x === a) return true;
  return false;
}

export interface Loop {
  /** block index of the header */
  header: number;
  /** block indices of the body, header included */
  body: Set<number>;
}

/** Natural loops: one per header, the union of the loops of its back edges (an edge to a
 *  block that dominates its source). Sorted innermost (smallest) first. */
export function naturalLoops(fn: IrFunction, succ = successors(fn), preds = predecessors(fn, succ), dom = dominators(fn, succ, preds)): Loop[] {
  const byHeader = new Map<number, Set<number>>();
  for (const b of dom.order) {
    for (const h of succ[b]!) {
      if (!dominates(dom, h, b)) continue;
      const body = byHeader.get(h) ?? new Set([h]);
      byHeader.set(h, body);
      const stack = [b];
      while (stack.length) {
        const x = stack.pop()!;
        if (body.has(x)) continue;
        body.add(x);
        for (const p of preds[x]!) stack.push(p);
      }
    }
  }
  return [...byHeader].map(([header, body]) => ({ header, body })).sort((a, b) => a.body.size - b.body.size);
}

/** The preheader of a loop: the single outside predecessor of the header when that block only
 *  jumps to it, else a new block (appended) that all outside edges into the header now go to.
 *  Returns its block index. The header must not be the entry block (callers skip such loops). */
export function ensurePreheader(fn: IrFunction, loop: Loop, preds = predecessors(fn)): number {
  const outside = preds[loop.header]!.filter((p) => !loop.body.has(p));
  if (outside.length === 1) {
    const p = fn.blocks[outside[0]!]!;
    if (p.term.op === 'jmp') return outside[0]!;
  }
  const headerId = fn.blocks[loop.header]!.id;
  const id = Math.max(...fn.blocks.map((b) => b.id)) + 1;
  fn.blocks.push({ id, insts: [], term: { op: 'jmp', target: headerId } });
  for (const p of outside) {
    const t = fn.blocks[p]!.term;
    if (t.op === 'jmp' && t.target === headerId) t.target = id;
    else if (t.op === 'br') {
      if (t.then === headerId) t.then = id;
      if (t.else === headerId) t.else = id;
    }
  }
  return fn.blocks.length - 1;
}

// ---- defs and uses ----------------------------------------------------------------------------

export function defOf(x: Inst): VReg | null {
  switch (x.op) {
    case 'store': case 'bounds': case 'memcpy': case 'loc': return null;
    default: return x.dst;
  }
}

const opUse = (o: Operand, out: VReg[]): void => { if ('r' in o) out.push(o.r); };

export function usesOf(x: Inst, out: VReg[] = []): VReg[] {
  switch (x.op) {
    case 'copy': opUse(x.src, out); break;
    case 'bin': case 'cmp': out.push(x.a); opUse(x.b, out); break;
    case 'neg': case 'not': case 'ext': out.push(x.a); break;
    case 'load': out.push(x.addr); break;
    case 'store': opUse(x.src, out); out.push(x.addr); break;
    case 'call': if ('r' in x.target) out.push(x.target.r); out.push(...x.args); break;
    case 'intrinsic': for (const a of x.args) opUse(a, out); break;
    case 'bounds': out.push(x.index); opUse(x.length, out); break;
    case 'memcpy': out.push(x.dst, x.src); break;
    default: break;
  }
  return out;
}

export function termUsesOf(t: Terminator, out: VReg[] = []): VReg[] {
  if (t.op === 'br') { out.push(t.a); opUse(t.b, out); }
  else if (t.op === 'ret' && t.value) opUse(t.value, out);
  return out;
}

/** Number of definitions of each vreg (parameters count as one) and of uses (reachable or not). */
export function defUseCounts(fn: IrFunction): { defs: Int32Array; uses: Int32Array } {
  const defs = new Int32Array(fn.nvregs), uses = new Int32Array(fn.nvregs);
  for (const p of fn.params) defs[p]!++;
  for (const b of fn.blocks) {
    for (const x of b.insts) {
      const d = defOf(x);
      if (d !== null) defs[d]!++;
      for (const u of usesOf(x)) uses[u]!++;
    }
    for (const u of termUsesOf(b.term)) uses[u]!++;
  }
  return { defs, uses };
}
