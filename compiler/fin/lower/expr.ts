// Lowering expressions. Scalars are one word, kept normalised for their type in every vreg:
// u8/u16/bool zero-extended, i8/i16 sign-extended, so comparisons and division need no fixing
// up and only results of arithmetic on narrow types are re-normalised. Aggregates (structs,
// arrays) are handled by address: their "value" is a vreg pointing at the bytes.
import type { BinKind, CmpKind, ExtKind, IntrinsicName, Operand, VReg, Width } from '../ir/ir.ts';
import type { FuncInfo, LocalVar, TExpr } from '../checked.ts';
import type { Type } from '../types.ts';
import { scalarRep } from '../types.ts';
import { alignOf, sizeOf } from '../layout.ts';
import { FnBuilder, type Place } from './builder.ts';

export interface ProgramNames {
  funcSymbol(f: FuncInfo): string;
  stringSymbol(index: number): string;
}

export const isAggregate = (t: Type): boolean => t.kind === 'struct' || t.kind === 'array';

/** Width and signedness of a scalar type in memory. */
export function scalarAccess(t: Type): { width: Width; signed: boolean } {
  const rep = scalarRep(t);
  if (!rep) throw new Error(`not a scalar type: ${t.kind}`);
  return { width: (rep.bits / 8) as Width, signed: rep.signed };
}

function normaliser(t: Type): ExtKind | null {
  const rep = scalarRep(t);
  if (!rep || rep.bits === 32) return null;
  return rep.bits === 8 ? (rep.signed ? 'sext8' : 'zext8') : rep.signed ? 'sext16' : 'zext16';
}

const ARITH: Record<string, [BinKind, BinKind]> = {
  '+': ['add', 'add'], '-': ['sub', 'sub'], '*': ['mul', 'mul'], '/': ['udiv', 'sdiv'], '%': ['urem', 'srem'],
  '&': ['and', 'and'], '|': ['or', 'or'], '^': ['xor', 'xor'], '<<': ['shl', 'shl'], '>>': ['shr', 'sar'],
};
const COMPARE: Record<string, [CmpKind, CmpKind]> = {
  '==': ['eq', 'eq'], '!=': ['ne', 'ne'], '<': ['ult', 'slt'], '<=': ['ule', 'sle'], '>': ['ugt', 'sgt'], '>=': ['uge', 'sge'],
};
export const NEGATE: Record<CmpKind, CmpKind> = {
  eq: 'ne', ne: 'eq', slt: 'sge', sge: 'slt', sle: 'sgt', sgt: 'sle', ult: 'uge', uge: 'ult', ule: 'ugt', ugt: 'ule',
};

export class ExprLowerer {
  readonly b: FnBuilder;
  /** where each local lives, by LocalVar.id */
  readonly places: Place[] = [];

  constructor(b: FnBuilder, readonly names: ProgramNames, readonly globalSymbol: (g: { linkName: string }) => string) {
    this.b = b;
  }

  /** The place of a local, allocating memory for aggregates and address-taken scalars. */
  placeLocal(l: LocalVar): Place {
    let p = this.places[l.id];
    if (p) return p;
    if (isAggregate(l.type) || l.addressTaken) {
      const slot = this.b.slot(sizeOf(l.type), alignOf(l.type));
      const addr = this.b.vreg();
      this.b.emit({ op: 'slot', dst: addr, slot, offset: 0 });
      p = { kind: 'mem', addr, offset: 0 };
    } else {
      p = { kind: 'reg', v: this.b.vreg() };
    }
    this.places[l.id] = p;
    return p;
  }

  /** The place an lvalue expression denotes. */
  place(e: TExpr): Place {
    switch (e.kind) {
      case 'local': return this.placeLocal(e.local);
      case 'global': {
        const addr = this.b.vreg();
        this.b.emit({ op: 'addr', dst: addr, symbol: this.globalSymbol(e.global), offset: 0 });
        return { kind: 'mem', addr, offset: 0 };
      }
      case 'field': {
        if (e.via === 'pointer') return { kind: 'mem', addr: this.b.reg(this.value(e.object)), offset: e.field.offset };
        const base = this.memPlace(e.object);
        return { kind: 'mem', addr: base.addr, offset: base.offset + e.field.offset };
      }
      case 'index': {
        const base = e.checked ? this.memPlace(e.object) : { addr: this.b.reg(this.value(e.object)), offset: 0 };
        const idx = this.value(e.index);
        if ('imm' in idx && (!e.checked || (idx.imm >>> 0) < e.length)) {
          return { kind: 'mem', addr: base.addr, offset: base.offset + idx.imm * e.elemSize };
        }
        const iv = this.b.reg(idx);
        if (e.checked) this.b.emit({ op: 'bounds', index: iv, length: { imm: e.length } });
        const scaled = this.scale(iv, e.elemSize);
        const addr = this.b.vreg();
        this.b.emit({ op: 'bin', kind: 'add', dst: addr, a: base.addr, b: { r: scaled } });
        return { kind: 'mem', addr, offset: base.offset };
      }
      case 'deref': return { kind: 'mem', addr: this.b.reg(this.value(e.pointer)), offset: 0 };
      default: throw new Error(`not an lvalue: ${e.kind}`);
    }
  }

  /** A place that is in memory (aggregates always are). */
  memPlace(e: TExpr): { addr: VReg; offset: number } {
    if (e.lvalue) {
      const p = this.place(e);
      if (p.kind === 'mem') return p;
    }
    // an aggregate rvalue (call result) is already an address
    return { addr: this.b.reg(this.value(e)), offset: 0 };
  }

  scale(v: VReg, size: number): VReg {
    if (size === 1) return v;
    const out = this.b.vreg();
    if ((size & (size - 1)) === 0) this.b.emit({ op: 'bin', kind: 'shl', dst: out, a: v, b: { imm: Math.log2(size) } });
    else this.b.emit({ op: 'bin', kind: 'mul', dst: out, a: v, b: { imm: size } });
    return out;
  }

  read(p: Place, t: Type): Operand {
    if (p.kind === 'reg') return { r: p.v };
    if (isAggregate(t)) return { r: this.addrOf(p) };
    const { width, signed } = scalarAccess(t);
    const v = this.b.vreg();
    this.b.emit({ op: 'load', width, signed, dst: v, addr: p.addr, offset: p.offset });
    return { r: v };
  }

  write(p: Place, t: Type, value: Operand): void {
    if (p.kind === 'reg') { this.b.emit({ op: 'copy', dst: p.v, src: value }); return; }
    if (isAggregate(t)) {
      this.b.emit({ op: 'memcpy', dst: this.addrOf(p), src: this.b.reg(value), size: sizeOf(t) });
      return;
    }
    this.b.emit({ op: 'store', width: scalarAccess(t).width, src: value, addr: p.addr, offset: p.offset });
  }

  addrOf(p: Place): VReg {
    if (p.kind === 'reg') throw new Error('address of a register local');
    if (p.offset === 0) return p.addr;
    const v = this.b.vreg();
    this.b.emit({ op: 'bin', kind: 'add', dst: v, a: p.addr, b: { imm: p.offset } });
    return v;
  }

  /** Re-normalise an arithmetic result for a narrow type. */
  norm(v: VReg, t: Type): VReg {
    const ext = normaliser(t);
    if (!ext) return v;
    const out = this.b.vreg();
    this.b.emit({ op: 'ext', kind: ext, dst: out, a: v });
    return out;
  }

  binary(op: string, a: VReg, b: Operand, t: Type): VReg {
    const signed = scalarRep(t)?.signed ?? false;
    let rhs = b;
    const bits = scalarRep(t)?.bits ?? 32;
    if ((op === '<<' || op === '>>') && bits < 32) {
      // shift counts are taken modulo the operand width
      if ('imm' in rhs) rhs = { imm: rhs.imm & (bits - 1) };
      else { const m = this.b.vreg(); this.b.emit({ op: 'bin', kind: 'and', dst: m, a: rhs.r, b: { imm: bits - 1 } }); rhs = { r: m }; }
    }
    const out = this.b.vreg();
    this.b.emit({ op: 'bin', kind: ARITH[op][signed ? 1 : 0], dst: out, a, b: rhs });
    // and/or/xor/shr/rem of normalised operands stay in range; these can leave it
    const mayOverflow = op === '+' || op === '-' || op === '*' || op === '<<' || (op === '/' && signed);
    return mayOverflow ? this.norm(out, t) : out;
  }

  compareKind(op: string, t: Type): CmpKind {
    const signed = scalarRep(t)?.signed ?? false;
    return COMPARE[op][signed ? 1 : 0];
  }

  /** Evaluate an expression to an operand (aggregates: their address). */
  value(e: TExpr): Operand {
    const b = this.b;
    switch (e.kind) {
      case 'const': return { imm: e.value | 0 };
      case 'string': { const v = b.vreg(); b.emit({ op: 'addr', dst: v, symbol: this.names.stringSymbol(e.index), offset: 0 }); return { r: v }; }
      case 'func': { const v = b.vreg(); b.emit({ op: 'addr', dst: v, symbol: this.names.funcSymbol(e.func), offset: 0 }); return { r: v }; }
      case 'local': case 'global': case 'field': case 'index': case 'deref':
        return this.read(this.place(e), e.type);
      case 'addr': {
        const p = this.place(e.operand);
        return { r: this.addrOf(p) };
      }
      case 'unary': {
        const a = b.reg(this.value(e.operand));
        const out = b.vreg();
        if (e.op === '!') { b.emit({ op: 'bin', kind: 'xor', dst: out, a, b: { imm: 1 } }); return { r: out }; }
        b.emit({ op: e.op === '-' ? 'neg' : 'not', dst: out, a });
        return { r: this.norm(out, e.type) };
      }
      case 'binary': {
        if (e.op in COMPARE) {
          const a = b.reg(this.value(e.left));
          const rhs = this.value(e.right);
          const out = b.vreg();
          b.emit({ op: 'cmp', kind: this.compareKind(e.op, e.left.type), dst: out, a, b: rhs });
          return { r: out };
        }
        const a = b.reg(this.value(e.left));
        return { r: this.binary(e.op, a, this.value(e.right), e.type) };
      }
      case 'logical': {
        // materialise a short-circuit condition as 0/1
        const out = b.vreg();
        const t = b.newBlock(), f = b.newBlock(), join = b.newBlock();
        this.branch(e, t.id, f.id);
        b.enter(t); b.emit({ op: 'copy', dst: out, src: { imm: 1 } }); b.jump(join);
        b.enter(f); b.emit({ op: 'copy', dst: out, src: { imm: 0 } }); b.jump(join);
        b.enter(join);
        return { r: out };
      }
      case 'ptradd': {
        const p = b.reg(this.value(e.pointer));
        const off = this.value(e.offset);
        const out = b.vreg();
        if ('imm' in off) { b.emit({ op: 'bin', kind: e.op === '+' ? 'add' : 'sub', dst: out, a: p, b: { imm: Math.imul(off.imm, e.scale) } }); return { r: out }; }
        b.emit({ op: 'bin', kind: e.op === '+' ? 'add' : 'sub', dst: out, a: p, b: { r: this.scale(off.r, e.scale) } });
        return { r: out };
      }
      case 'ptrdiff': {
        const l = b.reg(this.value(e.left)), r = this.value(e.right);
        const d = b.vreg();
        b.emit({ op: 'bin', kind: 'sub', dst: d, a: l, b: r });
        if (e.scale === 1) return { r: d };
        const out = b.vreg();
        b.emit({ op: 'bin', kind: 'sdiv', dst: out, a: d, b: { imm: e.scale } });
        return { r: out };
      }
      case 'cast': {
        // operands are normalised for their own type, which already is the extension by the
        // source's signedness; every conversion is then just normalising for the target
        const v = this.value(e.operand);
        if (e.conv === 'none' && e.type.kind !== 'int' && e.type.kind !== 'enum') return v;
        if ('imm' in v) return { imm: normConst(v.imm, e.type) };
        return { r: this.norm(v.r, e.type) };
      }
      case 'call': return this.call(e);
      case 'intrinsic': return this.intrinsic(e.name as IntrinsicName, e.args, e.type);
    }
  }

  /** Branch to `t` when the boolean expression is true, else to `f`. */
  branch(e: TExpr, t: number, f: number): void {
    const b = this.b;
    if (e.kind === 'logical') {
      const mid = b.newBlock();
      if (e.op === '&&') this.branch(e.left, mid.id, f); else this.branch(e.left, t, mid.id);
      b.enter(mid);
      this.branch(e.right, t, f);
      return;
    }
    if (e.kind === 'unary' && e.op === '!') { this.branch(e.operand, f, t); return; }
    if (e.kind === 'const') { b.terminate({ op: 'jmp', target: e.value ? t : f }); return; }
    if (e.kind === 'binary' && e.op in COMPARE) {
      const a = b.reg(this.value(e.left));
      const rhs = this.value(e.right);
      b.terminate({ op: 'br', kind: this.compareKind(e.op, e.left.type), a, b: rhs, then: t, else: f });
      return;
    }
    const v = b.reg(this.value(e));
    b.terminate({ op: 'br', kind: 'ne', a: v, b: { imm: 0 }, then: t, else: f });
  }

  call(e: Extract<TExpr, { kind: 'call' }>): Operand {
    const b = this.b;
    const fnType = e.callee.type.kind === 'fn' ? e.callee.type : null;
    const ret = fnType ? fnType.ret : e.type;
    const target: { symbol: string } | { r: VReg } = e.func ? { symbol: this.names.funcSymbol(e.func) } : { r: b.reg(this.value(e.callee)) };
    const args: VReg[] = [];
    let result: VReg | null = null;
    if (isAggregate(ret)) {
      // the caller provides the result's memory as a hidden first argument
      const slot = b.slot(sizeOf(ret), alignOf(ret));
      result = b.vreg();
      b.emit({ op: 'slot', dst: result, slot, offset: 0 });
      args.push(result);
    }
    for (const a of e.args) {
      const v = this.value(a);
      if (isAggregate(a.type)) {
        // aggregates are passed by value: hand the callee a private copy
        const slot = b.slot(sizeOf(a.type), alignOf(a.type));
        const copy = b.vreg();
        b.emit({ op: 'slot', dst: copy, slot, offset: 0 });
        b.emit({ op: 'memcpy', dst: copy, src: b.reg(v), size: sizeOf(a.type) });
        args.push(copy);
      } else args.push(b.reg(v));
    }
    if (result !== null) {
      b.emit({ op: 'call', dst: null, target, args });
      return { r: result };
    }
    const dst = ret.kind === 'void' ? null : b.vreg();
    b.emit({ op: 'call', dst, target, args });
    return dst === null ? { imm: 0 } : { r: dst };
  }

  intrinsic(name: IntrinsicName, args: TExpr[], t: Type): Operand {
    const ops = args.map((a) => this.value(a));
    const hasResult = t.kind !== 'void';
    const dst = hasResult ? this.b.vreg() : null;
    this.b.emit({ op: 'intrinsic', name, dst, args: ops });
    return dst === null ? { imm: 0 } : { r: dst };
  }
}

/** A constant normalised for a scalar type. */
function normConst(v: number, t: Type): number {
  const rep = scalarRep(t);
  if (!rep || rep.bits === 32) return v | 0;
  const sh = 32 - rep.bits;
  return rep.signed ? (v << sh) >> sh : v & ((1 << rep.bits) - 1);
}
