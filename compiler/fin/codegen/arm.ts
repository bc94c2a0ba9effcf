// Instruction selection for the arm personality: three-address register operations with
// 16-bit immediates, loads and stores with [rn, #simm16] or [rn, rm, lsl #0-3], and `ldr rd,
// =value` (movw + movt) for any other constant or symbol. Spilled vregs go through scratch
// registers; ip (r12) is never allocated and is always one. Calling convention:
// docs/calling-conventions.md.
//
// Frame (when the function needs one): push {saved r4-r10, fp, lr}; fp = address of the saved
// fp, so [fp] = caller's fp and [fp+4] = return address (the same chain as x86's ebp);
//   [fp+8+4k] stack argument k (argument 4+k)   [fp-4..] saved registers, slots, spill words
//   [sp+4k]   outgoing stack arguments (arguments 4+k of calls made here)
// Other functions push only the callee-saved registers they use, plus lr when they call or
// push anything (so that `pop {..., pc}` returns); a leaf that needs nothing returns by `bx lr`.
import type { Operand, VReg } from '../ir/ir.ts';
import { FnEmitter, layoutFrame, type EarlyExit, type FnInput, type Loc, type ModuleWriter } from './emitter.ts';
import { negateCmp, type CmpKind, type Mem, type MInst, type MTerm } from './mir.ts';
import { parallelMove, type Move } from './parmove.ts';
import type { RegFile } from './regalloc.ts';

export const FP = 11, IP = 12, SP = 13, LR = 14;
const NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'fp', 'ip', 'sp', 'lr'];

export const ARM_REGS: RegFile = { regs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], calleeSaved: new Set([4, 5, 6, 7, 8, 9, 10]) };
export const ARM_HINTS = { ret: 0, args: [0, 1, 2, 3] };
/** syscall number, then a0..a5 */
const SYSCALL_REGS = [7, 0, 1, 2, 3, 4, 5];

const CC: Record<CmpKind, string> = { eq: 'eq', ne: 'ne', slt: 'lt', sle: 'le', sgt: 'gt', sge: 'ge', ult: 'lo', ule: 'ls', ugt: 'hi', uge: 'hs' };
const BIN = { add: 'add', sub: 'sub', mul: 'mul', udiv: 'udiv', sdiv: 'sdiv', urem: 'urem', srem: 'srem', and: 'and', or: 'orr', xor: 'eor', shl: 'lsl', shr: 'lsr', sar: 'asr' } as const;
const LOAD = { 1: ['ldrb', 'ldrsb'], 2: ['ldrh', 'ldrsh'], 4: ['ldr', 'ldr'] } as const;
const STORE = { 1: 'strb', 2: 'strh', 4: 'str' } as const;

const N = (r: number): string => NAMES[r]!;
const s16 = (v: number): boolean => v >= -32768 && v <= 32767;
const u16 = (v: number): boolean => (v >>> 0) <= 0xffff;
export const symExpr = (sym: string, off: number): string => (off ? `${sym}${off < 0 ? '-' : '+'}${Math.abs(off | 0)}` : sym);

export function emitArmFunction(w: ModuleWriter, input: FnInput, symbolName: (s: string) => string): string[] {
  return new ArmFn(w, input, symbolName).run();
}

class ArmFn extends FnEmitter {
  protected readonly allocatable = ARM_REGS.regs;
  protected readonly calleeSaved = ARM_REGS.calleeSaved;
  private readonly saved: number[];
  private readonly framed: boolean;
  /** lr is saved by the prologue (so free as a scratch register, and `pop {pc}` returns) */
  private readonly savesLr: boolean;
  private readonly slotOff: number[];
  private readonly frameBytes: number;

  constructor(w: ModuleWriter, input: FnInput, private readonly sym: (s: string) => string) {
    super(w, input);
    const { fn, alloc, lv } = input;
    this.saved = alloc.usedCalleeSaved;
    const frame = layoutFrame(fn, alloc, this.saved.length, (i) => (i >= 4 ? { k: 'arg', n: i - 4 } : null));
    this.locs = frame.locs;
    this.slotOff = frame.slotOff;
    let outgoing = 0;
    for (const k of lv.calls) {
      const x = lv.items[k]!.inst!;
      if (x.op === 'call') outgoing = Math.max(outgoing, 4 * Math.max(0, x.args.length - 4));
    }
    const stackParams = fn.params.some((p, i) => i >= 4 && this.locs[p] !== null);
    this.framed = fn.slots.length > 0 || frame.localBytes > 0 || outgoing > 0 || stackParams;
    this.frameBytes = frame.localBytes + outgoing;
    this.savesLr = this.framed || lv.calls.length > 0 || this.saved.length > 0;
  }

  protected dedicatedScratch(): readonly number[] { return this.savesLr ? [IP, LR] : [IP]; }
  protected pushReg(r: number): void { this.ins(`push {${N(r)}}`); }
  protected popReg(r: number): void { this.ins(`pop {${N(r)}}`); }

  // ---- operands -------------------------------------------------------------------------------

  /** rd = value, in as few instructions as the value allows */
  private imm(r: number, v: number): void {
    v |= 0;
    if (s16(v)) this.ins(`mov ${N(r)}, #${v}`);
    else if (u16(v)) this.ins(`movw ${N(r)}, #${v >>> 0}`);
    else this.ins(`ldr ${N(r)}, =0x${(v >>> 0).toString(16)}`);
  }

  /** [fp, #off] for a frame location; through a scratch register when the offset is too big */
  private frameAddr(off: number, temp: () => number = () => this.tmp()): string {
    if (s16(off)) return off ? `[fp, #${off}]` : '[fp]';
    const t = temp();
    this.imm(t, off);
    return `[fp, ${N(t)}]`;
  }

  private memLoc(l: Loc, temp?: () => number): string {
    if (l.k === 'frame') return this.frameAddr(l.off, temp);
    if (l.k === 'arg') return this.frameAddr(8 + 4 * l.n, temp);
    throw new Error('codegen: register location used as memory');
  }

  /** a register holding v */
  private use(v: VReg, temp: () => number = () => this.tmp()): number {
    const l = this.locOf(v);
    if (l.k === 'reg') return l.r;
    const t = temp();
    this.ins(`ldr ${N(t)}, ${this.memLoc(l, () => t)}`);
    return t;
  }

  /** a register holding an operand (immediates materialised) */
  private useOp(o: Operand): number {
    if ('r' in o) return this.use(o.r);
    const t = this.tmp();
    this.imm(t, o.imm);
    return t;
  }

  /** the register to compute v in: its own, or a scratch that `def` then stores */
  private dst(v: VReg, reuse = -1): number {
    const l = this.locOf(v);
    if (l.k === 'reg') return l.r;
    return reuse >= 0 ? reuse : this.tmp();
  }

  private def(v: VReg, r: number): void {
    const l = this.locOf(v);
    if (l.k === 'reg') { if (l.r !== r) this.ins(`mov ${N(l.r)}, ${N(r)}`); return; }
    this.ins(`str ${N(r)}, ${this.memLoc(l)}`);
  }

  /** is v spilled (so `use` gave a scratch register that may be reused for the result)? */
  private scratchIfSpilled(v: VReg, r: number): number {
    return this.locOf(v).k === 'reg' ? -1 : r;
  }

  /** An address operand for m (+extra), materialising what the forms cannot express. */
  private addr(m: Mem, extra = 0, temp: () => number = () => this.tmp()): string {
    let base: number;
    let disp = (m.disp + extra) | 0;
    let baseIsTemp = false;
    if (m.slot !== null) { base = FP; disp += this.slotOff[m.slot]!; }
    else if (m.base !== null) { base = this.use(m.base, temp); baseIsTemp = this.locOf(m.base).k !== 'reg'; }
    else if (m.sym !== null) {
      base = temp(); baseIsTemp = true;
      this.ins(`ldr ${N(base)}, =${symExpr(this.sym(m.sym), disp)}`);
      disp = 0;
    } else {
      base = temp(); baseIsTemp = true;
      this.imm(base, disp);
      disp = 0;
    }
    if (m.index !== null) {
      const idx = this.use(m.index, temp);
      if (disp !== 0) {
        const t = baseIsTemp ? base : temp();
        if (s16(disp)) this.ins(`add ${N(t)}, ${N(base)}, #${disp}`);
        else {
          const u = t === base ? temp() : t;
          this.imm(u, disp);
          this.ins(`add ${N(t)}, ${N(base)}, ${N(u)}`);
        }
        base = t;
      }
      return `[${N(base)}, ${N(idx)}${m.shift ? `, lsl #${m.shift}` : ''}]`;
    }
    if (s16(disp)) return disp ? `[${N(base)}, #${disp}]` : `[${N(base)}]`;
    const t = temp();
    this.imm(t, disp);
    return `[${N(base)}, ${N(t)}]`;
  }

  // ---- prologue and epilogue ------------------------------------------------------------------

  private pushList(): string[] {
    return [...this.saved.map(N), ...(this.framed ? ['fp'] : []), ...(this.savesLr ? ['lr'] : [])];
  }

  protected prologue(): void {
    const list = this.pushList();
    if (list.length) this.ins(`push {${list.join(', ')}}`);
    if (this.framed) {
      this.ins(`add fp, sp, #${4 * this.saved.length}`);
      if (this.frameBytes) this.adjustSp('sub', this.frameBytes);
    }
    // parameters: spilled register arguments to their words first, then the register moves
    const moves: Move[] = [];
    this.fn.params.forEach((p, i) => {
      const l = this.locs[p];
      if (!l || i >= 4) return;
      if (l.k === 'reg') moves.push({ dst: l.r, src: { k: 'reg', r: i } });
      else this.ins(`str ${N(i)}, ${this.memLoc(l, () => IP)}`);
    });
    this.fn.params.forEach((p, i) => {
      const l = this.locs[p];
      if (l && i >= 4 && l.k === 'reg') moves.push({ dst: l.r, src: { k: 'other', emit: (d) => this.ins(`ldr ${N(d)}, ${this.frameAddr(8 + 4 * (i - 4), () => IP)}`) } });
    });
    parallelMove(moves, (d, s) => this.ins(`mov ${N(d)}, ${N(s)}`), IP);
  }

  protected override earlyExit(ee: EarlyExit): boolean {
    // arguments 0-3 are still in r0-r3; only worth it when the prologue pushes something
    if (this.pushList().length === 0) return false;
    const reg = (k: number): boolean => k < 4;
    if (!reg(ee.a) || ('param' in ee.b && !reg(ee.b.param)) || (ee.value && 'param' in ee.value && !reg(ee.value.param))) return false;
    if ('imm' in ee.b && s16(ee.b.imm)) this.ins(`cmp ${N(ee.a)}, #${ee.b.imm}`);
    else if ('imm' in ee.b) { this.imm(IP, ee.b.imm); this.ins(`cmp ${N(ee.a)}, ip`); }
    else this.ins(`cmp ${N(ee.a)}, ${N(ee.b.param)}`);
    const slow = this.w.freshLabel('$full');
    this.ins(`b${CC[ee.exitOn ? negateCmp(ee.kind) : ee.kind]} ${slow}`);
    if (ee.value && 'imm' in ee.value) this.imm(0, ee.value.imm);
    else if (ee.value && ee.value.param !== 0) this.ins(`mov r0, ${N(ee.value.param)}`);
    this.ins('bx lr');
    this.out.push(`${slow}:`);
    return true;
  }

  private adjustSp(op: 'add' | 'sub', n: number): void {
    if (s16(n)) this.ins(`${op} sp, sp, #${n}`);
    else {
      this.imm(IP, n);
      this.ins(`${op} sp, sp, ip`);
    }
  }

  private epilogue(): void {
    if (this.framed && this.frameBytes) {
      const k = 4 * this.saved.length;
      this.ins(k ? `sub sp, fp, #${k}` : 'mov sp, fp');
    }
    const list = this.pushList();
    if (this.savesLr) this.ins(`pop {${list.slice(0, -1).concat('pc').join(', ')}}`);
    else {
      if (list.length) this.ins(`pop {${list.join(', ')}}`);
      this.ins('bx lr');
    }
  }

  // ---- instructions ---------------------------------------------------------------------------

  protected inst(x: MInst): void {
    switch (x.op) {
      case 'const': {
        const r = this.dst(x.dst);
        this.imm(r, x.value);
        return this.def(x.dst, r);
      }
      case 'addr': {
        const r = this.dst(x.dst);
        this.ins(`ldr ${N(r)}, =${symExpr(this.sym(x.symbol), x.offset)}`);
        return this.def(x.dst, r);
      }
      case 'slot': {
        const r = this.dst(x.dst);
        this.addConst(r, FP, this.slotOff[x.slot]! + x.offset);
        return this.def(x.dst, r);
      }
      case 'copy': {
        const d = this.locOf(x.dst);
        if ('imm' in x.src) {
          const r = this.dst(x.dst);
          this.imm(r, x.src.imm);
          return this.def(x.dst, r);
        }
        const s = this.locOf(x.src.r);
        if (d.k === 'reg' && s.k === 'reg') { if (d.r !== s.r) this.ins(`mov ${N(d.r)}, ${N(s.r)}`); return; }
        if ((d.k === 'frame' && s.k === 'frame' && d.off === s.off) || (d.k === 'arg' && s.k === 'arg' && d.n === s.n)) return;
        const r = this.use(x.src.r, d.k === 'reg' ? () => d.r : undefined);
        return this.def(x.dst, r);
      }
      case 'bin': return this.bin(x);
      case 'neg': case 'not': {
        const a = this.use(x.a);
        const r = this.dst(x.dst, this.scratchIfSpilled(x.a, a));
        this.ins(`${x.op === 'neg' ? 'neg' : 'mvn'} ${N(r)}, ${N(a)}`);
        return this.def(x.dst, r);
      }
      case 'ext': {
        const l = this.locOf(x.a);
        const byte = x.kind.endsWith('8');
        const sign = x.kind.startsWith('s');
        if (l.k !== 'reg') {
          // little-endian: the low byte/halfword of a spilled word is at its address
          const r = this.dst(x.dst);
          this.ins(`${LOAD[byte ? 1 : 2][sign ? 1 : 0]} ${N(r)}, ${this.memLoc(l)}`);
          return this.def(x.dst, r);
        }
        const r = this.dst(x.dst);
        if (!sign) this.ins(`and ${N(r)}, ${N(l.r)}, #${byte ? 0xff : 0xffff}`);
        else {
          this.ins(`lsl ${N(r)}, ${N(l.r)}, #${byte ? 24 : 16}`);
          this.ins(`asr ${N(r)}, ${N(r)}, #${byte ? 24 : 16}`);
        }
        return this.def(x.dst, r);
      }
      case 'cmp': {
        const a = this.compare(x.a, x.b);
        const r = this.dst(x.dst, a);
        this.ins(`cset ${N(r)}, ${CC[x.kind]}`);
        return this.def(x.dst, r);
      }
      case 'load': {
        const l = this.locOf(x.dst);
        const used = [x.mem.base, x.mem.index].map((v) => (v === null ? -1 : this.regOf(v)));
        let r = l.k === 'reg' ? l.r : -1;
        let first = r >= 0 && !used.includes(r);
        const a = this.addr(x.mem, 0, () => {
          if (first) { first = false; return r; }
          return this.tmp();
        });
        if (r < 0) r = this.tmp();
        this.ins(`${LOAD[x.width][x.signed ? 1 : 0]} ${N(r)}, ${a}`);
        return this.def(x.dst, r);
      }
      case 'store': {
        const a = this.addr(x.mem);
        const s = this.useOp(x.src);
        this.ins(`${STORE[x.width]} ${N(s)}, ${a}`);
        return;
      }
      case 'call': return this.call(x);
      case 'intrinsic': return this.intrinsic(x);
      case 'bounds': {
        const i = this.use(x.index);
        if ('imm' in x.length && s16(x.length.imm)) this.ins(`chk ${N(i)}, #${x.length.imm}`);
        else this.ins(`chk ${N(i)}, ${N(this.useOp(x.length))}`);
        return;
      }
      case 'memcpy': return this.memcpy(x);
      case 'binm': case 'lea': throw new Error('codegen: memory operands are x86 only');
      case 'loc': return;
    }
  }

  /** rd = rs + value */
  private addConst(rd: number, rs: number, v: number): void {
    if (s16(v)) this.ins(`add ${N(rd)}, ${N(rs)}, #${v}`);
    else if (s16(-v)) this.ins(`sub ${N(rd)}, ${N(rs)}, #${-v}`);
    else {
      const t = rd === rs ? this.tmp() : rd;
      this.imm(t, v);
      this.ins(`add ${N(rd)}, ${N(rs)}, ${N(t)}`);
    }
  }

  private bin(x: Extract<MInst, { op: 'bin' }>): void {
    const a = this.use(x.a);
    const mn = BIN[x.kind];
    let b: string;
    if ('imm' in x.b) {
      const v = x.b.imm | 0;
      switch (x.kind) {
        case 'add': case 'sub': {
          const r = this.dst(x.dst, this.scratchIfSpilled(x.a, a));
          const neg = x.kind === 'add' ? 'sub' : 'add';
          if (s16(v)) this.ins(`${mn} ${N(r)}, ${N(a)}, #${v}`);
          else if (s16(-v)) this.ins(`${neg} ${N(r)}, ${N(a)}, #${-v}`);
          else {
            const t = this.tmp();
            this.imm(t, v);
            this.ins(`${mn} ${N(r)}, ${N(a)}, ${N(t)}`);
          }
          return this.def(x.dst, r);
        }
        case 'and': case 'or': case 'xor':
          b = u16(v) ? `#${v >>> 0}` : N(this.useOp(x.b));
          break;
        case 'shl': case 'shr': case 'sar':
          b = `#${v & 31}`;
          break;
        default:
          b = s16(v) ? `#${v}` : N(this.useOp(x.b));
      }
    } else b = N(this.use(x.b.r));
    const r = this.dst(x.dst, this.scratchIfSpilled(x.a, a));
    this.ins(`${mn} ${N(r)}, ${N(a)}, ${b}`);
    this.def(x.dst, r);
  }

  /** cmp a, b; returns a's register when it is a reusable scratch, else -1 */
  private compare(av: VReg, bo: Operand): number {
    const a = this.use(av);
    if ('imm' in bo && s16(bo.imm)) this.ins(`cmp ${N(a)}, #${bo.imm}`);
    else this.ins(`cmp ${N(a)}, ${N(this.useOp(bo))}`);
    return this.scratchIfSpilled(av, a);
  }

  private call(x: Extract<MInst, { op: 'call' }>): void {
    // stack arguments first, through ip
    x.args.forEach((a, i) => {
      if (i < 4) return;
      const slot = `[sp, #${4 * (i - 4)}]`;
      if ('imm' in a) { this.imm(IP, a.imm); this.ins(`str ip, ${slot}`); return; }
      const l = this.locOf(a.r);
      if (l.k === 'reg') this.ins(`str ${N(l.r)}, ${slot}`);
      else {
        this.ins(`ldr ip, ${this.memLoc(l, () => IP)}`);
        this.ins(`str ip, ${slot}`);
      }
    });
    // a function pointer in an argument register or memory moves to ip before r0-r3 change
    let target: string | null = null;
    if ('r' in x.target) {
      const l = this.locOf(x.target.r);
      if (l.k === 'reg' && l.r >= 4) target = N(l.r);
      else {
        if (l.k === 'reg') this.ins(`mov ip, ${N(l.r)}`);
        else this.ins(`ldr ip, ${this.memLoc(l, () => IP)}`);
        target = 'ip';
      }
    }
    const moves: Move[] = x.args.slice(0, 4).map((a, i): Move => {
      if ('imm' in a) return { dst: i, src: { k: 'other', emit: (d) => this.imm(d, a.imm) } };
      const l = this.locOf(a.r);
      if (l.k === 'reg') return { dst: i, src: { k: 'reg', r: l.r } };
      return { dst: i, src: { k: 'other', emit: (d) => this.ins(`ldr ${N(d)}, ${this.memLoc(l, () => d)}`) } };
    });
    // lr is free here: the call overwrites it, and a function that calls saved it on entry
    parallelMove(moves, (d, s) => this.ins(`mov ${N(d)}, ${N(s)}`), LR);
    if (target === null) this.ins(`bl ${this.sym((x.target as { symbol: string }).symbol)}`);
    else this.ins(`blx ${target}`);
    if (x.dst !== null) this.def(x.dst, 0);
  }

  private intrinsic(x: Extract<MInst, { op: 'intrinsic' }>): void {
    const arg = (i: number): Operand => {
      const a = x.args[i];
      if (!a) throw new Error(`codegen: @${x.name} needs ${i + 1} argument(s)`);
      return a;
    };
    const out = (): number => (x.dst === null ? this.tmp() : this.dst(x.dst));
    const finish = (r: number): void => { if (x.dst !== null) this.def(x.dst, r); };
    /** [rn] for an address operand */
    const at = (o: Operand): string => {
      if ('r' in o) return `[${N(this.use(o.r))}]`;
      const t = this.tmp();
      this.imm(t, o.imm);
      return `[${N(t)}]`;
    };
    switch (x.name) {
      case 'mmio_read8': case 'mmio_read16': case 'mmio_read32': {
        const m = at(arg(0));
        const r = out();
        this.ins(`${{ mmio_read8: 'ldrb', mmio_read16: 'ldrh', mmio_read32: 'ldr' }[x.name]} ${N(r)}, ${m}`);
        return finish(r);
      }
      case 'mmio_write8': case 'mmio_write16': case 'mmio_write32': {
        const m = at(arg(0));
        const v = this.useOp(arg(1));
        this.ins(`${{ mmio_write8: 'strb', mmio_write16: 'strh', mmio_write32: 'str' }[x.name]} ${N(v)}, ${m}`);
        return;
      }
      case 'port_in8': case 'port_in16': case 'port_in32':
      case 'port_out8': case 'port_out16': case 'port_out32':
        throw new Error(`codegen: @${x.name} is x86 only (port I/O does not exist on arm)`);
      case 'irq_enable': return this.ins('cpsie i');
      case 'irq_disable': return this.ins('cpsid i');
      case 'halt': case 'wait_for_interrupt': return this.ins('wfi');
      case 'core_id': case 'cycles': {
        const r = out();
        this.ins(`mrs ${N(r)}, ${x.name === 'core_id' ? 'mpidr' : 'cntvct'}`);
        return finish(r);
      }
      case 'trap': {
        const c = x.args[0];
        if (!c || !('imm' in c)) throw new Error('codegen: @trap needs a constant code');
        if (c.imm < 0 || c.imm > 0xffff) throw new Error(`codegen: @trap code ${c.imm} is out of range 0..65535 on arm`);
        return this.ins(`udf #${c.imm}`);
      }
      case 'syscall': return this.syscall(x);
    }
  }

  /** r7 = n, r0-r5 = a0..a5; `svc #0`; result in r0. r4, r5 and r7 are callee-saved, so
   *  they are saved around the call when they carry arguments. */
  private syscall(x: Extract<MInst, { op: 'intrinsic' }>): void {
    const n = x.args.length;
    if (n < 1 || n > SYSCALL_REGS.length) throw new Error(`codegen: @syscall takes a number and up to 6 arguments, not ${n - 1}`);
    const regs = SYSCALL_REGS.slice(0, n);
    const keep = regs.filter((r) => r >= 4).sort((a, b) => a - b);
    if (keep.length) this.ins(`push {${keep.map(N).join(', ')}}`);
    const moves: Move[] = x.args.map((a, i): Move => {
      const dst = regs[i]!;
      if ('imm' in a) return { dst, src: { k: 'other', emit: (d) => this.imm(d, a.imm) } };
      const l = this.locOf(a.r);
      if (l.k === 'reg') return { dst, src: { k: 'reg', r: l.r } };
      return { dst, src: { k: 'other', emit: (d) => this.ins(`ldr ${N(d)}, ${this.memLoc(l, () => d)}`) } };
    });
    parallelMove(moves, (d, s) => this.ins(`mov ${N(d)}, ${N(s)}`), IP);
    this.ins('svc #0');
    if (keep.length) this.ins(`pop {${keep.map(N).join(', ')}}`);
    if (x.dst !== null) this.def(x.dst, 0);
  }

  /** t = the effective address of m */
  private addrInto(t: number, m: Mem): void {
    let disp = m.disp, cur: number;
    if (m.slot !== null) { cur = FP; disp += this.slotOff[m.slot]!; }
    else if (m.base !== null) cur = this.use(m.base, () => t);
    else if (m.sym !== null) { this.ins(`ldr ${N(t)}, =${symExpr(this.sym(m.sym), disp)}`); cur = t; disp = 0; }
    else { this.imm(t, disp); cur = t; disp = 0; }
    if (m.index !== null) {
      const spilled = this.locOf(m.index).k !== 'reg';
      let i = this.use(m.index, () => this.tmp([t]));
      if (m.shift) {
        const u = spilled ? i : this.tmp([t]);
        this.ins(`lsl ${N(u)}, ${N(i)}, #${m.shift}`);
        i = u;
      }
      this.ins(`add ${N(t)}, ${N(cur)}, ${N(i)}`);
      cur = t;
    }
    if (disp || cur !== t) this.addConst(t, cur, disp);
  }

  /** base register and displacement for a memcpy operand, so that [base, #disp+k] works */
  private copyBase(m: Mem, size: number): { base: number; disp: number } {
    let base: number, disp = m.disp;
    if (m.slot !== null && m.index === null) { base = FP; disp += this.slotOff[m.slot]!; }
    else if (m.base !== null && m.index === null) base = this.use(m.base);
    else {
      const t = this.tmp();
      this.addrInto(t, m);
      return { base: t, disp: 0 };
    }
    if (s16(disp) && s16(disp + size)) return { base, disp };
    const t = this.tmp();
    this.addConst(t, base, disp);
    return { base: t, disp: 0 };
  }

  /** word copies, then a halfword and a byte; a loop of 16-byte steps beyond 128 bytes */
  private memcpy(x: Extract<MInst, { op: 'memcpy' }>): void {
    if (x.size <= 0) return;
    let d = this.copyBase(x.dst, x.size);
    let s = this.copyBase(x.src, x.size);
    let off = 0;
    if (x.size > 128) {
      const pd = this.tmp();
      this.addConst(pd, d.base, d.disp);
      const ps = this.tmp();
      this.addConst(ps, s.base, s.disp);
      const cnt = this.tmp();
      const v = this.tmp();
      this.imm(cnt, x.size >>> 4);
      const loop = this.w.freshLabel('$mc');
      this.out.push(`${loop}:`);
      for (let k = 0; k < 16; k += 4) {
        this.ins(`ldr ${N(v)}, [${N(ps)}, #${k}]`);
        this.ins(`str ${N(v)}, [${N(pd)}, #${k}]`);
      }
      this.ins(`add ${N(ps)}, ${N(ps)}, #16`);
      this.ins(`add ${N(pd)}, ${N(pd)}, #16`);
      this.ins(`subs ${N(cnt)}, ${N(cnt)}, #1`);
      this.ins(`bne ${loop}`);
      d = { base: pd, disp: 0 };
      s = { base: ps, disp: 0 };
      this.copyTail(d, s, 0, x.size & 15, v);
      return;
    }
    const v = this.tmp();
    off = this.copyTail(d, s, off, x.size, v);
  }

  private copyTail(d: { base: number; disp: number }, s: { base: number; disp: number }, off: number, size: number, v: number): number {
    const at = (m: { base: number; disp: number }, k: number) => (m.disp + k ? `[${N(m.base)}, #${m.disp + k}]` : `[${N(m.base)}]`);
    for (const [w, ld, st] of [[4, 'ldr', 'str'], [2, 'ldrh', 'strh'], [1, 'ldrb', 'strb']] as const) {
      while (size >= w) {
        this.ins(`${ld} ${N(v)}, ${at(s, off)}`);
        this.ins(`${st} ${N(v)}, ${at(d, off)}`);
        size -= w;
        off += w;
      }
    }
    return off;
  }

  // ---- terminators ----------------------------------------------------------------------------

  protected terminator(t: MTerm, next: number | null): void {
    switch (t.op) {
      case 'jmp':
        if (t.target !== next) this.ins(`b ${this.blockLabel(t.target)}`);
        return;
      case 'br': {
        this.compare(t.a, t.b);
        this.release();
        if (t.then === next) this.ins(`b${CC[negateCmp(t.kind)]} ${this.blockLabel(t.else)}`);
        else {
          this.ins(`b${CC[t.kind]} ${this.blockLabel(t.then)}`);
          if (t.else !== next) this.ins(`b ${this.blockLabel(t.else)}`);
        }
        return;
      }
      case 'ret':
        if (t.value) {
          if ('imm' in t.value) this.imm(0, t.value.imm);
          else {
            const l = this.locOf(t.value.r);
            if (l.k === 'reg') { if (l.r !== 0) this.ins(`mov r0, ${N(l.r)}`); }
            else this.ins(`ldr r0, ${this.memLoc(l, () => 0)}`);
          }
        }
        this.epilogue();
        return;
      case 'unreachable':
        this.ins('udf #0');
        return;
      case 'brm':
        throw new Error('codegen: memory operands are x86 only');
    }
  }
}
