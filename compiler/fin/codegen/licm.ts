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

export function hoistInvariants(fn: MFunction, worth: (x: MInst) => boolean): void {
  const order = layoutOrder(fn);
  const loops = [...naturalLoops(fn, order).entries()]
    .filter(([h]) => h !== 0) // the entry block cannot get a preheader in front of it
    .sort((a, b) => a[1].size - b[1].size); // innermost (smallest) first
  const pos = new Map(order.map((b, i) => [b, i]));
  const params = new Set(fn.params);
  for (const [header, body] of loops) {
    const { defs } = useCounts(fn);
    // vregs defined inside the loop
    const definedIn = new Set<VReg>();
    for (const b of body) for (const x of fn.blocks[b]!.insts) { const d = defOf(x); if (d !== null) definedIn.add(d); }
    const hoisted: MInst[] = [];
    const invariant = (v: VReg): boolean => !definedIn.has(v);
    const blocks = [...body].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0));
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
    if (hoisted.length === 0) continue;
    const pre = preheader(fn, header, body);
    pre.insts.push(...hoisted);
    // a new preheader belongs to every loop around this one
    for (const [h, outer] of loops) if (h !== header && outer.has(header)) outer.add(pre.id);
  }
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
