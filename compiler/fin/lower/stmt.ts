// Lowering statements and whole functions.
import type { IrFunction } from '../ir/ir.ts';
import type { FuncInfo, TStmt } from '../checked.ts';
import type { Type } from '../types.ts';
import { sizeOf } from '../layout.ts';
import { FnBuilder } from './builder.ts';
import { ExprLowerer, isAggregate, type ProgramNames } from './expr.ts';

interface LoopTargets { brk: number; cont: number }

export class FnLowerer extends ExprLowerer {
  private readonly loops: LoopTargets[] = [];
  /** the hidden result pointer of a function returning an aggregate */
  private resultPtr: number | null = null;
  private readonly file: string;

  constructor(private readonly f: FuncInfo, names: ProgramNames, globalSymbol: (g: { linkName: string }) => string, symbol: string, global: boolean) {
    const ret = f.type.ret;
    super(new FnBuilder(symbol, global, f.path, ret.kind !== 'void' && !isAggregate(ret)), names, globalSymbol);
    this.file = f.path;
  }

  lower(): IrFunction {
    const b = this.b;
    if (isAggregate(this.f.type.ret)) { this.resultPtr = b.vreg(); b.fn.params.push(this.resultPtr); }
    for (const p of this.f.params) {
      const v = b.vreg();
      b.fn.params.push(v);
      if (isAggregate(p.type)) {
        // the caller passed the address of a private copy: use it in place
        this.places[p.id] = { kind: 'mem', addr: v, offset: 0 };
      } else {
        const place = this.placeLocal(p);
        this.write(place, p.type, { r: v });
      }
    }
    this.block(this.f.body ?? []);
    // falling off the end: void functions return; the checker rejects it for the others
    b.terminate({ op: 'ret', value: null });
    return b.fn;
  }

  private loc(s: { span: { line: number; col: number } }): void {
    this.b.emit({ op: 'loc', file: this.file, line: s.span.line, col: s.span.col });
  }

  private block(body: TStmt[]): void {
    for (const s of body) {
      if (!this.b.reachable) return;
      this.stmt(s);
    }
  }

  private zero(p: ReturnType<FnLowerer['placeLocal']>, t: Type): void {
    if (p.kind === 'reg') { this.b.emit({ op: 'copy', dst: p.v, src: { imm: 0 } }); return; }
    const size = sizeOf(t);
    // word stores while they fit, then bytes; slots are at least word aligned for words
    let off = 0;
    for (; off + 4 <= size; off += 4) this.b.emit({ op: 'store', width: 4, src: { imm: 0 }, addr: p.addr, offset: p.offset + off });
    for (; off < size; off++) this.b.emit({ op: 'store', width: 1, src: { imm: 0 }, addr: p.addr, offset: p.offset + off });
  }

  private stmt(s: TStmt): void {
    const b = this.b;
    this.loc(s);
    switch (s.kind) {
      case 'block': this.block(s.body); return;
      case 'var': {
        const p = this.placeLocal(s.local);
        if (s.init) this.write(p, s.local.type, this.value(s.init));
        else this.zero(p, s.local.type);
        return;
      }
      case 'assign': {
        const p = this.place(s.target);
        if (s.op === null) { this.write(p, s.target.type, this.value(s.value)); return; }
        const cur = b.reg(this.read(p, s.target.type));
        const rhs = this.value(s.value);
        if (s.ptrScale !== null) {
          const out = b.vreg();
          const kind = s.op === '+' ? 'add' : 'sub';
          if ('imm' in rhs) b.emit({ op: 'bin', kind, dst: out, a: cur, b: { imm: Math.imul(rhs.imm, s.ptrScale) } });
          else b.emit({ op: 'bin', kind, dst: out, a: cur, b: { r: this.scale(rhs.r, s.ptrScale) } });
          this.write(p, s.target.type, { r: out });
        } else {
          this.write(p, s.target.type, { r: this.binary(s.op, cur, rhs, s.target.type) });
        }
        return;
      }
      case 'expr': this.value(s.expr); return;
      case 'if': {
        const t = b.newBlock(), join = b.newBlock();
        const f = s.else ? b.newBlock() : join;
        this.branch(s.cond, t.id, f.id);
        b.enter(t); this.block(s.then); b.jump(join);
        if (s.else) { b.enter(f); this.block(s.else); b.jump(join); }
        b.enter(join);
        return;
      }
      case 'while': {
        const head = b.newBlock(), body = b.newBlock(), exit = b.newBlock();
        b.jump(head);
        b.enter(head);
        this.branch(s.cond, body.id, exit.id);
        b.enter(body);
        this.loops.push({ brk: exit.id, cont: head.id });
        this.block(s.body);
        this.loops.pop();
        b.jump(head);
        b.enter(exit);
        return;
      }
      case 'loop': {
        const body = b.newBlock(), exit = b.newBlock();
        b.jump(body);
        b.enter(body);
        this.loops.push({ brk: exit.id, cont: body.id });
        this.block(s.body);
        this.loops.pop();
        b.jump(body);
        b.enter(exit);
        return;
      }
      case 'for': {
        const i = this.placeLocal(s.local), end = this.placeLocal(s.end);
        this.write(i, s.local.type, this.value(s.from));
        this.write(end, s.end.type, this.value(s.to));
        const head = b.newBlock(), body = b.newBlock(), step = b.newBlock(), exit = b.newBlock();
        b.jump(head);
        b.enter(head);
        const iv = b.reg(this.read(i, s.local.type));
        const ev = this.read(end, s.end.type);
        b.terminate({ op: 'br', kind: this.compareKind('<', s.local.type), a: iv, b: ev, then: body.id, else: exit.id });
        b.enter(body);
        this.loops.push({ brk: exit.id, cont: step.id });
        this.block(s.body);
        this.loops.pop();
        b.jump(step);
        b.enter(step);
        const cur = b.reg(this.read(i, s.local.type));
        this.write(i, s.local.type, { r: this.binary('+', cur, { imm: 1 }, s.local.type) });
        b.jump(head);
        b.enter(exit);
        return;
      }
      case 'break': b.jump(b.fn.blocks[this.loops[this.loops.length - 1].brk]); return;
      case 'continue': b.jump(b.fn.blocks[this.loops[this.loops.length - 1].cont]); return;
      case 'return': {
        if (s.value === null) { b.terminate({ op: 'ret', value: null }); return; }
        const v = this.value(s.value);
        if (this.resultPtr !== null) {
          b.emit({ op: 'memcpy', dst: this.resultPtr, src: b.reg(v), size: sizeOf(s.value.type) });
          b.terminate({ op: 'ret', value: null });
        } else b.terminate({ op: 'ret', value: v });
        return;
      }
      case 'switch': {
        const subject = b.reg(this.value(s.subject));
        const exit = b.newBlock();
        const bodies = s.cases.map(() => b.newBlock());
        for (let k = 0; k < s.cases.length; k++) {
          for (const value of s.cases[k].values) {
            const next = b.newBlock();
            b.terminate({ op: 'br', kind: 'eq', a: subject, b: { imm: value | 0 }, then: bodies[k].id, else: next.id });
            b.enter(next);
          }
        }
        if (s.default) this.block(s.default);
        b.jump(exit);
        s.cases.forEach((c, k) => { b.enter(bodies[k]); this.block(c.body); b.jump(exit); });
        b.enter(exit);
        return;
      }
    }
  }
}
