// Instruction selection for the x86 personality: two-address ALU operations that take a
// memory operand on either side, so spilled vregs are mostly used in place (`add eax,
// [ebp-12]`, `add [ebp-12], 1`). Calling convention: docs/calling-conventions.md.
//
// Frame (when the function needs one):
//   [ebp+8+4k] argument k        [ebp+4] return address      [ebp] caller's ebp
//   [ebp-4..]  saved ebx/esi/edi, then slots and spill words, then the outgoing argument
//   area at [esp+4k], filled with `mov` before each call (the same layout as pushing).
// A function without slots or spill words sets up no frame pointer and addresses its arguments
// from esp (ebp is still never allocated, so the caller's chain stays intact).
import type { Operand, VReg } from '../ir/ir.ts';
import { FnEmitter, layoutFrame, type EarlyExit, type FnInput, type Loc, type ModuleWriter } from './emitter.ts';
import { COMMUTATIVE, negateCmp, type CmpKind, type Mem, type MInst, type MTerm } from './mir.ts';
import { parallelMove, type Move } from './parmove.ts';
import { X86_ARG_TEMP } from './regargs.ts';
import type { RegFile } from './regalloc.ts';

const NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

export const X86_REGS: RegFile = { regs: [EAX, ECX, EDX, EBX, ESI, EDI], calleeSaved: new Set([EBX, ESI, EDI]) };
export const X86_HINTS = { ret: EAX, args: [] as number[] };
/** syscall number, then a0..a5 */
const SYSCALL_REGS = [EAX, ECX, EDX, EBX, ESI, EDI, EBP];

const CC: Record<CmpKind, string> = { eq: 'e', ne: 'ne', slt: 'l', sle: 'le', sgt: 'g', sge: 'ge', ult: 'b', ule: 'be', ugt: 'a', uge: 'ae' };
const BIN = { add: 'add', sub: 'sub', mul: 'imul', udiv: 'div', sdiv: 'idiv', urem: 'mod', srem: 'imod', and: 'and', or: 'or', xor: 'xor', shl: 'shl', shr: 'shr', sar: 'sar' } as const;
/** operations with a `op [mem], reg|imm` form */
const MEM_DST = new Set(['add', 'sub', 'and', 'or', 'xor']);
const SHIFTS = new Set(['shl', 'shr', 'sar']);
const SIZE = { 1: 'byte', 2: 'word', 4: 'dword' } as const;

/** An operand as the instruction text needs it: register, memory (text), immediate (text). */
type XOp = { k: 'r'; r: number } | { k: 'm'; t: string } | { k: 'i'; v: string };
interface XMem { base: number | null; index: number | null; shift: number; sym: string | null; disp: number }

const N = (r: number): string => NAMES[r]!;
const T = (x: XOp): string => (x.k === 'r' ? N(x.r) : x.k === 'm' ? x.t : x.v);
const same = (a: XOp, b: XOp): boolean => (a.k === 'r' && b.k === 'r' && a.r === b.r) || (a.k === 'm' && b.k === 'm' && a.t === b.t);
const signed = (n: number): string => (n < 0 ? `-${-n}` : `+${n}`);
export const symExpr = (sym: string, off: number): string => (off ? `${sym}${signed(off | 0)}` : sym);

export function emitX86Function(w: ModuleWriter, input: FnInput, symbolName: (s: string) => string): string[] {
  // the frame pointer is needed for slots and spill words; without them arguments are read from
  // esp (the syscall sequence pushes, so it keeps a frame)
  const syscall = input.lv.calls.some((k) => input.lv.items[k]!.inst!.op === 'intrinsic');
  // (a spilled parameter that arrived in a register needs a frame word like any other value)
  const onStack = (v: VReg): boolean => input.fn.params.indexOf(v) >= input.regArgs.length;
  const wantsFrame = syscall || input.fn.slots.length > 0 || input.alloc.spilled.some((v) => !onStack(v));
  const first = new X86Fn(w, input, symbolName, wantsFrame);
  const lines = first.run();
  // a frameless function addresses its arguments from esp, which borrowing a scratch register
  // (push/pop) would move: emit it again with a frame in that rare case
  if (!wantsFrame && first.borrowedAny) return new X86Fn(w, input, symbolName, true).run();
  return lines;
}

class X86Fn extends FnEmitter {
  protected readonly allocatable = X86_REGS.regs;
  protected readonly calleeSaved = X86_REGS.calleeSaved;
  borrowedAny = false;
  private readonly saved: number[];
  private readonly slotOff: number[];
  private readonly frameBytes: number;

  constructor(w: ModuleWriter, input: FnInput, private readonly sym: (s: string) => string, private readonly framed: boolean) {
    super(w, input);
    this.saved = input.alloc.usedCalleeSaved;
    const nreg = input.regArgs.length;
    const frame = layoutFrame(input.fn, input.alloc, framed ? this.saved.length : 0, (i) => (i >= nreg ? { k: 'arg', n: i - nreg } : null));
    this.locs = frame.locs;
    this.slotOff = frame.slotOff;
    let outgoing = 0;
    for (const k of input.lv.calls) {
      const x = input.lv.items[k]!.inst!;
      if (x.op === 'call') outgoing = Math.max(outgoing, 4 * (x.args.length - input.callRegArgs(x).length));
    }
    this.frameBytes = frame.localBytes + outgoing;
  }

  protected dedicatedScratch(): readonly number[] { return []; }
  protected pushReg(r: number): void { this.borrowedAny = true; this.ins(`push ${N(r)}`); }
  protected popReg(r: number): void { this.ins(`pop ${N(r)}`); }

  // ---- operands -------------------------------------------------------------------------------

  private locText(l: Loc): string {
    if (l.k === 'frame') return `[ebp${signed(l.off)}]`;
    if (l.k === 'arg') return this.framed ? `[ebp+${8 + 4 * l.n}]` : `[esp+${this.frameBytes + 4 * this.saved.length + 4 + 4 * l.n}]`;
    return N(l.r);
  }

  private vop(v: VReg): XOp {
    const l = this.locOf(v);
    return l.k === 'reg' ? { k: 'r', r: l.r } : { k: 'm', t: this.locText(l) };
  }

  private oop(o: Operand): XOp {
    return 'r' in o ? this.vop(o.r) : { k: 'i', v: String(o.imm | 0) };
  }

  /** mov to a register or memory location, through a scratch register for memory to memory */
  private move(d: XOp, s: XOp): void {
    if (same(d, s)) return;
    if (d.k === 'r') this.ins(`mov ${N(d.r)}, ${T(s)}`);
    else if (d.k === 'm') {
      if (s.k === 'm') {
        const t = this.tmp();
        this.ins(`mov ${N(t)}, ${s.t}`);
        this.ins(`mov ${d.t}, ${N(t)}`);
      } else this.ins(`mov ${s.k === 'i' ? 'dword ' : ''}${d.t}, ${T(s)}`);
    } else throw new Error('codegen: move to an immediate');
  }

  /** A register holding x (x itself, or a scratch loaded from memory or an immediate). */
  private inReg(x: XOp, avoid: number[] = []): number {
    if (x.k === 'r') return x.r;
    const t = this.tmp(avoid);
    this.ins(`mov ${N(t)}, ${T(x)}`);
    return t;
  }

  /** Make every register part of a memory operand a register: at most one scratch. */
  private resolve(m: Mem, temp: () => number): XMem {
    let base: number | null = null, index: number | null = null, shift = m.shift, disp = m.disp;
    if (m.slot !== null) { base = EBP; disp += this.slotOff[m.slot]!; }
    const b = m.base !== null ? this.vop(m.base) : null;
    const i = m.index !== null ? this.vop(m.index) : null;
    if (b && b.k === 'm' && i && i.k === 'm') {
      const t = temp();
      this.ins(`mov ${N(t)}, ${i.t}`);
      if (shift) this.ins(`shl ${N(t)}, ${shift}`);
      this.ins(`add ${N(t)}, ${b.t}`);
      return { base: t, index: null, shift: 0, sym: m.sym, disp };
    }
    if (b) base = b.k === 'r' ? b.r : this.loadTemp(b, temp);
    if (i) index = i.k === 'r' ? i.r : this.loadTemp(i, temp);
    if (index === null) shift = 0;
    return { base, index, shift, sym: m.sym, disp };
  }

  private loadTemp(x: XOp, temp: () => number): number {
    const t = temp();
    this.ins(`mov ${N(t)}, ${T(x)}`);
    return t;
  }

  private fmt(m: XMem, extra = 0): string {
    const parts: string[] = [];
    if (m.base !== null) parts.push(N(m.base));
    if (m.index !== null) parts.push(m.shift ? `${N(m.index)}*${1 << m.shift}` : N(m.index));
    const disp = (m.disp + extra) | 0;
    let text = parts.join('+');
    if (m.sym !== null) text += (text ? '+' : '') + symExpr(this.sym(m.sym), disp);
    else if (!text) text = `0x${(disp >>> 0).toString(16)}`;
    else if (disp) text += signed(disp);
    return `[${text}]`;
  }

  // ---- prologue and epilogue ------------------------------------------------------------------

  protected prologue(): void {
    if (this.framed) {
      this.ins('push ebp');
      this.ins('mov ebp, esp');
    }
    for (const r of this.saved) this.ins(`push ${N(r)}`);
    if (this.frameBytes) this.ins(`sub esp, ${this.frameBytes}`);
    // register parameters: spilled ones to their words, then one parallel move; stack
    // parameters load last, as their destinations may be argument registers
    const regArgs = this.input.regArgs;
    const moves: Move[] = [];
    this.fn.params.forEach((p, i) => {
      const l = this.locs[p];
      if (!l) return;
      if (i < regArgs.length) {
        if (l.k === 'reg') moves.push({ dst: l.r, src: { k: 'reg', r: regArgs[i]! } });
        else this.ins(`mov ${this.locText(l)}, ${N(regArgs[i]!)}`);
      } else if (l.k === 'reg') {
        const at = this.locText({ k: 'arg', n: i - regArgs.length });
        moves.push({ dst: l.r, src: { k: 'other', emit: (d) => this.ins(`mov ${N(d)}, ${at}`) } });
      }
    });
    parallelMove(moves, (d, r) => this.ins(`mov ${N(d)}, ${N(r)}`), X86_ARG_TEMP);
  }

  protected override earlyExit(ee: EarlyExit): boolean {
    // only worth it when the prologue does something; arguments are at [esp+4+4k] here
    if (!this.framed && this.saved.length === 0 && this.frameBytes === 0) return false;
    const regArgs = this.input.regArgs;
    const arg = (k: number): string => (k < regArgs.length ? N(regArgs[k]!) : `[esp+${4 + 4 * (k - regArgs.length)}]`);
    // comparing two stack words goes through eax, which may hold argument 0
    if (regArgs.length && 'param' in ee.b && ee.a >= regArgs.length && ee.b.param >= regArgs.length) return false;
    let inEax = -1;
    if ('imm' in ee.b) this.ins(`cmp ${ee.a < regArgs.length ? '' : 'dword '}${arg(ee.a)}, ${ee.b.imm}`);
    else if (ee.a < regArgs.length || ee.b.param < regArgs.length) this.ins(`cmp ${arg(ee.a)}, ${arg(ee.b.param)}`);
    else {
      this.ins(`mov eax, ${arg(ee.a)}`);
      this.ins(`cmp eax, ${arg(ee.b.param)}`);
      inEax = ee.a;
    }
    if (regArgs[0] === EAX) inEax = 0;
    const slow = this.w.freshLabel('$full');
    this.ins(`j${CC[ee.exitOn ? negateCmp(ee.kind) : ee.kind]} ${slow}`);
    if (ee.value && 'imm' in ee.value) this.ins(`mov eax, ${ee.value.imm}`);
    else if (ee.value && ee.value.param !== inEax) this.ins(`mov eax, ${arg(ee.value.param)}`);
    this.ins('ret');
    this.out.push(`${slow}:`);
    return true;
  }

  private epilogue(): void {
    if (this.frameBytes) this.ins(`add esp, ${this.frameBytes}`);
    for (const r of [...this.saved].reverse()) this.ins(`pop ${N(r)}`);
    if (this.framed) this.ins('pop ebp');
    this.ins('ret');
  }

  // ---- instructions ---------------------------------------------------------------------------

  protected inst(x: MInst): void {
    switch (x.op) {
      case 'const': return this.move(this.vop(x.dst), { k: 'i', v: String(x.value | 0) });
      case 'addr': return this.move(this.vop(x.dst), { k: 'i', v: symExpr(this.sym(x.symbol), x.offset) });
      case 'slot': {
        const d = this.vop(x.dst);
        const r = d.k === 'r' ? d.r : this.tmp();
        this.ins(`lea ${N(r)}, [ebp${signed(this.slotOff[x.slot]! + x.offset)}]`);
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`);
        return;
      }
      case 'copy': return this.move(this.vop(x.dst), this.oop(x.src));
      case 'bin': return this.bin(x);
      case 'neg': case 'not': {
        const d = this.vop(x.dst), a = this.vop(x.a);
        const r = d.k === 'r' ? d.r : this.tmp();
        this.move({ k: 'r', r }, a);
        this.ins(`${x.op} ${N(r)}`);
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`);
        return;
      }
      case 'ext': {
        const d = this.vop(x.dst), a = this.vop(x.a);
        const r = d.k === 'r' ? d.r : this.tmp();
        const byte = x.kind.endsWith('8');
        if (a.k === 'm') {
          // little-endian: the low byte/halfword of a spilled word is at its address
          this.ins(`${x.kind.startsWith('s') ? 'movsx' : 'movzx'} ${N(r)}, ${byte ? 'byte' : 'word'} ${a.t}`);
        } else {
          this.move({ k: 'r', r }, a);
          if (x.kind === 'zext8') this.ins(`and ${N(r)}, 0xff`);
          else if (x.kind === 'zext16') this.ins(`and ${N(r)}, 0xffff`);
          else {
            this.ins(`shl ${N(r)}, ${byte ? 24 : 16}`);
            this.ins(`sar ${N(r)}, ${byte ? 24 : 16}`);
          }
        }
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`);
        return;
      }
      case 'cmp': {
        this.compare(this.vop(x.a), this.oop(x.b));
        const d = this.vop(x.dst);
        const r = d.k === 'r' ? d.r : this.tmp();
        this.ins(`set${CC[x.kind]} ${N(r)}`);
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`);
        return;
      }
      case 'load': {
        const d = this.vop(x.dst);
        const used = [x.mem.base, x.mem.index].map((v) => (v === null ? -1 : this.regOf(v)));
        let r = d.k === 'r' ? d.r : -1;
        // the destination register can hold the address unless the address still needs it
        let firstTemp = r >= 0 && !used.includes(r);
        const m = this.resolve(x.mem, () => {
          if (firstTemp) { firstTemp = false; return r; }
          return this.tmp();
        });
        if (r < 0) r = this.tmp([m.base ?? -1, m.index ?? -1]);
        const src = this.fmt(m);
        if (x.width === 4) this.ins(`mov ${N(r)}, ${src}`);
        else this.ins(`${x.signed ? 'movsx' : 'movzx'} ${N(r)}, ${SIZE[x.width]} ${src}`);
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`);
        return;
      }
      case 'store': {
        const m = this.resolve(x.mem, () => this.tmp());
        const s = this.oop(x.src);
        const size = SIZE[x.width];
        if (s.k === 'i') this.ins(`mov ${size} ${this.fmt(m)}, ${s.v}`);
        else {
          const r = this.inReg(s, [m.base ?? -1, m.index ?? -1]);
          this.ins(`mov ${x.width === 4 ? '' : size + ' '}${this.fmt(m)}, ${N(r)}`);
        }
        return;
      }
      case 'call': return this.call(x);
      case 'intrinsic': return this.intrinsic(x);
      case 'bounds': {
        const i = this.inReg(this.vop(x.index));
        const l = this.oop(x.length);
        const len = l.k === 'm' ? N(this.inReg(l, [i])) : T(l);
        this.ins(`bound ${N(i)}, ${len}`);
        return;
      }
      case 'memcpy': return this.memcpy(x);
      case 'binm': return this.binMem(x);
      case 'lea': {
        const d = this.vop(x.dst);
        const r = d.k === 'r' ? d.r : -1;
        const used = [x.mem.base, x.mem.index].map((v) => (v === null ? -1 : this.regOf(v)));
        let first = r >= 0 && !used.includes(r);
        const m = this.resolve(x.mem, () => { if (first) { first = false; return r; } return this.tmp(); });
        const out = r >= 0 ? r : this.tmp([m.base ?? -1, m.index ?? -1]);
        this.ins(`lea ${N(out)}, ${this.fmt(m)}`);
        if (d.k === 'm') this.ins(`mov ${d.t}, ${N(out)}`);
        return;
      }
      case 'loc': return;
    }
  }

  /** d = a op [m] */
  private binMem(x: Extract<MInst, { op: 'binm' }>): void {
    const mn = BIN[x.kind];
    const m = this.resolve(x.mem, () => this.tmp());
    const memRegs = [m.base ?? -1, m.index ?? -1];
    const d = this.vop(x.dst), a = this.vop(x.a);
    if (d.k === 'r' && (same(a, d) || !memRegs.includes(d.r))) {
      this.move(d, a);
      this.ins(`${mn} ${N(d.r)}, ${this.fmt(m)}`);
      return;
    }
    const t = this.tmp(memRegs);
    this.move({ k: 'r', r: t }, a);
    this.ins(`${mn} ${N(t)}, ${this.fmt(m)}`);
    this.move(d, { k: 'r', r: t });
  }

  private bin(x: Extract<MInst, { op: 'bin' }>): void {
    const mn = BIN[x.kind];
    const shift = SHIFTS.has(x.kind);
    let b = this.oop(x.b);
    if (b.k === 'i' && shift) b = { k: 'i', v: String(Number(b.v) & 31) };
    const d = this.vop(x.dst), a = this.vop(x.a);
    if (d.k === 'i') throw new Error('codegen: immediate destination');
    if (d.k === 'r') {
      if (a.k === 'r' && a.r === d.r) return this.op(mn, d.r, b);
      if (b.k === 'r' && b.r === d.r) {
        if (COMMUTATIVE.has(x.kind)) return this.op(mn, d.r, a);
        if (x.kind === 'sub') {
          // d = a - d  ==  -d + a
          this.ins(`neg ${N(d.r)}`);
          this.ins(`add ${N(d.r)}, ${T(a)}`);
          return;
        }
        const t = this.tmp();
        this.move({ k: 'r', r: t }, a);
        this.op(mn, t, b);
        this.ins(`mov ${N(d.r)}, ${N(t)}`);
        return;
      }
      if (a.k === 'r' && this.lea(x.kind, d.r, a.r, b)) return;
      this.move(d, a);
      return this.op(mn, d.r, b);
    }
    if (same(a, d) && MEM_DST.has(mn)) {
      // read-modify-write on the spill slot itself
      if (b.k === 'm') this.ins(`${mn} ${d.t}, ${N(this.inReg(b))}`);
      else this.ins(`${mn} ${b.k === 'i' ? 'dword ' : ''}${d.t}, ${T(b)}`);
      return;
    }
    const t = this.tmp();
    this.move({ k: 'r', r: t }, a);
    this.op(mn, t, b);
    this.ins(`mov ${d.t}, ${N(t)}`);
  }

  /** `mn r, b`: shift counts must be a register or an immediate */
  private op(mn: string, r: number, b: XOp): void {
    if (SHIFTS.has(mn) && b.k === 'm') b = { k: 'r', r: this.inReg(b, [r]) };
    this.ins(`${mn} ${N(r)}, ${T(b)}`);
  }

  /** three-address forms through lea: d = a + b, a + imm, a - imm, a << 1..3, a * 3|5|9 */
  private lea(kind: string, d: number, a: number, b: XOp): boolean {
    const A = N(a);
    if (kind === 'add' && b.k === 'r') { this.ins(`lea ${N(d)}, [${A}+${N(b.r)}]`); return true; }
    if (b.k !== 'i') return false;
    const v = Number(b.v);
    if (kind === 'add') { this.ins(`lea ${N(d)}, [${A}${signed(v)}]`); return true; }
    if (kind === 'sub' && v !== -0x80000000) { this.ins(`lea ${N(d)}, [${A}${signed(-v)}]`); return true; }
    if (kind === 'shl' && v >= 1 && v <= 3) { this.ins(`lea ${N(d)}, [${A}*${1 << v}]`); return true; }
    if (kind === 'mul' && (v === 3 || v === 5 || v === 9)) { this.ins(`lea ${N(d)}, [${A}+${A}*${v - 1}]`); return true; }
    return false;
  }

  private compare(a: XOp, b: XOp): void {
    if (a.k === 'm' && b.k === 'm') this.ins(`cmp ${N(this.inReg(a))}, ${b.t}`);
    else if (a.k === 'm' && b.k === 'i') this.ins(`cmp dword ${a.t}, ${b.v}`);
    else this.ins(`cmp ${T(a)}, ${T(b)}`);
  }

  private call(x: Extract<MInst, { op: 'call' }>): void {
    // stack arguments go to the outgoing area; register and immediate ones first, so the
    // caller-saved registers (which hold nothing live across the call) are then free for the
    // rest, except those still holding register arguments (regargs.ts)
    const regs = this.input.callRegArgs(x);
    const target = 'r' in x.target ? this.vop(x.target.r) : null;
    const later: [number, XOp][] = [];
    const sources: XOp[] = x.args.slice(0, regs.length).map((a) => this.oop(a));
    x.args.forEach((a, i) => {
      if (i < regs.length) return;
      const s = this.oop(a);
      const slot = `[esp+${4 * (i - regs.length)}]`;
      if (s.k === 'r') this.ins(`mov ${slot}, ${N(s.r)}`);
      else if (s.k === 'i') this.ins(`mov dword ${slot}, ${s.v}`);
      else later.push([i - regs.length, s]);
    });
    const scratch = [EAX, ECX, EDX].find((r) => !(target && target.k === 'r' && target.r === r) && !sources.some((s) => s.k === 'r' && s.r === r))!;
    for (const [i, s] of later) {
      this.ins(`mov ${N(scratch)}, ${T(s)}`);
      this.ins(`mov [esp+${4 * i}], ${N(scratch)}`);
    }
    const moves = sources.map((s, i): Move => (s.k === 'r' ? { dst: regs[i]!, src: { k: 'reg', r: s.r } } : { dst: regs[i]!, src: { k: 'other', emit: (d) => this.ins(`mov ${N(d)}, ${T(s)}`) } }));
    // edx is never an argument register, and a cycle involves only argument registers
    parallelMove(moves, (d, r) => this.ins(`mov ${N(d)}, ${N(r)}`), X86_ARG_TEMP);
    if (!target) this.ins(`call ${this.sym((x.target as { symbol: string }).symbol)}`);
    else if (target.k === 'r') this.ins(`call ${N(target.r)}`);
    else {
      this.ins(`mov eax, ${T(target)}`);
      this.ins('call eax');
    }
    if (x.dst !== null) this.move(this.vop(x.dst), { k: 'r', r: EAX });
  }

  private intrinsic(x: Extract<MInst, { op: 'intrinsic' }>): void {
    const d = x.dst === null ? null : this.vop(x.dst);
    /** the register the result is computed in */
    const out = (): number => (d && d.k === 'r' ? d.r : this.tmp());
    const finish = (r: number): void => { if (d && d.k === 'm') this.ins(`mov ${d.t}, ${N(r)}`); };
    const arg = (i: number): XOp => {
      const a = x.args[i];
      if (!a) throw new Error(`codegen: @${x.name} needs ${i + 1} argument(s)`);
      return this.oop(a);
    };
    /** a memory operand for an address operand */
    const at = (a: XOp): string => (a.k === 'i' ? `[0x${(Number(a.v) >>> 0).toString(16)}]` : `[${N(this.inReg(a))}]`);
    switch (x.name) {
      case 'mmio_read8': case 'mmio_read16': case 'mmio_read32': {
        const m = at(arg(0));
        const r = out();
        if (x.name === 'mmio_read32') this.ins(`mov ${N(r)}, ${m}`);
        else this.ins(`movzx ${N(r)}, ${x.name === 'mmio_read8' ? 'byte' : 'word'} ${m}`);
        return finish(r);
      }
      case 'mmio_write8': case 'mmio_write16': case 'mmio_write32': {
        const width = x.name === 'mmio_write8' ? 1 : x.name === 'mmio_write16' ? 2 : 4;
        const addr = arg(0);
        const m = at(addr);
        const v = arg(1);
        if (v.k === 'i') this.ins(`mov ${SIZE[width]} ${m}, ${v.v}`);
        else {
          const avoid = addr.k === 'r' ? [addr.r] : [];
          const r = this.inReg(v, [...avoid, ...this.regsIn(m)]);
          this.ins(`mov ${width === 4 ? '' : SIZE[width] + ' '}${m}, ${N(r)}`);
        }
        return;
      }
      case 'port_in8': case 'port_in16': case 'port_in32': {
        const p = arg(0);
        const port = p.k === 'm' ? N(this.inReg(p)) : T(p);
        const r = out();
        this.ins(`${{ port_in8: 'inb', port_in16: 'inw', port_in32: 'ind' }[x.name]} ${N(r)}, ${port}`);
        return finish(r);
      }
      case 'port_out8': case 'port_out16': case 'port_out32': {
        const p = arg(0);
        const port = p.k === 'm' ? this.inReg(p) : null;
        const v = this.inReg(arg(1), port === null ? [] : [port]);
        this.ins(`${{ port_out8: 'outb', port_out16: 'outw', port_out32: 'outd' }[x.name]} ${port === null ? T(p) : N(port)}, ${N(v)}`);
        return;
      }
      case 'irq_enable': return this.ins('sti');
      case 'irq_disable': return this.ins('cli');
      case 'halt': case 'wait_for_interrupt': return this.ins('hlt');
      case 'core_id': case 'cycles': {
        const r = out();
        this.ins(`mov ${N(r)}, ${x.name === 'core_id' ? 'coreid' : 'tsc'}`);
        return finish(r);
      }
      case 'trap': {
        const c = x.args[0];
        if (!c || !('imm' in c)) throw new Error('codegen: @trap needs a constant code');
        if (c.imm < 0 || c.imm > 255) throw new Error(`codegen: @trap code ${c.imm} is out of range 0..255 on x86`);
        return this.ins(`int ${c.imm}`);
      }
      case 'syscall': return this.syscall(x);
    }
  }

  private regsIn(memText: string): number[] {
    return NAMES.map((n, i) => (memText.includes(n) ? i : -1)).filter((i) => i >= 0);
  }

  /** eax = n, ecx edx ebx esi edi ebp = a0..a5; `syscall`; result in eax. The values go
   *  through the stack so that no argument register is overwritten before it is read, and
   *  ebp (the frame pointer, which spilled values are addressed from) changes last. */
  private syscall(x: Extract<MInst, { op: 'intrinsic' }>): void {
    const n = x.args.length;
    if (n < 1 || n > SYSCALL_REGS.length) throw new Error(`codegen: @syscall takes a number and up to 6 arguments, not ${n - 1}`);
    const regs = SYSCALL_REGS.slice(0, n);
    const keep = regs.filter((r) => r === EBX || r === ESI || r === EDI || r === EBP);
    for (const r of keep) this.ins(`push ${N(r)}`);
    for (let i = n - 1; i >= 0; i--) {
      const s = this.oop(x.args[i]!);
      if (s.k === 'm') {
        // no free register is needed: swap the value into the pushed word
        this.ins('push eax');
        this.ins(`mov eax, ${s.t}`);
        this.ins('xchg eax, [esp]');
      } else this.ins(`push ${T(s)}`);
    }
    for (const r of regs) this.ins(`pop ${N(r)}`);
    this.ins('syscall');
    for (const r of [...keep].reverse()) this.ins(`pop ${N(r)}`);
    if (x.dst !== null) this.move(this.vop(x.dst), { k: 'r', r: EAX });
  }

  /** word copies, then a halfword and a byte; a loop of 16-byte steps beyond 64 bytes */
  private memcpy(x: Extract<MInst, { op: 'memcpy' }>): void {
    if (x.size <= 0) return;
    let dm = this.resolve(x.dst, () => this.tmp());
    let sm = this.resolve(x.src, () => this.tmp([dm.base ?? -1, dm.index ?? -1]));
    const inUse = (): number[] => [dm.base, dm.index, sm.base, sm.index].filter((r): r is number => r !== null);
    let off = 0;
    if (x.size > 64) {
      // point plain registers at both buffers and walk them
      const pd = this.tmp(inUse());
      this.ins(`lea ${N(pd)}, ${this.fmt(dm)}`);
      const ps = this.tmp([...inUse(), pd]);
      this.ins(`lea ${N(ps)}, ${this.fmt(sm)}`);
      dm = { base: pd, index: null, shift: 0, sym: null, disp: 0 };
      sm = { base: ps, index: null, shift: 0, sym: null, disp: 0 };
      const cnt = this.tmp([pd, ps]);
      const v = this.tmp([pd, ps, cnt]);
      const loop = this.w.freshLabel('$mc');
      this.ins(`mov ${N(cnt)}, ${x.size >>> 4}`);
      this.out.push(`${loop}:`);
      for (let k = 0; k < 16; k += 4) {
        this.ins(`mov ${N(v)}, [${N(ps)}+${k}]`);
        this.ins(`mov [${N(pd)}+${k}], ${N(v)}`);
      }
      this.ins(`add ${N(ps)}, 16`);
      this.ins(`add ${N(pd)}, 16`);
      this.ins(`sub ${N(cnt)}, 1`);
      this.ins(`jne ${loop}`);
      this.copyTail(dm, sm, 0, x.size & 15, v);
      return;
    }
    const v = this.tmp(inUse());
    off = this.copyTail(dm, sm, off, x.size, v);
  }

  private copyTail(dm: XMem, sm: XMem, off: number, size: number, v: number): number {
    const V = N(v);
    for (; size >= 4; size -= 4, off += 4) {
      this.ins(`mov ${V}, ${this.fmt(sm, off)}`);
      this.ins(`mov ${this.fmt(dm, off)}, ${V}`);
    }
    if (size >= 2) {
      this.ins(`movzx ${V}, word ${this.fmt(sm, off)}`);
      this.ins(`mov word ${this.fmt(dm, off)}, ${V}`);
      size -= 2; off += 2;
    }
    if (size >= 1) {
      this.ins(`movzx ${V}, byte ${this.fmt(sm, off)}`);
      this.ins(`mov byte ${this.fmt(dm, off)}, ${V}`);
      off += 1;
    }
    return off;
  }

  // ---- terminators ----------------------------------------------------------------------------

  protected terminator(t: MTerm, next: number | null): void {
    switch (t.op) {
      case 'jmp':
        if (t.target !== next) this.ins(`jmp ${this.blockLabel(t.target)}`);
        return;
      case 'br': {
        this.compare(this.vop(t.a), this.oop(t.b));
        this.release();
        this.branch(t.kind, t.then, t.else, next);
        return;
      }
      case 'brm': {
        const m = this.resolve(t.am, () => this.tmp());
        const b = this.oop(t.b);
        const rhs = b.k === 'i' ? b.v : N(this.inReg(b, [m.base ?? -1, m.index ?? -1]));
        this.ins(`cmp ${b.k === 'i' ? 'dword ' : ''}${this.fmt(m)}, ${rhs}`);
        this.release();
        this.branch(t.kind, t.then, t.else, next);
        return;
      }
      case 'ret':
        if (t.value) this.move({ k: 'r', r: EAX }, this.oop(t.value));
        this.epilogue();
        return;
      case 'unreachable':
        this.ins('ud2');
        return;
    }
  }

  private branch(kind: CmpKind, then: number, els: number, next: number | null): void {
    if (then === next) this.ins(`j${CC[negateCmp(kind)]} ${this.blockLabel(els)}`);
    else {
      this.ins(`j${CC[kind]} ${this.blockLabel(then)}`);
      if (els !== next) this.ins(`jmp ${this.blockLabel(els)}`);
    }
  }
}
