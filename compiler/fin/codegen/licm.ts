// Loop-invariant code motion: computations inside a loop whose operands do not change in the
// loop move to a preheader (a block run once before the loop), innermost loops first so that
// invariants can move out of several levels. `a[i][k]` in a loop over k computes the row
// address `a + i*800` once per row instead of once per element.
//
// Only instructions that cannot fault and have no effect but their result move (they may then
// run when the loop body would not have: harmless), and only definitions of single-definition
// vregs (so every use still sees the same value). Loads stay: the loop may store to memory.
// Which instructions are worth a register for the whole loop is the personality's choice.
import type { VReg } from '../ir/ir.ts';
import { defOf, layoutOrder, naturalLoops, predecessors, useCounts, usesOf, type MFunction, type MInst } from './mir.ts';

function safeToHoist(x: MInst): boolean {
  switch (x.op) {
    case 'const': case 'addr': case 'slot': case 'copy': case 'neg': case 'not': case 'cmp': case 'ext':
      return true;
    case 'bin':
      return !['udiv', 'sdiv', 'urem', 'srem'].includes(x.kind) || ('imm' in x.b && x.b.imm !== 0);
    default:
      return false;
  }
}

export function hoistInvariants(fn: MFunction, worth: (x: MInst) => boolean, reassociate = false): void {
  const order = layoutOrder(fn);
  const loops = [...naturalLoops(fn, order).entries()]
    .filter(([h]) => h !== 0) // the entry block cannot get a preheader in front of it
    .sort((a, b) => a[1].size - b[1].size); // innermost (smallest) first
  const pos = new Map(order.map((b, i) => [b, i]));
  const params = new Set(fn.params);
  for (const [header, body] of loops) {
    let { defs } = useCounts(fn);
    // vregs defined inside the loop
    const definedIn = new Set<VReg>();
    for (const b of body) for (const x of fn.blocks[b]!.insts) { const d = defOf(x); if (d !== null) definedIn.add(d); }
    const hoisted: MInst[] = [];
    const invariant = (v: VReg): boolean => !definedIn.has(v);
    const blocks = [...body].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0));
    const hoist = (): void => {
      for (let again = true; again;) {
        again = false;
        for (const b of blocks) {
          const blk = fn.blocks[b]!;
          blk.insts = blk.insts.filter((x) => {
            const d = defOf(x);
            if (d === null || !safeToHoist(x) || !worth(x) || defs[d] !== 1 || params.has(d)) return true;
            if (!usesOf(x).every(invariant)) return true;
            hoisted.push(x);
            definedIn.delete(d);
            again = true;
            return false;
          });
        }
      }
    };
    hoist();
    if (reassociate && reassociateAddresses(fn, blocks, invariant, definedIn)) {
      ({ defs } = useCounts(fn));
      hoist();
    }
    if (hoisted.length === 0) continue;
    const pre = preheader(fn, header, body);
    pre.insts.push(...hoisted);
    // a new preheader belongs to every loop around this one
    for (const [h, outer] of loops) if (h !== header && outer.has(header)) outer.add(pre.id);
  }
}

/** arm: an address [inv + var, index << k] whose index is invariant in the loop becomes
 *  [inv + (index << k), var]: the sum moves out of the loop (a[k][j] in a loop over k reads
 *  [b + j*4, k*800] with `b + j*4` computed once). The new vregs count as defined in the loop
 *  until the second hoisting round moves them out. */
function reassociateAddresses(fn: MFunction, blocks: number[], invariant: (v: VReg) => boolean, definedIn: Set<VReg>): boolean {
  const { uses, defs } = useCounts(fn);
  let changed = false;
  for (const b of blocks) {
    const blk = fn.blocks[b]!;
    for (let i = 0; i < blk.insts.length; i++) {
      const x = blk.insts[i]!;
      if (x.op !== 'load' && x.op !== 'store') continue;
      const m = x.mem;
      if (m.base === null || m.index === null || m.disp !== 0 || !invariant(m.index)) continue;
      const base = m.base;
      if (defs[base] !== 1 || uses[base] !== 1) continue;
      let j = i - 1;
      while (j >= 0 && defOf(blk.insts[j]!) !== base) j--;
      if (j < 0) continue;
      const add = blk.insts[j]!;
      if (add.op !== 'bin' || add.kind !== 'add' || !('r' in add.b)) continue;
      const [inv, vary] = invariant(add.a) && !invariant(add.b.r) ? [add.a, add.b.r] : invariant(add.b.r) && !invariant(add.a) ? [add.b.r, add.a] : [-1, -1];
      if (inv < 0) continue;
      let stable = true;
      for (let k = j + 1; k < i; k++) if (defOf(blk.insts[k]!) === vary) stable = false;
      if (!stable) continue;
      const insert: MInst[] = [];
      let scaled = m.index;
      if (m.shift) {
        scaled = fn.nvregs++;
        definedIn.add(scaled);
        insert.push({ op: 'bin', kind: 'shl', dst: scaled, a: m.index, b: { imm: m.shift } });
      }
      const q = fn.nvregs++;
      definedIn.add(q);
      insert.push({ op: 'bin', kind: 'add', dst: q, a: inv, b: { r: scaled } });
      m.base = q; m.index = vary; m.shift = 0;
      blk.insts.splice(j, 1);
      blk.insts.splice(i - 1, 0, ...insert);
      i += insert.length - 1;
      changed = true;
    }
  }
  return changed;
}

/** The block every entry into the loop passes through just before its header: the single
 *  outside predecessor when it only jumps there, else a new block the outside edges go to. */
function preheader(fn: MFunction, header: number, body: Set<number>) {
  const outside = predecessors(fn)[header]!.filter((p) => !body.has(p));
  if (outside.length === 1) {
    const p = fn.blocks[outside[0]!]!;
    if (p.term.op === 'jmp') return p;
  }
  const id = fn.blocks.length;
  fn.blocks.push({ id, insts: [], term: { op: 'jmp', target: header }, dead: false });
  for (const p of outside) {
    const t = fn.blocks[p]!.term;
    if (t.op === 'jmp' && t.target === header) t.target = id;
    else if (t.op === 'br') {
      if (t.then === header) t.then = id;
      if (t.else === header) t.else = id;
    }
  }
  return fn.blocks[id]!;
}
