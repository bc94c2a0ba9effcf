// Target-independent clean-up of a MIR function before instruction selection. The lowering
// from the checked AST is deliberately naive (a temporary per subexpression, a `copy` per
// assignment, a `cmp` feeding each `br`); these passes remove what would otherwise become
// executed instructions:
// - constant propagation into operand positions, constant folding, strength reduction;
// - copy propagation, and writing a value straight into the variable it is copied to;
// - fusing `t = cmp a, b; br ne t, 0` into `br a, b` (compare-and-branch);
// - dead code removal, jump threading through empty blocks.
// A vreg with exactly one definition (`defs == 1`) never changes after it, and that definition
// reaches every use (the IR's define-before-use invariant); most rewrites rely on that.
import type { Operand, VReg } from '../ir/ir.ts';
import {
  cloneInst, cloneTerm, COMMUTATIVE, defOf, forEachUse, evalBin, evalCmp, markDead, mapOperands, negateCmp, renameTermUses, renameUses, renamingBy, swapCmp,
  termUses, useCounts, usesOf, type MFunction, type MInst,
} from './mir.ts';

type Counts = { uses: Int32Array; defs: Int32Array };

/** Use and definition counts shared by consecutive passes until one of them changes the
 *  function: the final round of simplify (which confirms that nothing changes) and passes with
 *  nothing to do would otherwise each recount the same function. A pass may update the arrays
 *  it got only when it reports a change, which clears the cache. */
class CountCache {
  private counts: Counts | null = null;
  constructor(private readonly fn: MFunction) {}
  get(): Counts { return (this.counts ??= useCounts(this.fn)); }
  after(changed: boolean): boolean { if (changed) this.counts = null; return changed; }
}

function countsOf(fn: MFunction, cache: CountCache | undefined): Counts {
  return cache ? cache.get() : useCounts(fn);
}

export function simplify(fn: MFunction): void {
  markDead(fn);
  const c = new CountCache(fn);
  for (let round = 0; round < 10; round++) {
    let changed = false;
    changed = c.after(propagateConstants(fn, c)) || changed;
    changed = c.after(foldInstructions(fn, c)) || changed;
    changed = c.after(propagateCopies(fn, c)) || changed;
    changed = c.after(fuseDefIntoCopy(fn, c)) || changed;
    changed = c.after(computeIntoVariables(fn, c)) || changed;
    changed = c.after(reuseComputations(fn, c)) || changed;
    changed = c.after(fuseCompareBranch(fn, c)) || changed;
    changed = c.after(removeDeadCode(fn, c)) || changed;
    changed = c.after(threadJumps(fn)) || changed;
    if (!changed) break;
  }
}

const live = (fn: MFunction) => fn.blocks.filter((b) => !b.dead);

/** vregs defined exactly once, by a constant */
function constantValues(fn: MFunction, cache: CountCache): Map<VReg, number> {
  const { defs } = cache.get();
  const vals = new Map<VReg, number>();
  for (const b of live(fn)) {
    for (const x of b.insts) {
      if (x.op === 'const' && defs[x.dst] === 1) vals.set(x.dst, x.value | 0);
      else if (x.op === 'copy' && 'imm' in x.src && defs[x.dst] === 1) vals.set(x.dst, x.src.imm | 0);
    }
  }
  return vals;
}

function propagateConstants(fn: MFunction, cache: CountCache): boolean {
  const vals = constantValues(fn, cache);
  if (vals.size === 0) return false;
  let changed = false;
  const f = (o: Operand): Operand => {
    if ('r' in o && vals.has(o.r)) { changed = true; return { imm: vals.get(o.r)! }; }
    return o;
  };
  for (const b of live(fn)) {
    for (const x of b.insts) {
      mapOperands(x, f);
      // put the constant on the side that can be an immediate
      if (x.op === 'bin' && COMMUTATIVE.has(x.kind) && vals.has(x.a) && 'r' in x.b) {
        const a = x.a;
        x.a = x.b.r;
        x.b = { imm: vals.get(a)! };
        changed = true;
      } else if (x.op === 'cmp' && vals.has(x.a) && 'r' in x.b) {
        const a = x.a;
        x.a = x.b.r;
        x.b = { imm: vals.get(a)! };
        x.kind = swapCmp(x.kind);
        changed = true;
      }
    }
    const t = b.term;
    if (t.op === 'br') {
      t.b = f(t.b);
      if (vals.has(t.a) && 'r' in t.b) {
        const a = t.a;
        t.a = t.b.r;
        t.b = { imm: vals.get(a)! };
        t.kind = swapCmp(t.kind);
        changed = true;
      }
    } else if (t.op === 'ret' && t.value) t.value = f(t.value);
  }
  return changed;
}

const isPow2 = (v: number): boolean => v !== 0 && (v & (v - 1)) === 0;
const log2 = (v: number): number => 31 - Math.clz32(v);

/** Constant folding and strength reduction of single instructions. */
function foldInstructions(fn: MFunction, cache: CountCache): boolean {
  const vals = constantValues(fn, cache);
  let changed = false;
  for (const b of live(fn)) {
    b.insts = b.insts.map((x): MInst => {
      const y = foldOne(x, vals);
      if (y !== x) changed = true;
      return y;
    });
    const t = b.term;
    if (t.op === 'br' && vals.has(t.a) && 'imm' in t.b) {
      b.term = { op: 'jmp', target: evalCmp(t.kind, vals.get(t.a)!, t.b.imm) ? t.then : t.else };
      changed = true;
    }
  }
  if (changed) markDead(fn);
  return changed;
}

// module-level, not a closure per call: tsx (esbuild keepNames) names every named closure
// when it is created, which showed up in compile-time profiles
function konst(dst: VReg, value: number): MInst {
  return { op: 'const', dst, value: value | 0 };
}

function foldOne(x: MInst, vals: Map<VReg, number>): MInst {
  switch (x.op) {
    case 'bin': {
      if (!('imm' in x.b)) return x;
      const b = x.b.imm | 0;
      const av = vals.get(x.a);
      if (av !== undefined) {
        const r = evalBin(x.kind, av, b);
        return r === null ? x : konst(x.dst, r);
      }
      const copyA: MInst = { op: 'copy', dst: x.dst, src: { r: x.a } };
      switch (x.kind) {
        case 'add': case 'sub': case 'or': case 'xor':
          return b === 0 ? copyA : x;
        case 'shl': case 'shr': case 'sar':
          return (b & 31) === 0 ? copyA : x;
        case 'and':
          return b === 0 ? konst(x.dst, 0) : b === -1 ? copyA : x;
        case 'mul':
          if (b === 0) return konst(x.dst, 0);
          if (b === 1) return copyA;
          if (b > 0 && isPow2(b)) return { op: 'bin', kind: 'shl', dst: x.dst, a: x.a, b: { imm: log2(b) } };
          return x;
        case 'udiv':
          if (b === 1) return copyA;
          if (isPow2(b)) return { op: 'bin', kind: 'shr', dst: x.dst, a: x.a, b: { imm: log2(b >>> 0) } };
          return x;
        case 'urem':
          if (b === 1) return konst(x.dst, 0);
          if (isPow2(b)) return { op: 'bin', kind: 'and', dst: x.dst, a: x.a, b: { imm: (b - 1) | 0 } };
          return x;
        case 'sdiv':
          return b === 1 ? copyA : x;
        case 'srem':
          return b === 1 || b === -1 ? konst(x.dst, 0) : x;
      }
      return x;
    }
    case 'cmp': {
      const av = vals.get(x.a);
      return av !== undefined && 'imm' in x.b ? konst(x.dst, evalCmp(x.kind, av, x.b.imm) ? 1 : 0) : x;
    }
    case 'neg': case 'not': {
      const av = vals.get(x.a);
      return av === undefined ? x : konst(x.dst, x.op === 'neg' ? -av : ~av);
    }
    case 'ext': {
      const av = vals.get(x.a);
      if (av === undefined) return x;
      switch (x.kind) {
        case 'zext8': return konst(x.dst, av & 0xff);
        case 'zext16': return konst(x.dst, av & 0xffff);
        case 'sext8': return konst(x.dst, (av << 24) >> 24);
        case 'sext16': return konst(x.dst, (av << 16) >> 16);
      }
      return x;
    }
    default:
      return x;
  }
}

/** (a factory, not a named closure: tsx's keepNames makes creating those costly) */
function renaming(from: VReg, to: VReg): (v: VReg) => VReg {
  return (v) => (v === from ? to : v);
}

function renameEverywhere(fn: MFunction, from: VReg, to: VReg): void {
  const f = renaming(from, to);
  for (const b of live(fn)) {
    for (const x of b.insts) renameUses(x, f);
    renameTermUses(b.term, f);
  }
}

/** `copy t, s` with t defined only there: use s for t where s is known to hold the same value. */
function propagateCopies(fn: MFunction, cache: CountCache): boolean {
  let changed = false;
  const params = new Set(fn.params);
  const tmp: VReg[] = [];
  const { uses, defs } = cache.get();
  for (const b of live(fn)) {
    for (let i = 0; i < b.insts.length; i++) {
      const x = b.insts[i]!;
      if (x.op !== 'copy' || !('r' in x.src) || x.src.r === x.dst || params.has(x.dst)) continue;
      const t = x.dst, s = x.src.r;
      if (defs[t] !== 1) continue;
      if (defs[s] === 1) {
        // s never changes either: t == s everywhere t is used
        renameEverywhere(fn, t, s);
        b.insts.splice(i--, 1);
        uses[s]! += uses[t]! - 1; uses[t] = 0; defs[t] = 0;
        changed = true;
        continue;
      }
      // s is a variable: only when every use of t follows in this block and s keeps its value
      let seen = 0, last = -1;
      for (let j = i + 1; j <= b.insts.length; j++) {
        tmp.length = 0;
        const us = j < b.insts.length ? usesOf(b.insts[j]!, tmp) : termUses(b.term, tmp);
        const n = us.filter((u) => u === t).length;
        if (n) { seen += n; last = j; }
      }
      if (seen !== uses[t] || last < 0) continue;
      let clobbered = false;
      for (let j = i + 1; j < last; j++) if (defOf(b.insts[j]!) === s) clobbered = true;
      if (clobbered) continue;
      const f = renaming(t, s);
      for (let j = i + 1; j < b.insts.length; j++) renameUses(b.insts[j]!, f);
      renameTermUses(b.term, f);
      b.insts.splice(i--, 1);
      uses[s]! += uses[t]! - 1; uses[t] = 0; defs[t] = 0;
      changed = true;
    }
  }
  return changed;
}

/** `t = op ...; copy x, t` (t used only there) becomes `x = op ...`. */
function fuseDefIntoCopy(fn: MFunction, cache: CountCache): boolean {
  const { uses, defs } = cache.get();
  const params = new Set(fn.params);
  let changed = false;
  for (const b of live(fn)) {
    for (let i = 0; i < b.insts.length; i++) {
      const x = b.insts[i]!;
      const d = defOf(x);
      if (d === null || uses[d] !== 1 || defs[d] !== 1 || params.has(d)) continue;
      let j = i + 1;
      while (j < b.insts.length && b.insts[j]!.op === 'loc') j++;
      const y = b.insts[j];
      if (!y || y.op !== 'copy' || !('r' in y.src) || y.src.r !== d || y.dst === d) continue;
      (x as { dst: VReg }).dst = y.dst;
      b.insts.splice(j, 1);
      uses[d] = 0;
      defs[d] = 0;
      changed = true;
    }
  }
  return changed;
}

/** `t = op ...; ...; x = op' t, ...` where t is a temporary used only there and x is neither
 *  read nor written in between: compute straight into x (`x = op ...; x = op' x, ...`). With
 *  chains this turns `x = (x * K + C) & M` into three in-place updates of x, which the two-
 *  address x86 forms do without copies, and keeps one register instead of three. */
function computeIntoVariables(fn: MFunction, cache: CountCache): boolean {
  const { uses, defs } = cache.get();
  const params = new Set(fn.params);
  const tmp: VReg[] = [];
  let changed = false;
  for (const b of live(fn)) {
    const insts = b.insts;
    for (let j = insts.length - 1; j >= 0; j--) {
      const J = insts[j]!;
      const x = defOf(J);
      // only variables (assigned more than once): a temporary gains nothing, and a
      // second definition would stop it folding into address modes
      if (x === null || (defs[x]! < 2 && !params.has(x))) continue;
      tmp.length = 0;
      const operands = usesOf(J, tmp).slice();
      if (operands.includes(x)) continue;
      for (const t of new Set(operands)) {
        if (defs[t] !== 1 || uses[t] !== 1 || params.has(t)) continue;
        let i = j - 1;
        while (i >= 0 && defOf(insts[i]!) !== t) i--;
        if (i < 0) continue;
        let touched = false;
        for (let k = i + 1; k < j && !touched; k++) {
          tmp.length = 0;
          if (defOf(insts[k]!) === x || usesOf(insts[k]!, tmp).includes(x)) touched = true;
        }
        if (touched) continue;
        (insts[i] as { dst: VReg }).dst = x;
        renameUses(J, renaming(t, x));
        uses[t] = 0; defs[t] = 0; defs[x]!++;
        changed = true;
        break; // J now reads x: no second operand may be renamed to it
      }
    }
  }
  return changed;
}

/** Local value numbering: a pure computation repeated in a block with the same operands (not
 *  redefined in between) reuses the first result. Both results must be single-definition vregs,
 *  so the first still holds the value wherever the second was used. */
function operandKey(p: Operand): string {
  return 'r' in p ? `v${p.r}` : `#${p.imm}`;
}

function computationKey(x: MInst): string | null {
  switch (x.op) {
    case 'bin': {
      if (['udiv', 'sdiv', 'urem', 'srem'].includes(x.kind) && !('imm' in x.b && x.b.imm !== 0)) return null;
      return `b:${x.kind}:v${x.a}:${operandKey(x.b)}`;
    }
    case 'cmp': return `c:${x.kind}:v${x.a}:${operandKey(x.b)}`;
    case 'ext': return `e:${x.kind}:v${x.a}`;
    case 'neg': case 'not': return `${x.op}:v${x.a}`;
    case 'slot': return `s:${x.slot}:${x.offset}`;
    default: return null;
  }
}

export function reuseComputations(fn: MFunction, cache?: CountCache): boolean {
  const { defs } = countsOf(fn, cache);
  const params = new Set(fn.params);
  let changed = false;
  // later duplicates read the first vreg everywhere: their uses are dominated by their
  // definition, which follows the first one's in the same block
  const rename = new Map<VReg, VReg>();
  const f = renamingBy(rename);
  for (const b of live(fn)) {
    const table = new Map<string, VReg>();
    /** keys of remembered computations that read each vreg */
    const readers = new Map<VReg, string[]>();
    for (const x of b.insts) {
      if (rename.size) renameUses(x, f);
      const d = defOf(x);
      // a redefinition invalidates every remembered computation that read d
      if (d !== null && readers.has(d)) {
        for (const k of readers.get(d)!) table.delete(k);
        readers.delete(d);
      }
      if (d === null || defs[d] !== 1 || params.has(d)) continue;
      const key = computationKey(x);
      if (key === null) continue;
      const prev = table.get(key);
      if (prev !== undefined) {
        rename.set(d, prev);
        changed = true;
        continue;
      }
      table.set(key, d);
      forEachUse(x, (v) => {
        const list = readers.get(v);
        if (list) list.push(key); else readers.set(v, [key]);
      });
    }
  }
  if (rename.size) {
    for (const b of live(fn)) {
      for (const x of b.insts) renameUses(x, f);
      renameTermUses(b.term, f);
    }
  }
  return changed;
}

/** `t = cmp k a, b; ...; br ne t, 0` (t used only there) becomes `br k a, b`. */
function fuseCompareBranch(fn: MFunction, cache: CountCache): boolean {
  const { uses, defs } = cache.get();
  let changed = false;
  for (const b of live(fn)) {
    const t = b.term;
    if (t.op !== 'br' || !('imm' in t.b) || (t.kind !== 'eq' && t.kind !== 'ne')) continue;
    const v = t.b.imm;
    if ((v !== 0 && v !== 1) || uses[t.a] !== 1 || defs[t.a] !== 1) continue;
    let i = b.insts.length - 1;
    while (i >= 0 && defOf(b.insts[i]!) !== t.a) i--;
    if (i < 0) continue;
    const c = b.insts[i]!;
    if (c.op !== 'cmp') continue;
    const operands = [c.a, ...('r' in c.b ? [c.b.r] : [])];
    let clobbered = false;
    for (let j = i + 1; j < b.insts.length; j++) {
      const d = defOf(b.insts[j]!);
      if (d !== null && operands.includes(d)) clobbered = true;
    }
    if (clobbered) continue;
    // (t != 0) and (t == 1) are the comparison itself; (t == 0) and (t != 1) its negation
    const same = (t.kind === 'ne') === (v === 0);
    b.term = { op: 'br', kind: same ? c.kind : negateCmp(c.kind), a: c.a, b: c.b, then: t.then, else: t.else };
    b.insts.splice(i, 1);
    changed = true;
  }
  return changed;
}

/** Instructions with no effect but their result. Division by a register may fault, so stays. */
function isPure(x: MInst): boolean {
  switch (x.op) {
    case 'const': case 'addr': case 'slot': case 'copy': case 'neg': case 'not': case 'cmp': case 'ext':
      return true;
    case 'bin':
      return !['udiv', 'sdiv', 'urem', 'srem'].includes(x.kind) || ('imm' in x.b && x.b.imm !== 0);
    case 'intrinsic':
      return x.name === 'core_id' || x.name === 'cycles';
    default:
      return false;
  }
}

export function removeDeadCode(fn: MFunction, cache?: CountCache): boolean {
  let changed = false;
  for (;;) {
    // after a round that removed something the cached counts are stale
    const { uses } = changed ? useCounts(fn) : countsOf(fn, cache);
    let round = false;
    for (const b of live(fn)) {
      const keep: MInst[] = [];
      b.insts.forEach((x, i) => {
        const d = defOf(x);
        if (x.op === 'copy' && 'r' in x.src && x.src.r === x.dst) { round = true; return; }
        if (d !== null && uses[d] === 0) {
          if (isPure(x)) { round = true; return; }
          if (x.op === 'call' || x.op === 'intrinsic') { x.dst = null; round = true; }
        }
        // consecutive line markers: only the last one describes code
        if (x.op === 'loc' && b.insts[i + 1]?.op === 'loc') { round = true; return; }
        keep.push(x);
      });
      b.insts = keep;
    }
    if (!round) return changed;
    changed = true;
  }
}

/** where a jump to t ends up, following forwarding blocks (stopping at a cycle) */
function resolveJump(fwd: Map<number, number>, t: number): number {
  const seen = new Set<number>();
  while (fwd.has(t) && !seen.has(t)) { seen.add(t); t = fwd.get(t)!; }
  return t;
}

/** Branches to an empty block that only jumps go straight to its target. */
function threadJumps(fn: MFunction): boolean {
  const fwd = new Map<number, number>();
  fn.blocks.forEach((b, i) => {
    if (!b.dead && b.term.op === 'jmp' && b.term.target !== i && b.insts.every((x) => x.op === 'loc')) fwd.set(i, b.term.target);
  });
  let changed = false;
  for (const b of live(fn)) {
    const t = b.term;
    if (t.op === 'jmp') {
      const n = resolveJump(fwd, t.target);
      if (n !== t.target) { t.target = n; changed = true; }
    } else if (t.op === 'br') {
      const th = resolveJump(fwd, t.then), el = resolveJump(fwd, t.else);
      if (th !== t.then || el !== t.else) { t.then = th; t.else = el; changed = true; }
      if (th === el) { b.term = { op: 'jmp', target: th }; changed = true; }
    }
  }
  if (changed) markDead(fn);
  return changed;
}

/** instructions in block i, line markers aside */
function codeSize(fn: MFunction, i: number): number {
  return fn.blocks[i]!.insts.filter((x) => x.op !== 'loc').length;
}

/** Copy small blocks into the end of blocks that jump to them, to save executed jumps:
 *  - a loop header that only tests (`while` conditions) into each block that jumps back to it,
 *    so the loop runs one conditional branch per iteration instead of a jump and a branch;
 *  - a block that only returns into every block that jumps to it. */
export function duplicateTails(fn: MFunction, order: number[]): void {
  const pos = new Map(order.map((b, i) => [b, i]));
  for (const bi of order) {
    const b = fn.blocks[bi]!;
    if (b.term.op !== 'jmp') continue;
    const ti = b.term.target;
    const t = fn.blocks[ti]!;
    const backEdge = pos.get(ti)! <= pos.get(bi)!;
    const ok = (t.term.op === 'br' && backEdge && ti !== bi && codeSize(fn, ti) <= 4) || (t.term.op === 'ret' && codeSize(fn, ti) <= 2);
    if (!ok) continue;
    // temporaries local to the copied block get fresh vregs in the copy, so that both copies
    // keep single definitions (later passes such as load fusion rely on them)
    const { uses, defs } = useCounts(fn);
    const localUses = new Map<VReg, number>();
    for (const x of t.insts) forEachUse(x, (v) => { localUses.set(v, (localUses.get(v) ?? 0) + 1); });
    for (const v of termUses(t.term)) localUses.set(v, (localUses.get(v) ?? 0) + 1);
    const fresh = new Map<VReg, VReg>();
    const usedSoFar = new Set<VReg>();
    const copy = t.insts.map((x) => {
      const y = cloneInst(x);
      forEachUse(x, (v) => { usedSoFar.add(v); });
      renameUses(y, (v) => fresh.get(v) ?? v);
      const d = defOf(y);
      if (d !== null && defs[d] === 1 && uses[d] === (localUses.get(d) ?? 0) && !usedSoFar.has(d) && !fn.params.includes(d)) {
        const n = fn.nvregs++;
        fresh.set(d, n);
        (y as { dst: VReg }).dst = n;
      }
      return y;
    });
    b.insts.push(...copy);
    b.term = cloneTerm(t.term);
    renameTermUses(b.term, (v) => fresh.get(v) ?? v);
  }
  markDead(fn);
}
