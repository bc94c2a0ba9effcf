// Calls with 0..8 arguments (arm passes the fifth and later on the stack), recursion, function
// pointers, extern symbols, and functions with more live values than registers, across calls.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../compiler/asm/index.ts';
import { emitAsm } from '../../compiler/fin/codegen/index.ts';
import { link } from '../../compiler/link/index.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine } from '../../vm/machine/machine.ts';
import { Fn, global, imm, module, words } from './builder.ts';
import { ARCHES, runBoth } from './run.ts';

/** f_n(a0..a(n-1)) = sum (i+1) * a_i, which tells every argument position apart */
function weighted(n: number, global = true): Fn {
  const f = new Fn(`w${n}`, n, { global });
  let acc = f.const(1000 * n);
  f.params.forEach((p, i) => { acc = f.bin('add', acc, f.bin('mul', p, imm(i + 1))); });
  f.ret(acc);
  return f;
}
const expectW = (args: number[]): number => args.reduce((s, a, i) => (s + a * (i + 1)) | 0, 1000 * args.length);

describe('calls', () => {
  it('0 to 8 arguments, from immediates and from registers, results used after the call', () => {
    const fns = Array.from({ length: 9 }, (_, n) => weighted(n));
    const m = new Fn('main', 0);
    const out = m.addr('out');
    const args = (n: number, base: number) => Array.from({ length: n }, (_, i) => base + 17 * i - 40);
    for (let n = 0; n <= 8; n++) {
      // constant arguments (immediates at the call site)
      m.store(4, m.call(`w${n}`, args(n, 3).map((a) => m.const(a))), out, 8 * n);
      // computed arguments, live values around the call
      const vs = args(n, 100).map((a) => m.load(4, m.addr('vals', 4 * ((a & 7)))));
      const r = m.call(`w${n}`, vs);
      m.store(4, vs.reduce((s, v) => m.bin('xor', s, v), r), out, 8 * n + 4);
    }
    m.ret(imm(0));
    const vals = [5, -6, 7, 0x10000, -0x10000, 123456, -9, 1];
    const runs = runBoth(module([...fns, m], [global('out', 72), global('vals', 32, words(...vals))]));
    for (const arch of ARCHES) {
      for (let n = 0; n <= 8; n++) {
        expect(runs[arch].word('out', 2 * n), `${arch} w${n} const`).toBe(expectW(args(n, 3)));
        const vs = args(n, 100).map((a) => vals[a & 7]!);
        expect(runs[arch].word('out', 2 * n + 1), `${arch} w${n} vars`).toBe(vs.reduce((s, v) => s ^ v, expectW(vs)));
      }
    }
  });

  it('arguments that are permutations of each other (parallel moves with cycles)', () => {
    // g(a, b, c, d) = w4(b, a, d, c) + w4(d, c, b, a): arguments already in r0-r3 swap around
    const g = new Fn('g', 4);
    const [a, b, c, d] = g.params as [number, number, number, number];
    const x = g.call('w4', [b, a, d, c]);
    const y = g.call('w4', [d, c, b, a]);
    g.ret(g.bin('add', x, y));
    const m = new Fn('main', 0);
    m.ret(m.call('g', [m.const(1), m.const(2), m.const(3), m.const(4)]));
    const runs = runBoth(module([weighted(4), g, m]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(expectW([2, 1, 4, 3]) + expectW([4, 3, 2, 1]));
  });

  it('recursion: fib(20)', () => fib20(true));

  it('function pointers: in registers, in memory tables, passed as arguments', () => {
    const inc = new Fn('inc', 1, { global: false });
    inc.ret(inc.bin('add', inc.params[0]!, imm(1)));
    const dbl = new Fn('dbl', 1, { global: false });
    dbl.ret(dbl.bin('shl', dbl.params[0]!, imm(1)));
    // apply(f, x) = f(f(x))
    const apply = new Fn('apply', 2);
    const [fp, x] = apply.params as [number, number];
    apply.ret(apply.call(fp, [apply.call(fp, [x])]));
    const m = new Fn('main', 0);
    const r1 = m.call('apply', [m.addr('inc'), m.const(5)]); // 7
    const r2 = m.call('apply', [m.addr('dbl'), m.const(5)]); // 20
    const t = m.load(4, m.addr('ops', 4)); // dbl
    const r3 = m.call(t, [m.const(100)]); // 200
    m.ret(m.bin('add', m.bin('add', r1, r2), r3));
    const mod = module([inc, dbl, apply, m], [global('ops', 8, [{ kind: 'symbol', symbol: 'inc', offset: 0 }, { kind: 'symbol', symbol: 'dbl', offset: 0 }], { readonly: true })]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) expect(runs[arch].result).toBe(227);
  });

  it('calls external symbols by name, resolved by the linker', () => {
    for (const arch of ARCHES) {
      const m = new Fn('main', 0);
      m.ret(m.call('helper', [m.const(20)]));
      const asm = emitAsm(module([m], [], ['helper']), arch);
      const helper = arch === 'x86'
        ? ' .text\n .global helper\nhelper:\n mov eax, [esp+4]\n add eax, 22\n ret\n'
        : ' .text\n .global helper\nhelper:\n add r0, r0, #22\n bx lr\n';
      const stub = arch === 'x86'
        ? ' .text\n .global _start\n_start:\n call main\n mov [0xf9100000], eax\n'
        : ' .text\n .global _start\n_start:\n bl main\n ldr r1, =0xf9100000\n str r0, [r1]\n';
      const exe = link([assemble(stub, arch), assemble(asm, arch), assemble(helper, arch)]);
      const mach = new Machine(presetNamed(`${arch}-1`)!, new BufferConsole());
      mach.load(exe);
      mach.startCore(0, exe.entry);
      const r = mach.run({ maxCycles: 100000 });
      expect(r.status).toBe('exit');
      expect(r.exitCode).toBe(42);
    }
  });
});

describe('private functions: x86 passes words 0 and 1 in eax and ecx', () => {
  it('0 to 8 arguments from immediates, registers and spilled values, with permuted argument cycles', () => {
    const fns = Array.from({ length: 9 }, (_, n) => weighted(n, false));
    // g(a, b, c) swaps its register arguments into a private callee and back out
    const g = new Fn('g', 3, { global: false });
    const [a, b, c] = g.params as [number, number, number];
    const x = g.call('w2', [b, a]);
    const y = g.call('w3', [c, b, a]);
    const z = g.call('w1', [g.call('w2', [x, y])]);
    g.ret(g.bin('add', z, g.call('w8', [a, b, c, x, y, z, a, b])));
    // h(a, b) = w2(b, a): the arguments arrive in eax, ecx and must trade places (a cycle)
    const h = new Fn('h', 2, { global: false });
    h.ret(h.call('w2', [h.params[1]!, h.params[0]!]));
    const m = new Fn('main', 0);
    const out = m.addr('out');
    const vs = Array.from({ length: 8 }, (_, i) => m.load(4, m.addr('vals', 4 * i)));
    m.store(4, m.call('h', [vs[3]!, vs[4]!]), out, 40);
    for (let n = 0; n <= 8; n++) m.store(4, m.call(`w${n}`, vs.slice(0, n)), out, 4 * n);
    m.store(4, m.call('g', [vs[0]!, vs[1]!, vs[2]!]), out, 36);
    // keep every loaded value live across the calls, so some are spilled when passed
    m.ret(vs.reduce((s, v) => m.bin('xor', s, v), m.const(0)));
    const vals = [5, -6, 7, 0x10000, -0x10000, 123456, -9, 1];
    const mod = module([...fns, g, h, m], [global('out', 44), global('vals', 32, words(...vals))]);
    const runs = runBoth(mod);
    const [va, vb, vc] = vals as [number, number, number];
    const wx = expectW([vb, va]), wy = expectW([vc, vb, va]);
    const wz = expectW([expectW([wx, wy])]);
    for (const arch of ARCHES) {
      for (let n = 0; n <= 8; n++) expect(runs[arch].word('out', n), `${arch} w${n}`).toBe(expectW(vals.slice(0, n)));
      expect(runs[arch].word('out', 9), `${arch} g`).toBe((wz + expectW([va, vb, vc, wx, wy, wz, va, vb])) | 0);
      expect(runs[arch].word('out', 10), `${arch} h`).toBe(expectW([vals[4]!, vals[3]!]));
      expect(runs[arch].result).toBe(vals.reduce((s, v) => s ^ v, 0));
    }
    // the convention is really used: w1 reads its argument from eax, not from the stack
    const asm = emitAsm(mod, 'x86');
    const w1 = asm.slice(asm.indexOf('\nw1:'), asm.indexOf('.size w1'));
    expect(w1).not.toMatch(/\[esp/);
  });

  // a private function takes its first arguments in registers on x86
  it('recursion with an early exit on a register argument', () => fib20(false));
});

describe('register pressure', () => {
  it('25 values live across a call', () => {
    const N = 25;
    const opaque = new Fn('opaque', 1);
    opaque.ret(opaque.bin('xor', opaque.params[0]!, imm(0x55)));
    const f = new Fn('f', 1);
    const base = f.params[0]!;
    const vs = Array.from({ length: N }, (_, i) => f.load(4, base, 4 * i));
    const c = f.call('opaque', [vs[3]!]);
    // every value is still needed after the call
    let acc = c;
    vs.forEach((v, i) => { acc = f.bin('add', acc, f.bin('mul', v, imm(i + 1))); });
    // and after a second call, in reverse
    const d = f.call('opaque', [acc]);
    let acc2 = d;
    vs.forEach((v) => { acc2 = f.bin('sub', f.bin('xor', acc2, v), imm(1)); });
    f.ret(acc2);
    const m = new Fn('main', 0);
    m.ret(m.call('f', [m.addr('vals')]));
    const vals = Array.from({ length: N }, (_, i) => (i * 2654435761) | 0);
    let want = vals[3]! ^ 0x55;
    vals.forEach((v, i) => { want = (want + Math.imul(v, i + 1)) | 0; });
    want ^= 0x55;
    vals.forEach((v) => { want = ((want ^ v) - 1) | 0; });
    const runs = runBoth(module([opaque, f, m], [global('vals', 4 * N, words(...vals))]));
    for (const arch of ARCHES) expect(runs[arch].result, arch).toBe(want);
  });

  it('every operation on spilled operands', () => {
    // 20 loaded values all live to the end, combined pairwise with every kind of operation
    const N = 20;
    const f = new Fn('f', 1);
    const base = f.params[0]!;
    const vs = Array.from({ length: N }, (_, i) => f.load(4, base, 4 * i));
    const out = f.addr('out');
    const kinds = ['add', 'sub', 'mul', 'udiv', 'sdiv', 'urem', 'srem', 'and', 'or', 'xor', 'shl', 'shr', 'sar'] as const;
    const results: number[] = [];
    kinds.forEach((k, i) => {
      const a = vs[i % N]!, b = vs[(i * 7 + 3) % N]!;
      results.push(f.bin(k, a, b));
      results.push(f.cmp(i % 2 ? 'slt' : 'ugt', a, b));
    });
    results.push(f.neg(vs[5]!), f.not(vs[6]!), f.ext('sext8', vs[7]!), f.ext('zext16', vs[8]!), f.ext('sext16', vs[9]!), f.ext('zext8', vs[10]!));
    // redefine a spilled variable in place
    const acc = f.v();
    f.copy(acc, vs[0]!);
    for (const v of vs) { f.bin('add', acc, v, acc); f.bin('sub', acc, imm(3), acc); }
    results.push(acc);
    results.forEach((r, i) => f.store(4, r, out, 4 * i));
    // keep all loaded values live to here
    let sum = f.const(0);
    for (const v of vs) sum = f.bin('xor', sum, v);
    f.ret(sum);
    const m = new Fn('main', 0);
    m.ret(m.call('f', [m.addr('vals')]));
    const vals = Array.from({ length: N }, (_, i) => ((i + 1) * 0x9e3779b1) | 0 || 1);
    const refBin = (k: string, a: number, b: number): number => {
      switch (k) {
        case 'add': return (a + b) | 0;
        case 'sub': return (a - b) | 0;
        case 'mul': return Math.imul(a, b);
        case 'udiv': return ((a >>> 0) / (b >>> 0)) | 0;
        case 'sdiv': return (a / b) | 0;
        case 'urem': return ((a >>> 0) % (b >>> 0)) | 0;
        case 'srem': return (a % b) | 0;
        case 'and': return a & b;
        case 'or': return a | b;
        case 'xor': return a ^ b;
        case 'shl': return a << (b & 31);
        case 'shr': return (a >>> (b & 31)) | 0;
        default: return a >> (b & 31);
      }
    };
    const want: number[] = [];
    kinds.forEach((k, i) => {
      const a = vals[i % N]!, b = vals[(i * 7 + 3) % N]!;
      want.push(refBin(k, a, b), (i % 2 ? a < b : a >>> 0 > b >>> 0) ? 1 : 0);
    });
    want.push(-vals[5]! | 0, ~vals[6]!, (vals[7]! << 24) >> 24, vals[8]! & 0xffff, (vals[9]! << 16) >> 16, vals[10]! & 0xff);
    let a = vals[0]!;
    for (const v of vals) a = (((a + v) | 0) - 3) | 0;
    want.push(a);
    const runs = runBoth(module([f, m], [global('vals', 4 * N, words(...vals)), global('out', 4 * want.length)]));
    for (const arch of ARCHES) {
      expect(want.map((_, i) => runs[arch].word('out', i)), arch).toEqual(want);
      expect(runs[arch].result).toBe(vals.reduce((s, v) => s ^ v, 0));
    }
  });
});

/** Recursive fib(20) through the IR builder; `global` picks the calling convention. */
function fib20(global: boolean): void {
  const f = new Fn('fib', 1, { global });
  const [n] = f.params as [number];
  const rec = f.block(), base = f.block();
  f.br('slt', n, imm(2), base, rec);
  f.at(base); f.ret(n);
  f.at(rec);
  const a = f.call('fib', [f.bin('sub', n, imm(1))]);
  const b = f.call('fib', [f.bin('sub', n, imm(2))]);
  f.ret(f.bin('add', a, b));
  const m = new Fn('main', 0);
  m.ret(m.call('fib', [m.const(20)]));
  const runs = runBoth(module([f, m]));
  for (const arch of ARCHES) expect(runs[arch].result).toBe(6765);
}
