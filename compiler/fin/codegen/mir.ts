// The code generators' working form of a function ("MIR"): the IR with three changes that the
// later passes need, and nothing target-specific.
// - Memory accesses (load, store, memcpy) take an address *mode* instead of a vreg + offset, so
//   address arithmetic can be folded into x86's `[base+index*scale+disp]` / arm's `[rn, #off]`
//   (addrmode.ts) and the folded vregs need no register.
// - Call arguments are Operands, so constants reach the call site as immediates.
// - Blocks are numbered by their index in `blocks` (the IR's ids are mapped on conversion);
//   blocks that become unreachable are left in place with `dead` set rather than renumbered.
// Everything else keeps the IR's meaning; see compiler/fin/ir/ir.ts.
import type { BinKind, CmpKind, ExtKind, Inst, IntrinsicName, IrFunction, Operand, Slot, Terminator, VReg, Width } from '../ir/ir.ts';

export type { BinKind, CmpKind, ExtKind, Operand, VReg, Width };

/** An address: [base + index << shift + disp], where the base part is a vreg, a stack slot, a
 *  symbol, or absent (absolute address). At most one of base/slot/sym is set. */
export interface Mem {
  base: VReg | null;
  slot: number | null;
  sym: string | null;
  index: VReg | null;
  /** 0..3 */
  shift: number;
  disp: number;
}

export type MInst =
  | { op: 'const'; dst: VReg; value: number }
  | { op: 'addr'; dst: VReg; symbol: string; offset: number }
  | { op: 'slot'; dst: VReg; slot: number; offset: number }
  | { op: 'copy'; dst: VReg; src: Operand }
  | { op: 'bin'; kind: BinKind; dst: VReg; a: VReg; b: Operand }
  | { op: 'neg' | 'not'; dst: VReg; a: VReg }
  | { op: 'cmp'; kind: CmpKind; dst: VReg; a: VReg; b: Operand }
  | { op: 'ext'; kind: ExtKind; dst: VReg; a: VReg }
  | { op: 'load'; width: Width; signed: boolean; dst: VReg; mem: Mem }
  | { op: 'store'; width: Width; src: Operand; mem: Mem }
  | { op: 'call'; dst: VReg | null; target: { symbol: string } | { r: VReg }; args: Operand[] }
  | { op: 'intrinsic'; name: IntrinsicName; dst: VReg | null; args: Operand[] }
  | { op: 'bounds'; index: VReg; length: Operand }
  | { op: 'memcpy'; dst: Mem; src: Mem; size: number }
  | { op: 'loc'; file: string; line: number; col: number }
  /** x86 only (fuse.ts): dst = a kind [mem], a 4-byte load folded into the operation */
  | { op: 'binm'; kind: BinKind; dst: VReg; a: VReg; mem: Mem }
  /** x86 only (addrmode.ts): dst = the address of mem (address arithmetic in one `lea`) */
  | { op: 'lea'; dst: VReg; mem: Mem };

export type MTerm =
  | Terminator
  /** x86 only (fuse.ts): branch on ([am] kind b), a 4-byte load folded into the compare */
  | { op: 'brm'; kind: CmpKind; am: Mem; b: Operand; then: number; else: number };

export interface MBlock {
  id: number;
  insts: MInst[];
  term: MTerm;
  /** unreachable from the entry: ignored by every later pass */
  dead: boolean;
}

export interface MFunction {
  name: string;
  global: boolean;
  params: VReg[];
  returnsValue: boolean;
  nvregs: number;
  slots: Slot[];
  blocks: MBlock[];
  file: string;
}

export const memOf = (base: VReg, disp: number): Mem => ({ base, slot: null, sym: null, index: null, shift: 0, disp });

/** Convert an IR function (after irVerify) to MIR, mapping block ids to indices. */
export function toMir(fn: IrFunction): MFunction {
  const index = new Map<number, number>();
  fn.blocks.forEach((b, i) => index.set(b.id, i));
  const bid = (id: number): number => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`${fn.name}: branch to unknown block ${id}`);
    return i;
  };
  // immediates are normalised to signed int32 so that every later range check is simple
  const opnd = (o: Operand): Operand => ('r' in o ? { r: o.r } : { imm: o.imm | 0 });
  const inst = (x: Inst): MInst => {
    switch (x.op) {
      case 'const': return { op: 'const', dst: x.dst, value: x.value | 0 };
      case 'addr': return { op: 'addr', dst: x.dst, symbol: x.symbol, offset: x.offset | 0 };
      case 'slot': return { op: 'slot', dst: x.dst, slot: x.slot, offset: x.offset | 0 };
      case 'copy': return { op: 'copy', dst: x.dst, src: opnd(x.src) };
      case 'bin': return { op: 'bin', kind: x.kind, dst: x.dst, a: x.a, b: opnd(x.b) };
      case 'cmp': return { op: 'cmp', kind: x.kind, dst: x.dst, a: x.a, b: opnd(x.b) };
      case 'load': return { op: 'load', width: x.width, signed: x.signed, dst: x.dst, mem: memOf(x.addr, x.offset | 0) };
      case 'store': return { op: 'store', width: x.width, src: opnd(x.src), mem: memOf(x.addr, x.offset | 0) };
      case 'memcpy': return { op: 'memcpy', dst: memOf(x.dst, 0), src: memOf(x.src, 0), size: x.size };
      case 'call': return { op: 'call', dst: x.dst, target: { ...x.target }, args: x.args.map((r) => ({ r })) };
      case 'intrinsic': return { op: 'intrinsic', name: x.name, dst: x.dst, args: x.args.map(opnd) };
      case 'bounds': return { op: 'bounds', index: x.index, length: opnd(x.length) };
      default: return { ...x };
    }
  };
  const term = (t: Terminator): MTerm => {
    switch (t.op) {
      case 'jmp': return { op: 'jmp', target: bid(t.target) };
      case 'br': return { op: 'br', kind: t.kind, a: t.a, b: opnd(t.b), then: bid(t.then), else: bid(t.else) };
      case 'ret': return { op: 'ret', value: t.value && opnd(t.value) };
      case 'unreachable': return { op: 'unreachable' };
    }
  };
  return {
    name: fn.name, global: fn.global, params: [...fn.params], returnsValue: fn.returnsValue, nvregs: fn.nvregs,
    slots: fn.slots.map((s) => ({ ...s })), file: fn.file,
    blocks: fn.blocks.map((b, i) => ({ id: i, insts: b.insts.map(inst), term: term(b.term), dead: false })),
  };
}

export function cloneMem(m: Mem): Mem {
  return { ...m };
}

export function cloneInst(x: MInst): MInst {
  switch (x.op) {
    case 'copy': return { ...x, src: { ...x.src } };
    case 'bin': case 'cmp': return { ...x, b: { ...x.b } };
    case 'load': return { ...x, mem: cloneMem(x.mem) };
    case 'store': return { ...x, src: { ...x.src }, mem: cloneMem(x.mem) };
    case 'call': return { ...x, target: { ...x.target }, args: x.args.map((a) => ({ ...a })) };
    case 'intrinsic': return { ...x, args: x.args.map((a) => ({ ...a })) };
    case 'bounds': return { ...x, length: { ...x.length } };
    case 'memcpy': return { ...x, dst: cloneMem(x.dst), src: cloneMem(x.src) };
    case 'binm': case 'lea': return { ...x, mem: cloneMem(x.mem) };
    default: return { ...x };
  }
}

export function cloneTerm(t: MTerm): MTerm {
  switch (t.op) {
    case 'br': return { ...t, b: { ...t.b } };
    case 'brm': return { ...t, am: cloneMem(t.am), b: { ...t.b } };
    case 'ret': return { op: 'ret', value: t.value && { ...t.value } };
    default: return { ...t };
  }
}

// ---- uses and defs ---------------------------------------------------------------------------

const opUse = (o: Operand, out: VReg[]): void => { if ('r' in o) out.push(o.r); };
const memUse = (m: Mem, out: VReg[]): void => {
  if (m.base !== null) out.push(m.base);
  if (m.index !== null) out.push(m.index);
};

/** The vregs an instruction reads (with repetition). */
export function usesOf(x: MInst, out: VReg[] = []): VReg[] {
  switch (x.op) {
    case 'copy': opUse(x.src, out); break;
    case 'bin': case 'cmp': out.push(x.a); opUse(x.b, out); break;
    case 'neg': case 'not': case 'ext': out.push(x.a); break;
    case 'load': memUse(x.mem, out); break;
    case 'store': opUse(x.src, out); memUse(x.mem, out); break;
    case 'call': if ('r' in x.target) out.push(x.target.r); for (const a of x.args) opUse(a, out); break;
    case 'intrinsic': for (const a of x.args) opUse(a, out); break;
    case 'bounds': out.push(x.index); opUse(x.length, out); break;
    case 'memcpy': memUse(x.dst, out); memUse(x.src, out); break;
    case 'binm': out.push(x.a); memUse(x.mem, out); break;
    case 'lea': memUse(x.mem, out); break;
    default: break;
  }
  return out;
}

/** The vreg an instruction writes, or null. */
export function defOf(x: MInst): VReg | null {
  switch (x.op) {
    case 'const': case 'addr': case 'slot': case 'copy': case 'bin': case 'neg': case 'not': case 'cmp': case 'ext': case 'load':
    case 'binm': case 'lea':
      return x.dst;
    case 'call': case 'intrinsic':
      return x.dst;
    default:
      return null;
  }
}

export function termUses(t: MTerm, out: VReg[] = []): VReg[] {
  if (t.op === 'br') { out.push(t.a); opUse(t.b, out); }
  else if (t.op === 'brm') { memUse(t.am, out); opUse(t.b, out); }
  else if (t.op === 'ret' && t.value) opUse(t.value, out);
  return out;
}

export function successors(t: MTerm): number[] {
  switch (t.op) {
    case 'jmp': return [t.target];
    case 'br': case 'brm': return t.then === t.else ? [t.then] : [t.then, t.else];
    default: return [];
  }
}

/** Rewrite every operand that reads a vreg (not the defs). */
export function mapOperands(x: MInst, f: (o: Operand) => Operand): void {
  switch (x.op) {
    case 'copy': x.src = f(x.src); break;
    case 'bin': case 'cmp': x.b = f(x.b); break;
    case 'store': x.src = f(x.src); break;
    case 'call': x.args = x.args.map(f); break;
    case 'intrinsic': x.args = x.args.map(f); break;
    case 'bounds': x.length = f(x.length); break;
    default: break;
  }
}

function renameOperand(p: Operand, f: (v: VReg) => VReg): Operand {
  if (!('r' in p)) return p;
  const r = f(p.r);
  return r === p.r ? p : { r };
}

function renameMem(mm: Mem, f: (v: VReg) => VReg): void {
  if (mm.base !== null) mm.base = f(mm.base);
  if (mm.index !== null) mm.index = f(mm.index);
}

/** Rename vreg reads through `f` (register-only positions included). */
/** a renaming function for renameUses (made by a factory: under tsx, esbuild's keepNames gives
 *  each named closure a defineProperty call when it is created) */
export function renamingBy(rename: Map<VReg, VReg>): (v: VReg) => VReg {
  return (v) => rename.get(v) ?? v;
}

export function renameUses(x: MInst, f: (v: VReg) => VReg): void {
  switch (x.op) {
    case 'copy': x.src = renameOperand(x.src, f); break;
    case 'bin': case 'cmp': x.a = f(x.a); x.b = renameOperand(x.b, f); break;
    case 'neg': case 'not': case 'ext': x.a = f(x.a); break;
    case 'load': renameMem(x.mem, f); break;
    case 'store': x.src = renameOperand(x.src, f); renameMem(x.mem, f); break;
    case 'call':
      if ('r' in x.target) x.target = { r: f(x.target.r) };
      for (let i = 0; i < x.args.length; i++) x.args[i] = renameOperand(x.args[i]!, f);
      break;
    case 'intrinsic': for (let i = 0; i < x.args.length; i++) x.args[i] = renameOperand(x.args[i]!, f); break;
    case 'bounds': x.index = f(x.index); x.length = renameOperand(x.length, f); break;
    case 'memcpy': renameMem(x.dst, f); renameMem(x.src, f); break;
    case 'binm': x.a = f(x.a); renameMem(x.mem, f); break;
    case 'lea': renameMem(x.mem, f); break;
    default: break;
  }
}

export function renameTermUses(t: MTerm, f: (v: VReg) => VReg): void {
  if (t.op === 'br') { t.a = f(t.a); if ('r' in t.b) t.b = { r: f(t.b.r) }; }
  else if (t.op === 'brm') { renameMem(t.am, f); if ('r' in t.b) t.b = { r: f(t.b.r) }; }
  else if (t.op === 'ret' && t.value && 'r' in t.value) t.value = { r: f(t.value.r) };
}

/** Instructions that clobber the caller-saved registers. */
export const isCallLike = (x: MInst): boolean => x.op === 'call' || (x.op === 'intrinsic' && x.name === 'syscall');

// ---- CFG helpers -----------------------------------------------------------------------------

/** Mark blocks unreachable from block 0 as dead. */
export function markDead(fn: MFunction): void {
  const seen = new Set<number>([0]);
  const stack = [0];
  while (stack.length) {
    const b = stack.pop()!;
    for (const s of successors(fn.blocks[b]!.term)) if (!seen.has(s)) { seen.add(s); stack.push(s); }
  }
  fn.blocks.forEach((b, i) => { b.dead = !seen.has(i); });
}

/** Reverse postorder of the live blocks. `visit` orders a block's successors for the DFS: the
 *  first visited finishes first and so is placed last. By default successors are explored
 *  else-first, so a branch's `then` block tends to follow it directly. */
export function reversePostorder(fn: MFunction, visit: (b: number, succs: number[]) => number[] = (_b, s) => s.reverse()): number[] {
  const post: number[] = [];
  const state = new Uint8Array(fn.blocks.length);
  // iterative DFS: stack of [block, successors still to visit]
  const stack: [number, number[]][] = [[0, visit(0, successors(fn.blocks[0]!.term))]];
  state[0] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const next = top[1].shift();
    if (next === undefined) { post.push(top[0]); stack.pop(); continue; }
    if (state[next]) continue;
    state[next] = 1;
    stack.push([next, visit(next, successors(fn.blocks[next]!.term))]);
  }
  return post.reverse();
}

/** Natural loops: header -> body (header included), from the retreating edges of `order`. */
export function naturalLoops(fn: MFunction, order: number[]): Map<number, Set<number>> {
  const pos = new Map(order.map((b, i) => [b, i]));
  const preds = predecessors(fn);
  const bodies = new Map<number, Set<number>>();
  for (const b of order) {
    for (const h of successors(fn.blocks[b]!.term)) {
      if (pos.get(h)! > pos.get(b)!) continue; // forward edge
      const body = bodies.get(h) ?? new Set<number>([h]);
      bodies.set(h, body);
      const work = [b];
      while (work.length) {
        const n = work.pop()!;
        if (body.has(n)) continue;
        body.add(n);
        for (const p of preds[n]!) work.push(p);
      }
    }
  }
  return bodies;
}

/** The block layout: a reverse postorder that keeps every loop's blocks together, before the
 *  blocks its exits lead to (exits are explored first, so they are placed after the loop).
 *  Contiguous loops keep loop variables' live intervals from spanning unrelated code. */
export function layoutOrder(fn: MFunction): number[] {
  const loops = naturalLoops(fn, reversePostorder(fn));
  // innermost loop body of each block
  const inner = new Map<number, Set<number>>();
  for (const body of loops.values()) {
    for (const b of body) {
      const cur = inner.get(b);
      if (!cur || body.size < cur.size) inner.set(b, body);
    }
  }
  return reversePostorder(fn, (b, succs) => {
    const body = inner.get(b);
    const els = succs.reverse();
    if (!body) return els;
    return [...els.filter((s) => !body.has(s)), ...els.filter((s) => body.has(s))];
  });
}

export function predecessors(fn: MFunction): number[][] {
  const preds: number[][] = fn.blocks.map(() => []);
  fn.blocks.forEach((b, i) => { if (!b.dead) for (const s of successors(b.term)) preds[s]!.push(i); });
  return preds;
}

/** Loop nesting depth of every block. */
export function loopDepths(fn: MFunction, order: number[]): number[] {
  const depth = fn.blocks.map(() => 0);
  for (const body of naturalLoops(fn, order).values()) for (const n of body) depth[n]!++;
  return depth;
}

/** Call f for every vreg x reads (with repetition), without allocating. */
export function forEachUse(x: MInst, f: (v: VReg) => void): void {
  switch (x.op) {
    case 'copy': if ('r' in x.src) f(x.src.r); break;
    case 'bin': case 'cmp': f(x.a); if ('r' in x.b) f(x.b.r); break;
    case 'neg': case 'not': case 'ext': f(x.a); break;
    case 'load': if (x.mem.base !== null) f(x.mem.base); if (x.mem.index !== null) f(x.mem.index); break;
    case 'store':
      if ('r' in x.src) f(x.src.r);
      if (x.mem.base !== null) f(x.mem.base);
      if (x.mem.index !== null) f(x.mem.index);
      break;
    case 'call':
      if ('r' in x.target) f(x.target.r);
      for (const a of x.args) if ('r' in a) f(a.r);
      break;
    case 'intrinsic': for (const a of x.args) if ('r' in a) f(a.r); break;
    case 'bounds': f(x.index); if ('r' in x.length) f(x.length.r); break;
    case 'memcpy':
      if (x.dst.base !== null) f(x.dst.base);
      if (x.dst.index !== null) f(x.dst.index);
      if (x.src.base !== null) f(x.src.base);
      if (x.src.index !== null) f(x.src.index);
      break;
    case 'binm': f(x.a); if (x.mem.base !== null) f(x.mem.base); if (x.mem.index !== null) f(x.mem.index); break;
    case 'lea': if (x.mem.base !== null) f(x.mem.base); if (x.mem.index !== null) f(x.mem.index); break;
    default: break;
  }
}

/** forEachUse with a counting callback, without a closure per call (see useCounts) */
function countUses(x: MInst, uses: Int32Array): void {
  switch (x.op) {
    case 'copy': if ('r' in x.src) uses[x.src.r]!++; break;
    case 'bin': case 'cmp': uses[x.a]!++; if ('r' in x.b) uses[x.b.r]!++; break;
    case 'neg': case 'not': case 'ext': uses[x.a]!++; break;
    default: forEachUse(x, (v) => { uses[v]!++; });
  }
}

// hot: called by most passes, on every round of simplify
export function useCounts(fn: MFunction): { uses: Int32Array; defs: Int32Array } {
  const uses = new Int32Array(fn.nvregs);
  const defs = new Int32Array(fn.nvregs);
  for (const p of fn.params) defs[p]!++;
  for (const b of fn.blocks) {
    if (b.dead) continue;
    for (const x of b.insts) {
      countUses(x, uses);
      const d = defOf(x);
      if (d !== null) defs[d]!++;
    }
    const t = b.term;
    if (t.op === 'br') { uses[t.a]!++; if ('r' in t.b) uses[t.b.r]!++; }
    else if (t.op === 'brm') { for (const v of termUses(t)) uses[v]!++; }
    else if (t.op === 'ret' && t.value && 'r' in t.value) uses[t.value.r]!++;
  }
  return { uses, defs };
}

// ---- comparisons -----------------------------------------------------------------------------

const NEGATE: Record<CmpKind, CmpKind> = { eq: 'ne', ne: 'eq', slt: 'sge', sge: 'slt', sle: 'sgt', sgt: 'sle', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule' };
const SWAP: Record<CmpKind, CmpKind> = { eq: 'eq', ne: 'ne', slt: 'sgt', sgt: 'slt', sle: 'sge', sge: 'sle', ult: 'ugt', ugt: 'ult', ule: 'uge', uge: 'ule' };
/** !(a k b) == a negate(k) b */
export const negateCmp = (k: CmpKind): CmpKind => NEGATE[k];
/** (a k b) == (b swap(k) a) */
export const swapCmp = (k: CmpKind): CmpKind => SWAP[k];

export function evalCmp(k: CmpKind, a: number, b: number): boolean {
  const ua = a >>> 0, ub = b >>> 0;
  a |= 0; b |= 0;
  switch (k) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'slt': return a < b;
    case 'sle': return a <= b;
    case 'sgt': return a > b;
    case 'sge': return a >= b;
    case 'ult': return ua < ub;
    case 'ule': return ua <= ub;
    case 'ugt': return ua > ub;
    case 'uge': return ua >= ub;
  }
}

/** a kind b as the hardware computes it; null for a division by zero (which must fault). */
export function evalBin(k: BinKind, a: number, b: number): number | null {
  a |= 0; b |= 0;
  switch (k) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'mul': return Math.imul(a, b);
    case 'udiv': return b === 0 ? null : ((a >>> 0) / (b >>> 0)) | 0;
    case 'sdiv': return b === 0 ? null : (a / b) | 0;
    case 'urem': return b === 0 ? null : ((a >>> 0) % (b >>> 0)) | 0;
    case 'srem': return b === 0 ? null : (a % b) | 0;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return a << (b & 31);
    case 'shr': return (a >>> (b & 31)) | 0;
    case 'sar': return a >> (b & 31);
  }
}

export const COMMUTATIVE: ReadonlySet<BinKind> = new Set<BinKind>(['add', 'mul', 'and', 'or', 'xor']);

/** nearest common dominator of a and b (module-level: see the note on closures in simplify.ts) */
function intersect(a: number, b: number, rpo: ArrayLike<number>, idom: ArrayLike<number>): number {
  while (a !== b) {
    while (rpo[a]! > rpo[b]!) a = idom[a]!;
    while (rpo[b]! > rpo[a]!) b = idom[b]!;
  }
  return a;
}

/** Immediate dominators of the live blocks (Cooper, Harvey & Kennedy), indexed by block; the
 *  entry's is itself, dead blocks' -1. `order` is a reverse postorder. */
export function dominators(fn: MFunction, order: number[]): Int32Array {
  const idom = new Int32Array(fn.blocks.length).fill(-1);
  const rpo = new Int32Array(fn.blocks.length).fill(-1);
  order.forEach((b, i) => { rpo[b] = i; });
  const preds = predecessors(fn);
  idom[order[0]!] = order[0]!;
  for (let changed = true; changed;) {
    changed = false;
    for (const b of order.slice(1)) {
      let nd = -1;
      for (const p of preds[b]!) {
        if (idom[p] === -1) continue;
        nd = nd === -1 ? p : intersect(p, nd, rpo, idom);
      }
      if (nd !== idom[b]) { idom[b] = nd; changed = true; }
    }
  }
  return idom;
}

export function dominates(idom: Int32Array, a: number, b: number): boolean {
  for (;;) {
    if (a === b) return true;
    const up = idom[b]!;
    if (up === b || up === -1) return false;
    b = up;
  }
}
