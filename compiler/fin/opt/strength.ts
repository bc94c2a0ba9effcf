// Strength reduction of induction-variable multiplications in innermost loops.
//
// A basic induction variable of a loop is a vreg whose only definition inside the loop adds a
// constant to it: `i = add i, c`, or the lowering's `t = add i, c; i = copy t` (t defined once,
// in the same block). A multiplication `d = mul i, C` (or `shl i, s`) then grows by C*c per
// step, so it can be kept in a new vreg p instead: `p = mul i, C` once in the preheader, and
// `p = add p, C*c` right after each step of i, so that p == i*C holds everywhere in the loop
// (all arithmetic is modulo 2^32, where multiplication distributes over addition). The
// multiplication becomes `d = copy p`.
//
// When d's only use is a following `add` of a loop-invariant value in the same block (no step
// of i in between), the add joins the reduced expression (repeatedly): `b + k*800 + j*4` in
// `b[k][j]` becomes one pointer bumped by 800 per iteration. An invariant may be a vreg with no
// definition in the loop, an immediate, or a single-definition const/addr/slot (re-made in the
// preheader).
//
// Scales 1, 2, 4 and 8 are left alone: address modes fold them for free. Only innermost loops
// are reduced: elsewhere a multiplication runs once per inner loop and the new vreg would
// occupy a register through the whole nest.
import type { Inst, IrFunction, IrModule, Operand, VReg } from '../ir/ir.ts';
import { defOf, defUseCounts, ensurePreheader, naturalLoops, predecessors, usesOf, type Loop } from './cfg.ts';

interface BasicIv { v: VReg; step: number; after: Inst }
interface Link { x: Inst & { op: 'bin' }; other: Operand; sub: boolean }

/** the step when y is `v = v +/- c` (module-level, not a closure per call: tsx's esbuild
 *  keepNames gives every named closure a defineProperty call when it is created) */
function stepOf(y: Inst | undefined, v: VReg): number | null {
  return y && y.op === 'bin' && (y.kind === 'add' || y.kind === 'sub') && y.a === v && 'imm' in y.b ? (y.kind === 'add' ? y.b.imm | 0 : -y.b.imm | 0) : null;
}

export function reduceStrength(fn: IrFunction): boolean {
  const all = naturalLoops(fn).filter((l) => l.header !== 0);
  const innermost = all.filter((l) => !all.some((o) => o !== l && l.body.has(o.header)));
  let changed = false;
  for (const loop of innermost) changed = reduceLoop(fn, loop) || changed;
  return changed;
}

function reduceLoop(fn: IrFunction, loop: Loop): boolean {
  const { defs, uses } = defUseCounts(fn);
  const params = new Set(fn.params);
  // definitions inside the loop, and where each instruction is
  const defsIn = new Map<VReg, Inst[]>();
  const where = new Map<Inst, { b: number; i: number }>();
  const defInst = new Map<VReg, Inst>(); // single-definition vregs
  for (const b of fn.blocks.keys()) {
    fn.blocks[b]!.insts.forEach((x, i) => {
      const d = defOf(x);
      if (d !== null && defs[d] === 1) defInst.set(d, x);
      if (!loop.body.has(b)) return;
      where.set(x, { b, i });
      if (d !== null) { const l = defsIn.get(d) ?? []; l.push(x); defsIn.set(d, l); }
    });
  }

  const basic = new Map<VReg, BasicIv | null>();
  const basicIv = (v: VReg): BasicIv | null => {
    if (basic.has(v)) return basic.get(v)!;
    let iv: BasicIv | null = null;
    const ds = defsIn.get(v);
    if (ds && ds.length === 1) {
      const x = ds[0]!;
      if (x.op === 'bin') {
        const s = stepOf(x, v);
        if (s !== null) iv = { v, step: s, after: x };
      } else if (x.op === 'copy' && 'r' in x.src && defs[x.src.r] === 1) {
        const t = defInst.get(x.src.r);
        const s = stepOf(t, v);
        const wt = t && where.get(t), wx = where.get(x)!;
        if (s !== null && wt && wt.b === wx.b && wt.i < wx.i) iv = { v, step: s, after: x };
      }
    }
    basic.set(v, iv);
    return iv;
  };

  /** a value the loop does not change, and how to have it in the preheader */
  const invariant = (o: Operand): { ok: boolean; remake?: Inst } => {
    if ('imm' in o) return { ok: true };
    if (!defsIn.has(o.r)) return { ok: true };
    const x = defInst.get(o.r);
    if (x && (x.op === 'const' || x.op === 'addr' || x.op === 'slot') && !params.has(o.r)) return { ok: true, remake: x };
    return { ok: false };
  };

  const replace = new Map<Inst, Inst | null>();
  const after = new Map<Inst, Inst[]>();
  const pre: Inst[] = [];
  const used = new Set<Inst>();
  for (const b of [...loop.body].sort((p, q) => p - q)) {
    const insts = fn.blocks[b]!.insts;
    for (let i = 0; i < insts.length; i++) {
      const x = insts[i]!;
      if (x.op !== 'bin' || (x.kind !== 'mul' && x.kind !== 'shl') || !('imm' in x.b) || defs[x.dst] !== 1 || used.has(x)) continue;
      const scale = x.kind === 'mul' ? x.b.imm | 0 : 1 << (x.b.imm & 31);
      if ([0, 1, 2, 4, 8].includes(scale)) continue;
      const iv = basicIv(x.a);
      if (!iv || iv.v === x.dst) continue;
      const ivAt = where.get(iv.after)!;
      // the step of i must not fall between two links of the chain (their values would differ)
      // follow single-use adds of invariants
      const chain: Link[] = [];
      let cur = x.dst, curAt = i;
      for (;;) {
        if (uses[cur] !== 1) break;
        let k = curAt + 1;
        while (k < insts.length && !usesOf(insts[k]!).includes(cur)) k++;
        const y = insts[k];
        if (!y || y.op !== 'bin' || defs[y.dst] !== 1 || params.has(y.dst) || (ivAt.b === b && ivAt.i > curAt && ivAt.i < k)) break;
        let other: Operand | null = null, sub = false;
        if (y.kind === 'add') other = y.a === cur ? y.b : { r: y.a };
        else if (y.kind === 'sub' && y.a === cur && 'imm' in y.b) { other = y.b; sub = true; }
        if (!other || !invariant(other).ok) break;
        chain.push({ x: y, other, sub });
        cur = y.dst;
        curAt = k;
      }
      // the preheader computes the start value from i's value on entry
      const p = fn.nvregs++;
      let acc = chain.length ? fn.nvregs++ : p;
      pre.push({ op: 'bin', kind: x.kind, dst: acc, a: x.a, b: { imm: x.b.imm } });
      chain.forEach((l, n) => {
        let o = l.other;
        const inv = invariant(o);
        if (inv.remake) {
          const t = fn.nvregs++;
          pre.push({ ...inv.remake, dst: t } as Inst);
          o = { r: t };
        }
        const dst = n === chain.length - 1 ? p : fn.nvregs++;
        pre.push({ op: 'bin', kind: l.sub ? 'sub' : 'add', dst, a: acc, b: o });
        acc = dst;
      });
      const last = chain.length ? chain[chain.length - 1]!.x : x;
      replace.set(last, { op: 'copy', dst: last.dst, src: { r: p } });
      if (chain.length) { replace.set(x, null); for (const l of chain.slice(0, -1)) replace.set(l.x, null); }
      used.add(x);
      for (const l of chain) used.add(l.x);
      const delta = Math.imul(iv.step, scale);
      if (delta !== 0) {
        const l = after.get(iv.after) ?? [];
        l.push({ op: 'bin', kind: 'add', dst: p, a: p, b: { imm: delta } });
        after.set(iv.after, l);
      }
    }
  }
  if (pre.length === 0) return false;
  const preheader = ensurePreheader(fn, loop, predecessors(fn));
  fn.blocks[preheader]!.insts.push(...pre);
  for (const b of loop.body) {
    const blk = fn.blocks[b]!;
    const out: Inst[] = [];
    for (const x of blk.insts) {
      const r = replace.has(x) ? replace.get(x)! : x;
      if (r) out.push(r);
      const extra = after.get(x);
      if (extra) out.push(...extra);
    }
    blk.insts = out;
  }
  return true;
}

export function strengthModule(mod: IrModule): IrModule {
  for (const fn of mod.functions) reduceStrength(fn);
  return mod;
}
