// A reference interpreter for IR modules: the meaning the code generators must reproduce.
// Memory is one flat byte array; globals are laid out from 0x1000 and stack slots below 0x10000.
// Only what the generated test programs use: no function pointers or device intrinsics.
import type { BinKind, CmpKind, ExtKind, IrFunction, IrModule, Operand } from '../../compiler/fin/ir/ir.ts';

export class Fault extends Error {
  constructor(readonly kind: 'bounds' | 'divide' | 'steps') { super(kind); }
}

export function bin(k: BinKind, a: number, b: number): number {
  a |= 0; b |= 0;
  switch (k) {
    case 'add': return (a + b) | 0;
    case 'sub': return (a - b) | 0;
    case 'mul': return Math.imul(a, b);
    case 'udiv': if (b === 0) throw new Fault('divide'); return ((a >>> 0) / (b >>> 0)) | 0;
    case 'sdiv': if (b === 0) throw new Fault('divide'); return (a / b) | 0;
    case 'urem': if (b === 0) throw new Fault('divide'); return ((a >>> 0) % (b >>> 0)) | 0;
    case 'srem': if (b === 0) throw new Fault('divide'); return (a % b) | 0;
    case 'and': return a & b;
    case 'or': return a | b;
    case 'xor': return a ^ b;
    case 'shl': return a << (b & 31);
    case 'shr': return (a >>> (b & 31)) | 0;
    case 'sar': return a >> (b & 31);
  }
}

export function cmp(k: CmpKind, a: number, b: number): boolean {
  const ua = a >>> 0, ub = b >>> 0;
  a |= 0; b |= 0;
  switch (k) {
    case 'eq': return a === b;
    case 'ne': return a !== b;
    case 'slt': return a < b;
    case 'sle': return a <= b;
    case 'sgt': return a > b;
    case 'sge': return a >= b;
    case 'ult': return ua < ub;
    case 'ule': return ua <= ub;
    case 'ugt': return ua > ub;
    case 'uge': return ua >= ub;
  }
}

function ext(k: ExtKind, a: number): number {
  switch (k) {
    case 'sext8': return (a << 24) >> 24;
    case 'sext16': return (a << 16) >> 16;
    case 'zext8': return a & 0xff;
    case 'zext16': return a & 0xffff;
  }
}

export class Interp {
  readonly mem = new DataView(new ArrayBuffer(0x10000));
  readonly globals = new Map<string, number>();
  private readonly fns = new Map<string, IrFunction>();
  private sp = 0x10000;
  steps = 0;

  constructor(mod: IrModule, private readonly maxSteps = 5_000_000) {
    let at = 0x1000;
    for (const g of mod.globals) {
      at = Math.ceil(at / Math.max(1, g.align)) * Math.max(1, g.align);
      this.globals.set(g.name, at);
      let p = at;
      for (const it of g.init ?? []) {
        if (it.kind === 'bytes') { it.bytes.forEach((b, i) => this.mem.setUint8(p + i, b)); p += it.bytes.length; }
        else if (it.kind === 'word') { this.mem.setInt32(p, it.value | 0, true); p += 4; }
        else if (it.kind === 'zero') p += it.size;
        else throw new Error('symbol initialisers are not interpreted');
      }
      at += g.size;
    }
    for (const f of mod.functions) this.fns.set(f.name, f);
  }

  call(name: string, args: number[]): number {
    const fn = this.fns.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    const regs = new Int32Array(fn.nvregs);
    fn.params.forEach((p, i) => { regs[p] = args[i]! | 0; });
    const saved = this.sp;
    const slotAt = fn.slots.map((s) => {
      this.sp = Math.floor((this.sp - s.size) / Math.max(4, s.align)) * Math.max(4, s.align);
      return this.sp;
    });
    const byId = new Map(fn.blocks.map((b) => [b.id, b]));
    const val = (o: Operand): number => ('r' in o ? regs[o.r]! : o.imm | 0);
    let b = fn.blocks[0]!;
    try {
      for (;;) {
        for (const x of b.insts) {
          if (++this.steps > this.maxSteps) throw new Fault('steps');
          switch (x.op) {
            case 'const': regs[x.dst] = x.value; break;
            case 'addr': regs[x.dst] = this.globals.get(x.symbol)! + x.offset; break;
            case 'slot': regs[x.dst] = slotAt[x.slot]! + x.offset; break;
            case 'copy': regs[x.dst] = val(x.src); break;
            case 'bin': regs[x.dst] = bin(x.kind, regs[x.a]!, val(x.b)); break;
            case 'neg': regs[x.dst] = -regs[x.a]! | 0; break;
            case 'not': regs[x.dst] = ~regs[x.a]!; break;
            case 'cmp': regs[x.dst] = cmp(x.kind, regs[x.a]!, val(x.b)) ? 1 : 0; break;
            case 'ext': regs[x.dst] = ext(x.kind, regs[x.a]!); break;
            case 'load': {
              const a = (regs[x.addr]! + x.offset) >>> 0;
              regs[x.dst] = x.width === 4 ? this.mem.getInt32(a, true)
                : x.width === 2 ? (x.signed ? this.mem.getInt16(a, true) : this.mem.getUint16(a, true))
                : (x.signed ? this.mem.getInt8(a) : this.mem.getUint8(a));
              break;
            }
            case 'store': {
              const a = (regs[x.addr]! + x.offset) >>> 0, v = val(x.src);
              if (x.width === 4) this.mem.setInt32(a, v, true);
              else if (x.width === 2) this.mem.setInt16(a, v, true);
              else this.mem.setInt8(a, v);
              break;
            }
            case 'call': {
              if (!('symbol' in x.target)) throw new Error('indirect calls are not interpreted');
              const r = this.call(x.target.symbol, x.args.map((a) => regs[a]!));
              if (x.dst !== null) regs[x.dst] = r;
              break;
            }
            case 'bounds': if ((regs[x.index]! >>> 0) >= (val(x.length) >>> 0)) throw new Fault('bounds'); break;
            case 'memcpy': {
              const d = regs[x.dst]! >>> 0, s = regs[x.src]! >>> 0;
              for (let i = 0; i < x.size; i++) this.mem.setUint8(d + i, this.mem.getUint8(s + i));
              break;
            }
            case 'intrinsic': throw new Error('intrinsics are not interpreted');
            case 'loc': break;
          }
        }
        const t = b.term;
        if (t.op === 'jmp') b = byId.get(t.target)!;
        else if (t.op === 'br') b = byId.get(cmp(t.kind, regs[t.a]!, val(t.b)) ? t.then : t.else)!;
        else if (t.op === 'ret') return t.value ? val(t.value) : 0;
        else throw new Error('reached unreachable');
      }
    } finally {
      this.sp = saved;
    }
  }
}
