// irVerify (the invariants of compiler/fin/ir/ir.ts) and the IR printer.
import { describe, expect, it } from 'vitest';
import type { IrFunction } from '../../compiler/fin/ir/ir.ts';
import { printIr } from '../../compiler/fin/ir/print.ts';
import { irVerify } from '../../compiler/fin/ir/verify.ts';
import { emitAsm } from '../../compiler/fin/codegen/index.ts';
import { Fn, global, imm, module } from './builder.ts';

function good(): IrFunction {
  const f = new Fn('f', 1);
  const x = f.v();
  const yes = f.block(), no = f.block(), join = f.block();
  f.br('slt', f.params[0]!, imm(0), yes, no);
  f.at(yes); f.copy(x, imm(1)); f.jmp(join);
  f.at(no); f.copy(x, f.params[0]!); f.jmp(join);
  f.at(join); f.ret(x);
  return f.build();
}

describe('irVerify', () => {
  it('accepts a well-formed function (a variable defined on both paths)', () => {
    expect(irVerify(good())).toEqual([]);
  });

  it('reports a use that some path does not define', () => {
    const fn = good();
    fn.blocks[2]!.insts = []; // the `no` path no longer defines x
    expect(irVerify(fn)).toEqual([expect.stringMatching(/block 3, terminator: v1 may be used before it is defined/)]);
  });

  it('reports shape errors', () => {
    const fn = good();
    fn.blocks[1]!.term = { op: 'jmp', target: 9 };
    fn.blocks[0]!.insts.push({ op: 'load', width: 3 as 4, signed: false, dst: 1, addr: 99, offset: 0 });
    fn.blocks[0]!.insts.push({ op: 'slot', dst: 1, slot: 2, offset: 0 });
    fn.blocks[0]!.insts.push({ op: 'intrinsic', name: 'trap', dst: null, args: [{ r: 0 }] });
    fn.blocks[0]!.insts.push({ op: 'call', dst: null, target: { symbol: 'g' }, args: [{ imm: 1 } as unknown as number] });
    const errs = irVerify(fn);
    expect(errs.join('\n')).toMatch(/target block 9 does not exist/);
    expect(errs.join('\n')).toMatch(/load width 3/);
    expect(errs.join('\n')).toMatch(/address v99 is not a vreg/);
    expect(errs.join('\n')).toMatch(/slot 2 does not exist/);
    expect(errs.join('\n')).toMatch(/@trap code must be an immediate/);
    expect(errs.join('\n')).toMatch(/call argument 0 is not a vreg/);
  });

  it('checks returns against returnsValue', () => {
    const fn = good();
    fn.returnsValue = false;
    expect(irVerify(fn)).toEqual([expect.stringMatching(/ret with a value in a function that returns none/)]);
  });

  it('emitAsm refuses invalid IR', () => {
    const fn = good();
    fn.blocks[2]!.insts = [];
    expect(() => emitAsm({ name: 'm', functions: [fn], globals: [], externs: [] }, 'x86')).toThrow(/invalid IR/);
  });
});

describe('printIr', () => {
  it('prints globals, functions and every instruction form', () => {
    const f = new Fn('g', 2);
    const [a, b] = f.params as [number, number];
    const s = f.slot(8);
    const p = f.slotAddr(s, 4);
    f.store(2, imm(5), p, 2);
    const l = f.load(1, p, 0, true);
    f.loc(7, 3);
    f.bounds(a, imm(4));
    const c = f.call('h', [a, l]);
    f.memcpy(p, f.addr('data', 4), 4);
    f.ret(f.bin('add', c, b));
    const text = printIr(module([f], [global('data', 8, [{ kind: 'word', value: 1 }, { kind: 'symbol', symbol: 'data', offset: 4 }], { readonly: true })], ['h']));
    expect(text).toContain('extern h');
    expect(text).toContain('const data: 8 bytes, align 4 = word 1, symbol data + 4');
    expect(text).toContain('fn g(v0, v1) -> value global');
    expect(text).toContain('s0: 8 bytes, align 4');
    expect(text).toContain('v2 = slot s0 + 4');
    expect(text).toContain('store16 [v2 + 2], 5');
    expect(text).toContain('v3 = load8s [v2]');
    expect(text).toContain('; test.fin:7:3');
    expect(text).toContain('bounds v0 < 4');
    expect(text).toContain('v4 = call h(v0, v3)');
    expect(text).toContain('memcpy [v2], [v5], 4');
    expect(text).toContain('ret v6');
  });
});
