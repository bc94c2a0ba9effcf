// Differential fuzzing: random IR programs (nested loops and branches, variables redefined on
// several paths, every operation, loads/stores of every width, bounds checks, stack slots,
// memcpy, calls with up to 7 arguments, high register pressure) must give the reference
// interpreter's results on both personalities, in the return value and in memory.
import { describe, expect, it } from 'vitest';
import type { BinKind, CmpKind, ExtKind, IrModule, VReg, Width } from '../../compiler/fin/ir/ir.ts';
import { Fn, global, imm, module, type Src } from './builder.ts';
import { Fault, Interp } from './interp.ts';
import { ARCHES, run, savedProblem } from './run.ts';

const BINS: BinKind[] = ['add', 'sub', 'mul', 'udiv', 'sdiv', 'urem', 'srem', 'and', 'or', 'xor', 'shl', 'shr', 'sar'];
const CMPS: CmpKind[] = ['eq', 'ne', 'slt', 'sle', 'sgt', 'sge', 'ult', 'ule', 'ugt', 'uge'];
const EXTS: ExtKind[] = ['sext8', 'sext16', 'zext8', 'zext16'];
const IMMS = [0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 255, 256, 1000, 0x7fff, 0x8000, 0xffff, 0x10000, 100000, -1, -2, -100, -32768, -32769, 0x7fffffff, -0x80000000, 0x12345678];
const G_WORDS = 16;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly r: () => number;
  constructor(seed: number) { this.r = mulberry32(seed); }
  int(n: number): number { return Math.floor(this.r() * n); }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
  chance(p: number): boolean { return this.r() < p; }
  immediate(): number { return this.chance(0.7) ? this.pick(IMMS) : (this.int(0x100000000) | 0); }

  program(): IrModule {
    const nf = 2 + this.int(4);
    const fns: Fn[] = [];
    for (let i = 0; i < nf; i++) {
      const np = this.int(8);
      this.calleeParams.set(`f${i}`, np);
      fns.push(this.fn(`f${i}`, np, fns.map((f) => f.name)));
    }
    const m = new Fn('main', 0);
    let acc = m.const(0);
    const out = m.addr('out');
    fns.forEach((f, i) => {
      const args = f.params.map(() => m.const(this.immediate()));
      const r = m.call(f.name, args);
      m.store(4, r, out, 4 * i);
      acc = m.bin('xor', m.bin('mul', acc, imm(31)), r);
    });
    m.ret(acc);
    return module([...fns, m], [
      global('g', 4 * G_WORDS, [{ kind: 'bytes', bytes: Uint8Array.from({ length: 4 * G_WORDS }, () => this.int(256)) }]),
      global('out', 4 * nf),
    ]);
  }

  private fn(name: string, nparams: number, callees: string[]): Fn {
    // private functions take x86's register-argument convention (codegen/regargs.ts)
    const f = new Fn(name, nparams, { global: this.chance(0.5) });
    const vars: VReg[] = [...f.params];
    const extra = 2 + this.int(this.chance(0.3) ? 14 : 5);
    for (let i = 0; i < extra; i++) { const v = f.v(); f.copy(v, imm(this.immediate())); vars.push(v); }
    const slot = f.slot(16);
    const ctx = { f, vars, callees, slot, loops: 0 };
    this.stmts(ctx, 0, 4 + this.int(8));
    let acc = vars[0] ?? f.const(1);
    for (const v of vars.slice(1)) acc = f.bin(this.pick(['xor', 'add'] as const), f.bin('mul', acc, imm(17)), v);
    f.ret(acc);
    return f;
  }

  private operand(c: Ctx, d: number): Src {
    return this.chance(0.4) ? imm(this.immediate()) : this.expr(c, d + 1);
  }

  private expr(c: Ctx, d: number): VReg {
    const { f } = c;
    const k = d > 2 ? this.int(2) : this.int(10);
    switch (k) {
      case 0: return this.pick(c.vars);
      case 1: return f.const(this.immediate());
      case 2: case 3: {
        const kind = this.pick(BINS);
        const a = this.expr(c, d + 1);
        let b = this.operand(c, d);
        if (['udiv', 'sdiv', 'urem', 'srem'].includes(kind)) {
          if (typeof b === 'number') b = f.bin('or', b, imm(1));
          else if (b.imm === 0) b = imm(3);
        }
        return f.bin(kind, a, b);
      }
      case 4: return f.cmp(this.pick(CMPS), this.expr(c, d + 1), this.operand(c, d));
      case 5: {
        const a = this.expr(c, d + 1);
        const w = this.int(3);
        return w === 0 ? f.neg(a) : w === 1 ? f.not(a) : f.ext(this.pick(EXTS), a);
      }
      case 6: case 7: {
        // g[idx & 15] with a checked index, some width
        const width = this.pick([1, 2, 4] as Width[]);
        const idx = f.bin('and', this.expr(c, d + 1), imm(G_WORDS - 1));
        f.bounds(idx, imm(G_WORDS));
        const p = f.bin('add', f.addr('g'), f.bin('shl', idx, imm(2)));
        return f.load(width, p, width === 4 ? 0 : this.int(4 / width) * width, this.chance(0.5));
      }
      case 8: {
        if (c.callees.length === 0 || d > 1) return this.pick(c.vars);
        const callee = this.pick(c.callees);
        const nargs = this.calleeParams.get(callee)!;
        return f.call(callee, Array.from({ length: nargs }, () => (this.chance(0.5) ? this.pick(c.vars) : this.expr(c, d + 2))));
      }
      default: {
        // through a stack slot: store then load back at another width
        const v = this.expr(c, d + 1);
        const off = this.int(4) * 4;
        f.store(4, v, f.slotAddr(c.slot), off);
        return f.load(this.pick([1, 2, 4] as Width[]), f.slotAddr(c.slot, off), 0, this.chance(0.5));
      }
    }
  }

  readonly calleeParams = new Map<string, number>();

  private stmts(c: Ctx, depth: number, n: number): void {
    for (let i = 0; i < n; i++) this.stmt(c, depth);
  }

  private stmt(c: Ctx, depth: number): void {
    const { f } = c;
    const k = depth > 2 ? this.int(3) : this.int(7);
    switch (k) {
      case 0: case 1: {
        const v = this.pick(c.vars);
        if (this.chance(0.5)) f.copy(v, this.expr(c, 0));
        else f.bin(this.pick(['add', 'sub', 'xor', 'mul', 'shl', 'and', 'or'] as const), this.pick(c.vars), this.operand(c, 0), v);
        return;
      }
      case 2: {
        const idx = f.bin('and', this.expr(c, 1), imm(G_WORDS - 1));
        f.bounds(idx, imm(G_WORDS));
        const width = this.pick([1, 2, 4] as Width[]);
        f.store(width, this.chance(0.3) ? imm(this.immediate()) : this.expr(c, 1), f.bin('add', f.addr('g'), f.bin('shl', idx, imm(2))), width === 4 ? 0 : this.int(4 / width) * width);
        return;
      }
      case 3: case 4: {
        const yes = f.block(), no = f.block(), join = f.block();
        f.br(this.pick(CMPS), this.expr(c, 1), this.operand(c, 1), yes, no);
        f.at(yes); this.stmts(c, depth + 1, 1 + this.int(3)); f.jmp(join);
        f.at(no); if (this.chance(0.6)) this.stmts(c, depth + 1, 1 + this.int(3)); f.jmp(join);
        f.at(join);
        return;
      }
      case 5: {
        if (c.loops > 2) return;
        c.loops++;
        const i = f.v();
        f.copy(i, imm(0));
        const trips = 1 + this.int(4);
        const head = f.block(), body = f.block(), done = f.block();
        f.jmp(head);
        f.at(head); f.br('ult', i, imm(trips), body, done);
        f.at(body);
        c.vars.push(i);
        this.stmts(c, depth + 1, 1 + this.int(4));
        c.vars.pop();
        f.bin('add', i, imm(1), i);
        f.jmp(head);
        f.at(done);
        c.loops--;
        return;
      }
      default: {
        // memcpy between parts of g
        const size = 1 + this.int(30);
        const from = this.int(4 * G_WORDS - size + 1), to = this.int(4 * G_WORDS - size + 1);
        if (Math.abs(from - to) < size) return;
        f.memcpy(f.addr('g', to), f.addr('g', from), size);
        return;
      }
    }
  }
}

interface Ctx { f: Fn; vars: VReg[]; callees: string[]; slot: number; loops: number }

/** Generate, interpret, compile and run; returns a description of any mismatch. */
function check(seed: number): string[] | null {
  const mod = new Gen(seed).program();
  const ref = new Interp(mod);
  let want: number;
  try {
    want = ref.call('main', []);
  } catch (e) {
    // too long a run (calls in nested loops multiply): not a useful case
    if (e instanceof Fault && e.kind === 'steps') return null;
    throw e;
  }
  const gAddr = ref.globals.get('g')!, outAddr = ref.globals.get('out')!;
  const outWords = mod.globals.find((g) => g.name === 'out')!.size / 4;
  const refG = Array.from({ length: 4 * G_WORDS }, (_, i) => ref.mem.getUint8(gAddr + i));
  const refOut = Array.from({ length: outWords }, (_, i) => ref.mem.getInt32(outAddr + 4 * i, true));
  const errs: string[] = [];
  for (const arch of ARCHES) {
    const x = run(mod, arch);
    if (x.r.status !== 'exit') { errs.push(`seed ${seed} ${arch}: ${x.r.status} ${x.r.fault?.text ?? ''}`); continue; }
    if (x.result !== want) errs.push(`seed ${seed} ${arch}: result ${x.result} != ${want}`);
    const saved = savedProblem(x);
    if (saved) errs.push(`seed ${seed} ${saved}`);
    const gotOut = Array.from({ length: outWords }, (_, i) => x.word('out', i));
    if (gotOut.join() !== refOut.join()) errs.push(`seed ${seed} ${arch}: out ${gotOut} != ${refOut}`);
    if (x.bytes('g', 4 * G_WORDS).join() !== refG.join()) errs.push(`seed ${seed} ${arch}: memory differs`);
  }
  return errs;
}

describe('differential fuzzing against the IR interpreter', () => {
  it('random programs agree on x86, arm and the interpreter', () => {
    const errs: string[] = [];
    let ran = 0;
    for (let seed = 1; ran < 60; seed++) {
      const e = check(seed);
      if (e === null) continue;
      ran++;
      errs.push(...e);
    }
    expect(errs).toEqual([]);
  });
});
