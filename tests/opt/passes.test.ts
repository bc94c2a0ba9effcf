// The IR optimisation passes (compiler/fin/opt) on hand-built IR: each pass keeps irVerify
// clean, computes the same results and faults as the original under the reference interpreter,
// and makes (or, where it must not, does not make) its change. (LICM, bounds checks and dead
// code are the code generator's: tests/codegen/opt.test.ts.)
import { describe, expect, it } from 'vitest';
import type { Inst, IrFunction, IrModule } from '../../compiler/fin/ir/ir.ts';
import { irVerify } from '../../compiler/fin/ir/verify.ts';
import { printFunction } from '../../compiler/fin/ir/print.ts';
import { dominators, dominates, naturalLoops } from '../../compiler/fin/opt/cfg.ts';
import { cloneFunction, optimize, optimizeFunction, PASSES, reduceStrength } from '../../compiler/fin/opt/index.ts';
import { Fn, global, imm, module, words } from '../codegen/builder.ts';
import { Fault, Interp } from '../codegen/interp.ts';

/** for i in 0..n (i a redefined vreg, like the lowering's locals) */
function counted(f: Fn, n: number | { reg: number }, body: (i: number) => void, step = 1): void {
  const i = f.v();
  f.copy(i, imm(0));
  const head = f.block(), loop = f.block(), done = f.block();
  f.jmp(head);
  f.at(head); f.br('ult', i, typeof n === 'number' ? imm(n) : n.reg, loop, done);
  f.at(loop); body(i);
  const t = f.bin('add', i, imm(step));
  f.copy(i, t);
  f.jmp(head);
  f.at(done);
}

type Outcome = { value: number; mem: number[] } | { fault: string; mem: number[] };
function exec(mod: IrModule, args: number[] = [], memWords = 64): Outcome {
  const it = new Interp(mod);
  const dump = () => Array.from({ length: memWords }, (_, k) => it.mem.getInt32(0x1000 + 4 * k, true));
  try {
    return { value: it.call('main', args), mem: dump() };
  } catch (e) {
    if (e instanceof Fault) return { fault: e.kind, mem: dump() };
    throw e;
  }
}

/** run one pass on a copy; check verify, and that results agree on every argument list */
function check(mod: IrModule, pass: (fn: IrFunction) => boolean, argLists: number[][] = [[]]): { fn: IrFunction; changed: boolean } {
  expect(irVerify(mod.functions[0]!)).toEqual([]);
  const fn = cloneFunction(mod.functions[0]!);
  const changed = pass(fn);
  expect(irVerify(fn), printFunction(fn)).toEqual([]);
  const after = { ...mod, functions: [fn, ...mod.functions.slice(1)] };
  for (const args of argLists) expect(exec(after, args), printFunction(fn)).toEqual(exec(mod, args));
  // the whole pipeline too, verifying after every pass
  const all = optimize(mod);
  for (const f of all.functions) expect(irVerify(f)).toEqual([]);
  for (const args of argLists) expect(exec(all, args)).toEqual(exec(mod, args));
  return { fn, changed };
}

const loopBlocks = (fn: IrFunction): Set<number> => {
  const s = new Set<number>();
  for (const l of naturalLoops(fn)) for (const b of l.body) s.add(fn.blocks[b]!.id);
  return s;
};
const instsIn = (fn: IrFunction, ids: Set<number>): Inst[] => fn.blocks.filter((b) => ids.has(b.id)).flatMap((b) => b.insts);

describe('cfg', () => {
  it('finds dominators and nested natural loops', () => {
    const f = new Fn('main', 0);
    const acc = f.v(); f.copy(acc, imm(0));
    counted(f, 3, (i) => counted(f, 4, (j) => { const t = f.bin('add', acc, i); f.bin('add', t, j, acc); }));
    f.ret(acc);
    const fn = f.build();
    const loops = naturalLoops(fn);
    expect(loops.length).toBe(2);
    expect(loops[0]!.body.size).toBeLessThan(loops[1]!.body.size);
    for (const b of loops[0]!.body) expect(loops[1]!.body.has(b)).toBe(true);
    const d = dominators(fn);
    for (const b of loops[1]!.body) expect(dominates(d, loops[1]!.header, b)).toBe(true);
    expect(exec(module([fn])).toString()).toBe(exec(module([f.build()])).toString());
  });
});

describe('strength reduction', () => {
  const rows = (n: number, step = 1) => {
    // sum of m[i][col] over rows i, rows of 12 bytes: address m + i*12 + col*4
    const f = new Fn('main', 1);
    const [col] = f.params as [number];
    const acc = f.v(); f.copy(acc, imm(0));
    counted(f, n, (i) => {
      const m = f.addr('m');
      const r = f.bin('mul', i, imm(12));
      const base = f.bin('add', m, r);
      const c4 = f.bin('shl', col, imm(2));
      const p = f.bin('add', base, c4);
      const v = f.load(4, p);
      f.bin('add', acc, v, acc);
      f.store(4, acc, m, 96); // use of acc and memory effects in the loop
    }, step);
    f.ret(acc);
    return module([f], [global('m', 100, words(...Array.from({ length: 24 }, (_, k) => k * k + 1)))]);
  };

  it('turns i*12 (and the invariant adds after it) into a stepped vreg', () => {
    const { fn, changed } = check(rows(8), reduceStrength, [[0], [1], [2]]);
    expect(changed).toBe(true);
    const inLoop = instsIn(fn, loopBlocks(fn));
    expect(inLoop.some((x) => x.op === 'bin' && x.kind === 'mul')).toBe(false);
    expect(inLoop.some((x) => x.op === 'bin' && x.kind === 'add' && 'imm' in x.b && x.b.imm === 12)).toBe(true);
  });

  it('handles steps other than 1 and zero-trip loops', () => {
    for (const [n, step] of [[8, 2], [0, 1], [1, 3]] as const) check(rows(n, step), reduceStrength, [[0], [2]]);
  });

  it('leaves a multiplication of a vreg that is not a basic induction variable', () => {
    const f = new Fn('main', 0);
    const acc = f.v(); f.copy(acc, imm(1));
    let mul = -1;
    counted(f, 6, () => { mul = f.bin('mul', acc, imm(12)); f.bin('add', mul, imm(1), acc); });
    f.ret(acc);
    const { fn, changed } = check(module([f]), reduceStrength);
    expect(changed).toBe(false);
    expect(instsIn(fn, loopBlocks(fn)).some((x) => x.op === 'bin' && x.dst === mul && x.kind === 'mul')).toBe(true);
  });

  it('is not fooled by a use of the product after the step of i', () => {
    const f = new Fn('main', 0);
    const acc = f.v(); f.copy(acc, imm(0));
    const i = f.v(); f.copy(i, imm(0));
    const head = f.block(), body = f.block(), done = f.block();
    f.jmp(head);
    f.at(head); f.br('ult', i, imm(5), body, done);
    f.at(body);
    const m = f.bin('mul', i, imm(20));
    const t = f.bin('add', i, imm(1)); f.copy(i, t);
    const s = f.bin('add', m, imm(3)); // m from before the step
    f.bin('add', acc, s, acc);
    const m2 = f.bin('mul', i, imm(20)); // after the step
    f.bin('add', acc, m2, acc);
    f.jmp(head);
    f.at(done); f.ret(acc);
    check(module([f]), reduceStrength);
  });
});

describe('pipeline', () => {
  it('leaves invalid IR alone and verifies after every pass', () => {
    const bad: IrFunction = { name: 'bad', global: true, params: [], returnsValue: true, nvregs: 1, slots: [], blocks: [{ id: 0, insts: [], term: { op: 'ret', value: { r: 0 } } }], file: 't' };
    expect(optimizeFunction(cloneFunction(bad))).toEqual(bad);
    expect(PASSES.map((p) => p[0])).toEqual(['strength']);
  });

  it('does not change its input module', () => {
    const f = new Fn('main', 0);
    counted(f, 3, (i) => { f.bin('mul', i, imm(12)); });
    f.ret(imm(0));
    const mod = module([f]);
    const before = printFunction(mod.functions[0]!);
    optimize(mod);
    expect(printFunction(mod.functions[0]!)).toBe(before);
  });

  it('in place and unverified (the driver\'s mode) gives the same code as the checked copy', () => {
    const f = new Fn('main', 0);
    counted(f, 3, (i) => { f.bin('mul', i, imm(12)); });
    f.ret(imm(0));
    const mod = module([f]);
    const checked = printFunction(optimize(mod).functions[0]!);
    const fn = mod.functions[0]!;
    const fast = optimize(mod, { inPlace: true, verify: false });
    expect(fast.functions[0]).toBe(fn);
    expect(printFunction(fn)).toBe(checked);
  });
});
