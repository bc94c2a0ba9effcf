// What both instruction selectors share: where each vreg lives, the stack frame's layout, the
// walk over the laid-out blocks with `.loc` line markers, and scratch registers.
//
// Scratch registers: an instruction whose operands are spilled, or whose form needs an extra
// register, takes one from the registers no value occupies at that instruction (plus the
// personality's dedicated scratch, arm's ip). When none is free it borrows a register the
// instruction does not touch, saving it with push/pop around the instruction; stack-relative
// addresses account for that (`pushDelta`). Frame slots and spills are addressed from the frame
// pointer, which pushes do not move.
import type { VReg } from '../ir/ir.ts';
import { defOf, successors, termUses, usesOf, type CmpKind, type MFunction, type MInst, type MTerm } from './mir.ts';
import type { Liveness } from './liveness.ts';
import { SPILLED, type Allocation } from './regalloc.ts';

/** Where a vreg lives: a register, a frame word (offset from the frame pointer), or the
 *  incoming stack argument word n. */
export type Loc = { k: 'reg'; r: number } | { k: 'frame'; off: number } | { k: 'arg'; n: number };

export interface Frame {
  locs: (Loc | null)[];
  /** frame-pointer offsets of the slots */
  slotOff: number[];
  /** bytes of slots and spills below the saved registers */
  localBytes: number;
}

/** Lay out slots and spill words below `savedBelowFp` saved registers. Spilled parameters that
 *  arrived on the stack stay there (`paramHome`). */
export function layoutFrame(fn: MFunction, alloc: Allocation, savedBelowFp: number, paramHome: (i: number) => Loc | null): Frame {
  // spill words first, next to the saved registers: they are the most used and keep small
  // offsets (arm's 16-bit displacements) even below large arrays
  let off = -4 * savedBelowFp;
  const paramIndex = new Map(fn.params.map((p, i) => [p, i]));
  const locs: (Loc | null)[] = new Array(fn.nvregs).fill(null);
  for (let v = 0; v < fn.nvregs; v++) {
    const r = alloc.reg[v]!;
    if (r >= 0) locs[v] = { k: 'reg', r };
    else if (r === SPILLED) {
      const pi = paramIndex.get(v);
      const home = pi === undefined ? null : paramHome(pi);
      if (home) locs[v] = home;
      else { off -= 4; locs[v] = { k: 'frame', off }; }
    }
  }
  const slotOff = fn.slots.map((s) => {
    const align = Math.max(1, Math.min(s.align, 16));
    off -= s.size;
    off = -Math.ceil(-off / align) * align;
    return off;
  });
  off = -Math.ceil(-off / 4) * 4;
  return { locs, slotOff, localBytes: -off - 4 * savedBelowFp };
}

/** Module-wide output state: lines and the `.file` numbers used by `.loc`. */
export class ModuleWriter {
  readonly lines: string[] = [];
  private readonly files = new Map<string, number>();
  private lastLoc = '';
  private labels = 0;

  fileNo(name: string): number {
    let n = this.files.get(name);
    if (n === undefined) {
      n = this.files.size + 1;
      this.files.set(name, n);
      this.lines.push(`  .file ${n} ${quote(name)}`);
    }
    return n;
  }

  /** `.loc` unless the position is already current */
  loc(out: string[], file: string, line: number, col: number): void {
    const n = this.fileNo(file);
    const text = `  .loc ${n} ${Math.max(0, line | 0)} ${Math.max(0, col | 0)}`;
    if (text === this.lastLoc) return;
    this.lastLoc = text;
    out.push(text);
  }

  resetLoc(): void {
    this.lastLoc = '';
  }

  freshLabel(stem: string): string {
    return `.L${stem}${this.labels++}`;
  }
}

export function quote(s: string): string {
  let out = '"';
  for (const ch of Buffer.from(s, 'utf8')) {
    if (ch === 0x22 || ch === 0x5c) out += '\\' + String.fromCharCode(ch);
    else if (ch >= 0x20 && ch < 0x7f) out += String.fromCharCode(ch);
    else out += '\\x' + ch.toString(16).padStart(2, '0');
  }
  return out + '"';
}

export interface EarlyExit {
  /** param index a compared with param index or immediate b */
  kind: CmpKind;
  a: number;
  b: { param: number } | { imm: number };
  /** the outcome (true: the comparison holds) that returns at once */
  exitOn: boolean;
  value: { param: number } | { imm: number } | null;
  /** where the function continues on the other outcome */
  rest: number;
}

export interface FnInput {
  fn: MFunction;
  /** assembler name of the function */
  sym: string;
  lv: Liveness;
  alloc: Allocation;
  busy: Int32Array;
  /** x86: registers of this function's first parameter words (regargs.ts); empty: stack */
  regArgs: readonly number[];
  /** x86: registers of a call's first argument words; empty: all on the stack */
  callRegArgs: (x: Extract<MInst, { op: 'call' }>) => readonly number[];
}

export abstract class FnEmitter {
  protected readonly out: string[] = [];
  protected readonly fn: MFunction;
  protected readonly lv: Liveness;
  protected readonly alloc: Allocation;
  protected locs: (Loc | null)[] = [];
  /** current item */
  protected k = 0;
  /** bytes pushed below the stack pointer's value at the start of the current item */
  protected pushDelta = 0;
  private pool: number[] = [];
  private taken: number[] = [];
  private borrowed: number[] = [];
  private ownMask = 0;

  constructor(protected readonly w: ModuleWriter, protected readonly input: FnInput) {
    this.fn = input.fn;
    this.lv = input.lv;
    this.alloc = input.alloc;
  }

  protected abstract readonly allocatable: readonly number[];
  protected abstract readonly calleeSaved: ReadonlySet<number>;
  /** registers usable as scratch at every instruction */
  protected abstract dedicatedScratch(): readonly number[];
  protected abstract pushReg(r: number): void;
  protected abstract popReg(r: number): void;
  protected abstract prologue(): void;
  protected abstract inst(x: MInst): void;
  protected abstract terminator(t: MTerm, next: number | null): void;

  protected ins(text: string): void {
    this.out.push('  ' + text);
  }

  protected blockLabel(b: number): string {
    return `.L${this.input.sym}$${b}`;
  }

  protected locOf(v: VReg): Loc {
    const l = this.locs[v];
    if (!l) throw new Error(`codegen: ${this.fn.name}: v${v} has no location (used but never live?)`);
    return l;
  }

  protected regOf(v: VReg): number {
    const l = this.locs[v];
    return l && l.k === 'reg' ? l.r : -1;
  }

  /** Emit the whole function; returns its lines. */
  run(): string[] {
    const { fn, lv } = this;
    const sym = this.input.sym;
    const firstLoc = fn.blocks[lv.order[0]!]!.insts.find((x) => x.op === 'loc');
    this.w.resetLoc();
    if (firstLoc && firstLoc.op === 'loc') this.w.loc(this.out, firstLoc.file, firstLoc.line, firstLoc.col);
    else this.w.loc(this.out, fn.file, 0, 0);
    this.begin(0);
    const ee = this.findEarlyExit();
    const early = ee !== null && this.earlyExit(ee);
    this.prologue();
    this.end();
    // after an early exit, its return block is dead unless other blocks branch to it too
    let order = lv.order;
    if (early) {
        const r = this.earlyReturnBlock(ee);
      const preds = lv.order.filter((b) => successors(fn.blocks[b]!.term).includes(r));
      if (preds.length === 1 && preds[0] === lv.order[0]) order = lv.order.filter((b) => b !== r);
    }
    order.forEach((b, i) => {
      this.out.push(`${this.blockLabel(b)}:`);
      const next = i + 1 < order.length ? order[i + 1]! : null;
      for (let k = lv.first[b]!; k <= lv.termAt[b]!; k++) {
        const it = lv.items[k]!;
        this.begin(k);
        if (it.inst) {
          if (it.inst.op === 'loc') this.w.loc(this.out, it.inst.file, it.inst.line, it.inst.col);
          else this.inst(it.inst);
        } else if (early && b === lv.order[0]) {
          // the early exit already took the branch's other way
          this.terminator({ op: 'jmp', target: ee.rest }, next);
        } else this.terminator(it.term!, next);
        this.end();
      }
    });
    this.out.push(`  .size ${sym}, . - ${sym}`);
    return this.out;
  }

  /** The shape `if <param> <cmp> <param|imm> { return <param|imm|nothing> }` at the very
   *  start of the function (recursion base cases, guard clauses): the personality may test it
   *  and return before the prologue saves anything. */
  private findEarlyExit(): EarlyExit | null {
    const { fn, lv } = this;
    const entry = fn.blocks[lv.order[0]!]!;
    const t = entry.term;
    if (t.op !== 'br' || t.then === t.else || !entry.insts.every((x) => x.op === 'loc')) return null;
    const param = (v: VReg): number => fn.params.indexOf(v);
    const pa = param(t.a);
    const pb = 'r' in t.b ? param(t.b.r) : -2;
    if (pa < 0 || pb === -1) return null;
    for (const exitOn of [true, false]) {
      const r = exitOn ? t.then : t.else;
      const rb = fn.blocks[r]!;
      if (r === lv.order[0] || rb.term.op !== 'ret' || !rb.insts.every((x) => x.op === 'loc')) continue;
      const v = rb.term.value;
      let value: EarlyExit['value'] = null;
      if (v && 'imm' in v) value = { imm: v.imm };
      else if (v) {
        const pv = param(v.r);
        if (pv < 0) continue;
        value = { param: pv };
      }
      return { kind: t.kind, a: pa, b: 'imm' in t.b ? { imm: t.b.imm } : { param: pb }, exitOn, value, rest: exitOn ? t.else : t.then };
    }
    return null;
  }

  private earlyReturnBlock(ee: EarlyExit): number {
    const t = this.fn.blocks[this.lv.order[0]!]!.term as { then: number; else: number };
    return ee.exitOn ? t.then : t.else;
  }

  /** Emit the early exit (test, return, then the label the rest starts at); false when the
   *  personality does not use it here. */
  protected earlyExit(_ee: EarlyExit): boolean {
    return false;
  }

  private begin(k: number): void {
    this.k = k;
    this.taken = [];
    this.borrowed = [];
    const busy = this.input.busy[k]!;
    // a callee-saved register is only free to use if the prologue saves it
    const saved = this.alloc.usedCalleeSaved;
    this.pool = [...this.dedicatedScratch(), ...this.allocatable.filter((r) => !(busy & (1 << r)) && (!this.calleeSaved.has(r) || saved.includes(r)))];
    let own = 0;
    const it = this.lv.items[k]!;
    const vs = it.inst ? usesOf(it.inst) : it.term ? termUses(it.term) : [];
    const d = it.inst ? defOf(it.inst) : null;
    if (d !== null) vs.push(d);
    for (const v of vs) { const r = this.regOf(v); if (r >= 0) own |= 1 << r; }
    this.ownMask = own;
  }

  private end(): void {
    this.release();
  }

  /** Registers free at the current instruction, not yet handed out. */
  protected freeRegs(): number[] {
    return this.pool.filter((r) => !this.taken.includes(r));
  }

  /** A scratch register for the current instruction. */
  protected tmp(avoid: readonly number[] = []): number {
    const r = this.pool.find((x) => !this.taken.includes(x) && !avoid.includes(x));
    if (r !== undefined) { this.taken.push(r); return r; }
    const v = this.allocatable.find((x) => !(this.ownMask & (1 << x)) && !this.taken.includes(x) && !avoid.includes(x));
    if (v === undefined) throw new Error(`codegen: ${this.fn.name}: out of scratch registers`);
    this.pushReg(v);
    this.borrowed.push(v);
    this.taken.push(v);
    return v;
  }

  /** Restore borrowed scratch registers (before a jump ends the instruction). */
  protected release(): void {
    while (this.borrowed.length) this.popReg(this.borrowed.pop()!);
  }

  protected get borrowing(): boolean {
    return this.borrowed.length > 0;
  }
}
