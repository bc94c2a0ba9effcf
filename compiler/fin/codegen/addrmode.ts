// Address-mode selection: fold the arithmetic that computes an address into the memory operand
// of the load, store or memcpy that uses it, as far as the personality's addressing allows.
//   x86: [base + index*2^k + disp], base a register, the frame (a stack slot), a symbol, or none
//   arm: [rn, #simm16] or [rn, rm, lsl #k] (no displacement with an index); slots are fp-based
// A folded vreg whose other uses disappear is then removed as dead code, so it never needs a
// register. Pure constants (slot, addr, const) fold wherever they are used; arithmetic folds
// only into memory operands of the same block, later than the arithmetic, with no redefinition
// of its operands in between (vregs of local variables may be reassigned).
import type { VReg } from '../ir/ir.ts';
import { defOf, useCounts, usesOf, type Mem, type MFunction, type MInst } from './mir.ts';
import { removeDeadCode } from './simplify.ts';

export interface AddrModes {
  /** a symbol can be the base (x86 absolute addressing) */
  symbolBase: boolean;
  /** a constant can be the whole address (x86) */
  absolute: boolean;
  /** an index register can be combined with a displacement (x86) */
  indexWithDisp: boolean;
  /** an index needs no base register ([index*4 + symbol], x86) */
  baseOptional: boolean;
  /** displacement range for a register or frame base */
  dispMin: number;
  dispMax: number;
}

export const X86_MODES: AddrModes = { symbolBase: true, absolute: true, indexWithDisp: true, baseOptional: true, dispMin: -0x80000000, dispMax: 0x7fffffff };
export const ARM_MODES: AddrModes = { symbolBase: false, absolute: false, indexWithDisp: false, baseOptional: false, dispMin: -32768, dispMax: 32767 };

interface Site { block: number; index: number }

export function selectAddressModes(fn: MFunction, modes: AddrModes): void {
  if (!modes.symbolBase) moveSymbolOffsets(fn, modes);
  // each round folds one level of arithmetic whose other uses the previous round removed
  for (let round = 0; round < 6 && foldRound(fn, modes); round++) removeDeadCode(fn);
  if (modes.symbolBase && formLeas(fn)) removeDeadCode(fn);
}

/** x86: address arithmetic used as a value (`&a[i]`, `p + i*4`) that combines a symbol or a
 *  scaled index becomes one `lea dst, [base + index*2^k + symbol + disp]`. */
function formLeas(fn: MFunction): boolean {
  const { uses, defs } = useCounts(fn);
  const defAt = new Map<VReg, { block: number; index: number }>();
  fn.blocks.forEach((b, bi) => {
    if (b.dead) return;
    b.insts.forEach((x, i) => { const d = defOf(x); if (d !== null && defs[d] === 1 && !fn.params.includes(d)) defAt.set(d, { block: bi, index: i }); });
  });
  const symbolOf = (v: VReg): { sym: string; off: number } | null => {
    const s = defAt.get(v);
    const x = s && fn.blocks[s.block]!.insts[s.index]!;
    return x && x.op === 'addr' ? { sym: x.symbol, off: x.offset } : null;
  };
  /** z and k when v = z << k (k <= 3), used only here, z unchanged up to `at` */
  const scaled = (v: VReg, block: number, at: number): { z: VReg; k: number; disp: number } | null => {
    const s = defAt.get(v);
    if (!s || s.block !== block || s.index >= at || uses[v] !== 1) return null;
    const insts = fn.blocks[block]!.insts;
    const x = insts[s.index]!;
    if (x.op !== 'bin' || x.kind !== 'shl' || !('imm' in x.b) || x.b.imm < 1 || x.b.imm > 3) return null;
    for (let j = s.index + 1; j < at; j++) if (defOf(insts[j]!) === x.a) return null;
    // (w + c) << k is w << k plus a displacement (a[i + 1])
    const inner = defAt.get(x.a);
    const y = inner && inner.block === block && uses[x.a] === 1 ? insts[inner.index]! : null;
    if (y && y.op === 'bin' && y.kind === 'add' && 'imm' in y.b) {
      let stable = true;
      for (let j = inner!.index + 1; j < at; j++) if (defOf(insts[j]!) === y.a) stable = false;
      if (stable) return { z: y.a, k: x.b.imm, disp: (y.b.imm << x.b.imm) | 0 };
    }
    return { z: x.a, k: x.b.imm, disp: 0 };
  };
  let changed = false;
  fn.blocks.forEach((b, bi) => {
    if (b.dead) return;
    b.insts.forEach((x, i) => {
      if (x.op !== 'bin' || x.kind !== 'add') return;
      const m: Mem = { base: null, slot: null, sym: null, index: null, shift: 0, disp: 0 };
      let absorbed = 0;
      const place = (v: VReg): boolean => {
        const sym = symbolOf(v);
        if (sym && m.sym === null) { m.sym = sym.sym; m.disp += sym.off; absorbed++; return true; }
        const sc = scaled(v, bi, i);
        if (sc && m.index === null) { m.index = sc.z; m.shift = sc.k; m.disp = (m.disp + sc.disp) | 0; absorbed++; return true; }
        if (m.base === null) { m.base = v; return true; }
        if (m.index === null) { m.index = v; return true; }
        return false;
      };
      if (!place(x.a)) return;
      if ('imm' in x.b) m.disp = (m.disp + x.b.imm) | 0;
      else if (!place(x.b.r)) return;
      if (absorbed === 0) return;
      b.insts[i] = { op: 'lea', dst: x.dst, mem: m };
      changed = true;
    });
  });
  return changed;
}

function foldRound(fn: MFunction, modes: AddrModes): boolean {
  const { uses, defs } = useCounts(fn);
  const defSite = new Map<VReg, Site>();
  fn.blocks.forEach((b, bi) => {
    if (b.dead) return;
    b.insts.forEach((x, i) => {
      const d = defOf(x);
      if (d !== null && defs[d] === 1 && !fn.params.includes(d)) defSite.set(d, { block: bi, index: i });
    });
  });
  // uses of each vreg as a memory-operand base or index, when they are all in one block
  const memUses = new Map<VReg, { block: number; count: number }>();
  fn.blocks.forEach((b, bi) => {
    if (b.dead) return;
    for (const x of b.insts) {
      for (const m of memsOf(x)) {
        for (const v of [m.base, m.index]) {
          if (v === null) continue;
          const e = memUses.get(v);
          if (!e) memUses.set(v, { block: bi, count: 1 });
          else if (e.block !== bi) e.count = -Infinity;
          else e.count++;
        }
      }
    }
  });
  const addUsers = new Map<VReg, VReg[]>();
  fn.blocks.forEach((b) => {
    if (b.dead) return;
    for (const x of b.insts) {
      if (x.op !== 'bin' || x.kind !== 'add' || !('r' in x.b)) continue;
      for (const v of [x.a, x.b.r]) { const l = addUsers.get(v); if (l) l.push(x.dst); else addUsers.set(v, [x.dst]); }
    }
  });
  // vregs whose every use is an operand of an `add` whose every use is a memory operand
  const onlyAddressAdds = new Set<VReg>();
  for (const [v, users] of addUsers) {
    if (users.length === uses[v] && users.every((u) => { const mu = memUses.get(u); return mu !== undefined && mu.count === uses[u]; })) onlyAddressAdds.add(v);
  }

  const folder = new BaseFolder(fn, modes, uses, defSite, memUses, onlyAddressAdds);
  let changed = false;
  fn.blocks.forEach((b, bi) => {
    if (b.dead) return;
    b.insts.forEach((x, i) => {
      for (const m of memsOf(x)) {
        // memcpy addresses every word of its operands: arm keeps them base + displacement
        const allowIndex = x.op !== 'memcpy' || modes.indexWithDisp;
        for (let n = 0; n < 8 && folder.foldBase(m, bi, i, allowIndex); n++) changed = true;
      }
    });
  });
  return changed;
}

/** The folding steps of one round, over the def sites and use counts computed for it (a class
 *  rather than closures made per round: tsx's esbuild keepNames gives each named closure a
 *  defineProperty call when it is created). */
class BaseFolder {
  constructor(
    private readonly fn: MFunction,
    private readonly modes: AddrModes,
    private readonly uses: Int32Array,
    private readonly defSite: Map<VReg, Site>,
    private readonly memUses: Map<VReg, { block: number; count: number }>,
    private readonly onlyAddressAdds: Set<VReg>,
  ) {}

  instAt(s: Site): MInst {
    return this.fn.blocks[s.block]!.insts[s.index]!;
  }

  /** the `bin` defining v, if it can be re-evaluated at instruction `at` of `block`: defined
   *  earlier in the same block, operands not redefined in between */
  movable(v: VReg, block: number, at: number): MInst | null {
    const s = this.defSite.get(v);
    if (!s || s.block !== block || s.index >= at) return null;
    const x = this.instAt(s);
    if (x.op !== 'bin') return null;
    const operands = usesOf(x);
    const insts = this.fn.blocks[block]!.insts;
    for (let j = s.index + 1; j < at; j++) {
      const d = defOf(insts[j]!);
      if (d !== null && operands.includes(d)) return null;
    }
    return x;
  }
  constDef(v: VReg): MInst | null {
    const s = this.defSite.get(v);
    if (!s) return null;
    const x = this.instAt(s);
    return x.op === 'slot' || x.op === 'addr' || x.op === 'const' ? x : null;
  }

  /** fold one step of m's base; returns true when m changed */
  foldBase(m: Mem, block: number, at: number, allowIndex: boolean): boolean {
    // an index (w + c) << k is w << k with c << k added to the displacement (a[i + 1])
    if (m.index !== null && this.modes.indexWithDisp && this.uses[m.index] === 1) {
      const y = this.movable(m.index, block, at);
      if (y && y.op === 'bin' && y.kind === 'add' && 'imm' in y.b) {
        m.index = y.a;
        m.disp = (m.disp + (y.b.imm << m.shift)) | 0;
        return true;
      }
    }
    if (m.base === null) return false;
    const c = this.constDef(m.base);
    if (c) {
      if (c.op === 'slot') {
        const disp = m.disp + c.offset;
        if (m.index !== null && !this.modes.indexWithDisp) return false;
        if (disp < this.modes.dispMin || disp > this.modes.dispMax) return false;
        m.base = null; m.slot = c.slot; m.disp = disp;
        return true;
      }
      if (c.op === 'addr' && this.modes.symbolBase) {
        m.base = null; m.sym = c.symbol; m.disp = (m.disp + c.offset) | 0;
        return true;
      }
      if (c.op === 'const' && this.modes.absolute) {
        m.base = null; m.disp = (m.disp + c.value) | 0;
        return true;
      }
      return false;
    }
    // arithmetic folds only when all its uses are memory operands (else it stays computed and
    // folding would just keep its operands alive longer)
    const mu = this.memUses.get(m.base);
    if (!mu || mu.count !== this.uses[m.base]) return false;
    const x = this.movable(m.base, block, at);
    if (!x || x.op !== 'bin') return false;
    if ((x.kind === 'add' || x.kind === 'sub') && 'imm' in x.b) {
      const disp = x.kind === 'add' ? m.disp + x.b.imm : m.disp - x.b.imm;
      if (disp < this.modes.dispMin || disp > this.modes.dispMax) return false;
      if (m.index !== null && disp !== 0 && !this.modes.indexWithDisp) return false;
      m.base = x.a; m.disp = disp;
      return true;
    }
    if (x.kind === 'shl' && 'imm' in x.b && x.b.imm >= 0 && x.b.imm <= 3 && m.index === null && this.modes.baseOptional && allowIndex) {
      // [v << k + disp]: a scaled index with no base (x86 [ecx*4 + table])
      m.base = null; m.index = x.a; m.shift = x.b.imm;
      return true;
    }
    if (x.kind === 'add' && 'r' in x.b && m.sym === null && m.slot === null) {
      // x86: a symbol or the frame on one side folds into the displacement, the other side
      // stays the base (or becomes the index beside the frame pointer)
      for (const [k, other] of [[x.a, x.b.r], [x.b.r, x.a]] as const) {
        const c = this.constDef(k);
        if (c?.op === 'addr' && this.modes.symbolBase) {
          m.base = other; m.sym = c.symbol; m.disp = (m.disp + c.offset) | 0;
          return true;
        }
        if (c?.op === 'slot' && this.modes.indexWithDisp && m.index === null && allowIndex) {
          m.base = null; m.slot = c.slot; m.index = other; m.shift = 0; m.disp = (m.disp + c.offset) | 0;
          return true;
        }
      }
    }
    if (x.kind === 'add' && 'r' in x.b && m.index === null && allowIndex) {
      if (m.disp !== 0 && !this.modes.indexWithDisp) return false;
      // one side becomes the index, scaled when it is a small left shift used only here
      const sb = this.scaledIndex(x.b.r, block, at), sa = sb ? null : this.scaledIndex(x.a, block, at);
      if (sb) { m.base = x.a; m.index = sb.index; m.shift = sb.shift; }
      else if (sa) { m.base = x.b.r; m.index = sa.index; m.shift = sa.shift; }
      else { m.base = x.a; m.index = x.b.r; m.shift = 0; }
      return true;
    }
    return false;
  }

  /** one side of an address `add` as an index, scaled when it is a small left shift used only here */
  scaledIndex(v: VReg, block: number, at: number): { index: VReg; shift: number } | null {
    // a scaled index shared by several address computations folds into each of them
    if (this.uses[v] !== 1 && !this.onlyAddressAdds.has(v)) return null;
    const y = this.movable(v, block, at);
    return y && y.op === 'bin' && y.kind === 'shl' && 'imm' in y.b && y.b.imm >= 0 && y.b.imm <= 3 ? { index: y.a, shift: y.b.imm } : null;
  }
}

/** Without symbol bases (arm), `t = addr sym+off` used only as memory bases becomes
 *  `t = addr sym` with `off` in each displacement, so one register (reused by cse.ts) serves
 *  every field of a global instead of a movw/movt pair per field. */
function moveSymbolOffsets(fn: MFunction, modes: AddrModes): void {
  const { uses, defs } = useCounts(fn);
  const mems = new Map<VReg, Mem[]>();
  for (const b of fn.blocks) {
    if (b.dead) continue;
    for (const x of b.insts) for (const m of memsOf(x)) if (m.base !== null && m.index === null) {
      const l = mems.get(m.base);
      if (l) l.push(m); else mems.set(m.base, [m]);
    }
  }
  for (const b of fn.blocks) {
    if (b.dead) continue;
    for (const x of b.insts) {
      if (x.op !== 'addr' || x.offset === 0 || defs[x.dst] !== 1) continue;
      const ms = mems.get(x.dst) ?? [];
      if (ms.length !== uses[x.dst]) continue;
      if (!ms.every((m) => m.disp + x.offset >= modes.dispMin && m.disp + x.offset <= modes.dispMax)) continue;
      for (const m of ms) m.disp += x.offset;
      x.offset = 0;
    }
  }
}

function memsOf(x: MInst): Mem[] {
  switch (x.op) {
    case 'load': case 'store': return [x.mem];
    case 'memcpy': return [x.dst, x.src];
    default: return [];
  }
}
