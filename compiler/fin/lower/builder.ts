// Building one IR function: blocks, virtual registers, stack slots, and where each Fin local
// lives. Scalars whose address is never taken live in vregs; everything else lives in memory.
import type { Block, Inst, IrFunction, Operand, Terminator, VReg } from '../ir/ir.ts';

/** Where a value lives: a vreg (scalar locals) or memory at addr + offset. */
export type Place = { kind: 'reg'; v: VReg } | { kind: 'mem'; addr: VReg; offset: number };

export class FnBuilder {
  readonly fn: IrFunction;
  private cur: Block;
  /** false after a terminator until a new block is started: code there is unreachable */
  private open = true;

  constructor(name: string, global: boolean, file: string, returnsValue: boolean) {
    this.fn = { name, global, params: [], returnsValue, nvregs: 0, slots: [], blocks: [], file };
    this.cur = this.newBlock();
  }

  vreg(): VReg {
    return this.fn.nvregs++;
  }
  slot(size: number, align: number): number {
    this.fn.slots.push({ size: Math.max(size, 1), align: Math.max(align, 1) });
    return this.fn.slots.length - 1;
  }
  newBlock(): Block {
    const b: Block = { id: this.fn.blocks.length, insts: [], term: { op: 'unreachable' } };
    this.fn.blocks.push(b);
    return b;
  }

  get reachable(): boolean {
    return this.open;
  }
  /** Continue emitting into `b` (which must not have been terminated yet). */
  enter(b: Block): void {
    this.cur = b;
    this.open = true;
  }
  emit(i: Inst): void {
    if (this.open) this.cur.insts.push(i);
  }
  terminate(t: Terminator): void {
    if (!this.open) return;
    this.cur.term = t;
    this.open = false;
  }
  jump(to: Block): void {
    this.terminate({ op: 'jmp', target: to.id });
  }

  /** A vreg holding the operand (materialising constants). */
  reg(o: Operand): VReg {
    if ('r' in o) return o.r;
    const v = this.vreg();
    this.emit({ op: 'const', dst: v, value: o.imm | 0 });
    return v;
  }
}
