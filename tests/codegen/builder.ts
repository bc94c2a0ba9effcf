// A small hand-builder for IR functions and modules, so code-generation tests can state
// programs directly. Plain numbers are vregs; immediates are written imm(n).
import type {
  BinKind, Block, CmpKind, DataItem, ExtKind, Inst, IntrinsicName, IrFunction, IrGlobal, IrModule, Operand, Slot, Terminator, VReg, Width,
} from '../../compiler/fin/ir/ir.ts';

export interface Imm { imm: number }
export const imm = (n: number): Imm => ({ imm: n });
export type Src = VReg | Imm;
const op = (s: Src): Operand => (typeof s === 'number' ? { r: s } : { imm: s.imm });

export class Fn {
  readonly params: VReg[] = [];
  private nv = 0;
  private readonly blocks: Block[] = [];
  private readonly slots: Slot[] = [];
  private cur: Block;

  constructor(readonly name: string, nparams: number, private readonly opts: { returnsValue?: boolean; global?: boolean; file?: string } = {}) {
    for (let i = 0; i < nparams; i++) this.params.push(this.v());
    this.cur = this.blocks[this.block()]!;
  }

  v(): VReg { return this.nv++; }

  /** a new block (not current); returns its id */
  block(): number {
    const id = this.blocks.length;
    this.blocks.push({ id, insts: [], term: { op: 'unreachable' } });
    return id;
  }

  at(id: number): this { this.cur = this.blocks[id]!; return this; }
  get current(): number { return this.cur.id; }

  emit(x: Inst): void { this.cur.insts.push(x); }
  private term(t: Terminator): void { this.cur.term = t; }

  const(value: number): VReg { const dst = this.v(); this.emit({ op: 'const', dst, value }); return dst; }
  addr(symbol: string, offset = 0): VReg { const dst = this.v(); this.emit({ op: 'addr', dst, symbol, offset }); return dst; }
  slot(size: number, align = 4): number { this.slots.push({ size, align }); return this.slots.length - 1; }
  slotAddr(slot: number, offset = 0): VReg { const dst = this.v(); this.emit({ op: 'slot', dst, slot, offset }); return dst; }
  copy(dst: VReg, src: Src): VReg { this.emit({ op: 'copy', dst, src: op(src) }); return dst; }
  bin(kind: BinKind, a: VReg, b: Src, dst = this.v()): VReg { this.emit({ op: 'bin', kind, dst, a, b: op(b) }); return dst; }
  neg(a: VReg): VReg { const dst = this.v(); this.emit({ op: 'neg', dst, a }); return dst; }
  not(a: VReg): VReg { const dst = this.v(); this.emit({ op: 'not', dst, a }); return dst; }
  cmp(kind: CmpKind, a: VReg, b: Src): VReg { const dst = this.v(); this.emit({ op: 'cmp', kind, dst, a, b: op(b) }); return dst; }
  ext(kind: ExtKind, a: VReg): VReg { const dst = this.v(); this.emit({ op: 'ext', kind, dst, a }); return dst; }
  load(width: Width, addr: VReg, offset = 0, signed = false): VReg {
    const dst = this.v();
    this.emit({ op: 'load', width, signed, dst, addr, offset });
    return dst;
  }
  store(width: Width, src: Src, addr: VReg, offset = 0): void { this.emit({ op: 'store', width, src: op(src), addr, offset }); }
  call(target: string | VReg, args: VReg[], result = true): VReg {
    const dst = result ? this.v() : null;
    this.emit({ op: 'call', dst, target: typeof target === 'string' ? { symbol: target } : { r: target }, args });
    return dst ?? -1;
  }
  intrinsic(name: IntrinsicName, args: Src[], result = false): VReg {
    const dst = result ? this.v() : null;
    this.emit({ op: 'intrinsic', name, dst, args: args.map(op) });
    return dst ?? -1;
  }
  bounds(index: VReg, length: Src): void { this.emit({ op: 'bounds', index, length: op(length) }); }
  memcpy(dst: VReg, src: VReg, size: number): void { this.emit({ op: 'memcpy', dst, src, size }); }
  loc(line: number, col = 1, file = this.opts.file ?? 'test.fin'): void { this.emit({ op: 'loc', file, line, col }); }

  jmp(target: number): void { this.term({ op: 'jmp', target }); }
  br(kind: CmpKind, a: VReg, b: Src, then: number, els: number): void { this.term({ op: 'br', kind, a, b: op(b), then, else: els }); }
  ret(value?: Src): void { this.term({ op: 'ret', value: value === undefined ? null : op(value) }); }
  unreachable(): void { this.term({ op: 'unreachable' }); }

  build(): IrFunction {
    return {
      name: this.name, global: this.opts.global ?? true, params: [...this.params], returnsValue: this.opts.returnsValue ?? true,
      nvregs: this.nv, slots: [...this.slots], blocks: this.blocks, file: this.opts.file ?? 'test.fin',
    };
  }
}

export function global(name: string, size: number, init?: DataItem[], opts: { readonly?: boolean; align?: number; global?: boolean } = {}): IrGlobal {
  return { name, size, align: opts.align ?? 4, global: opts.global ?? false, readonly: opts.readonly ?? false, init };
}

export const words = (...vs: number[]): DataItem[] => vs.map((value) => ({ kind: 'word', value }));

export function module(functions: (Fn | IrFunction)[], globals: IrGlobal[] = [], externs: string[] = [], name = 'test'): IrModule {
  return { name, functions: functions.map((f) => (f instanceof Fn ? f.build() : f)), globals, externs };
}
