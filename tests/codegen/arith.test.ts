// Every BinKind with register and immediate operands (including the immediates each
// personality must materialise, and the ones strength reduction rewrites), neg/not and the
// extensions, checked against a reference and identical on x86 and arm.
import { describe, expect, it } from 'vitest';
import type { BinKind, ExtKind } from '../../compiler/fin/ir/ir.ts';
import { Fn, global, imm, module } from './builder.ts';
import { ARCHES, run, runBoth } from './run.ts';

const MIN = -0x80000000, MAX = 0x7fffffff;

/** reference semantics (docs/isa.md: shifts take the count mod 32, division truncates) */
export function ref(k: BinKind, a: number, b: number): number {
  a |= 0; b |= 0;
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
    case 'sar': return a >> (b & 31);
  }
}

const KINDS: BinKind[] = ['add', 'sub', 'mul', 'udiv', 'sdiv', 'urem', 'srem', 'and', 'or', 'xor', 'shl', 'shr', 'sar'];
const DIV = new Set<BinKind>(['udiv', 'sdiv', 'urem', 'srem']);
const SHIFT = new Set<BinKind>(['shl', 'shr', 'sar']);
const VALUES = [0, 1, 7, -7, 2, -2, 3, 13, 1000, 123456789, MAX, MIN, -1, 0xffff, 0x8000, 0x12345678];
const IMMS = [0, 1, 2, 3, 5, 8, 9, 16, 31, 32, 33, -1, -2, -8, 255, 1000, 0x7fff, -32768, 0x8000, 0xffff, 70000, -70000, 0x12345678, MIN, MAX];

/** main calls each (function, a, b) case and stores the results in `out` */
function casesModule(fns: Fn[], cases: { fn: string; args: number[] }[]) {
  const m = new Fn('main', 0);
  const out = m.addr('out');
  cases.forEach((c, i) => {
    const r = m.call(c.fn, c.args.map((a) => m.const(a)));
    m.store(4, r, out, 4 * i);
  });
  m.ret(imm(0));
  return module([...fns, m], [global('out', 4 * cases.length)]);
}

describe('binary operations', () => {
  for (const kind of KINDS) {
    it(`${kind}: register and immediate operands`, () => {
      const fns: Fn[] = [];
      const cases: { fn: string; args: number[]; want: number }[] = [];
      const rr = new Fn(`rr_${kind}`, 2);
      rr.ret(rr.bin(kind, rr.params[0]!, rr.params[1]!));
      fns.push(rr);
      for (const a of VALUES) {
        for (const b of VALUES) {
          if (DIV.has(kind) && b === 0) continue;
          if (SHIFT.has(kind) && (b < 0 || b > 40) && b !== -1) continue;
          cases.push({ fn: rr.name, args: [a, b], want: ref(kind, a, b) });
        }
      }
      IMMS.forEach((b, j) => {
        if (DIV.has(kind) && b === 0) return;
        const f = new Fn(`ri_${kind}_${j}`, 1);
        f.ret(f.bin(kind, f.params[0]!, imm(b)));
        fns.push(f);
        for (const a of VALUES) cases.push({ fn: f.name, args: [a], want: ref(kind, a, b) });
      });
      const runs = runBoth(casesModule(fns, cases));
      for (const arch of ARCHES) {
        const got = cases.map((_, i) => runs[arch].word('out', i));
        const bad = cases.map((c, i) => ({ ...c, got: got[i] })).filter((c) => c.got !== c.want);
        expect(bad, `${arch}`).toEqual([]);
      }
    });
  }

  it('signed division corners: truncation toward zero, remainder takes the dividend sign, MIN / -1 wraps', () => {
    const f = new Fn('qr', 2);
    const [a, b] = f.params as [number, number];
    const q = f.bin('sdiv', a, b), r = f.bin('srem', a, b);
    // q * 1000 + r keeps both in one word for these small cases
    f.ret(f.bin('add', f.bin('mul', q, imm(1000)), r));
    const g = new Fn('minq', 0);
    const min = g.call('id', [g.const(MIN)]), m1 = g.call('id', [g.const(-1)]);
    const q2 = g.bin('sdiv', min, m1), r2 = g.bin('srem', min, m1);
    g.ret(g.bin('xor', q2, r2));
    const id = new Fn('id', 1);
    id.ret(id.params[0]!);
    const cases = [[7, 2], [-7, 2], [7, -2], [-7, -2], [1, 3], [-1, 3], [100, 7], [-100, 7]];
    const mod = casesModule([f, g, id], [...cases.map((args) => ({ fn: 'qr', args })), { fn: 'minq', args: [] }]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      cases.forEach(([x, y], i) => expect(runs[arch].word('out', i)).toBe(Math.trunc(x! / y!) * 1000 + (x! % y!)));
      expect(runs[arch].word('out', cases.length)).toBe(MIN ^ 0);
    }
  });

  it('division by zero faults (divide)', () => {
    for (const kind of ['udiv', 'sdiv', 'urem', 'srem'] as const) {
      const f = new Fn('div', 2);
      f.ret(f.bin(kind, f.params[0]!, f.params[1]!));
      const m = new Fn('main', 0);
      m.ret(m.call('div', [m.const(10), m.const(0)]));
      for (const arch of ARCHES) {
        const x = run(module([f, m]), arch);
        expect(x.r.status, `${arch} ${kind}`).toBe('fault');
        expect(x.r.fault!.record.cause).toBe(0);
      }
    }
  });
});

describe('unary operations and extensions', () => {
  const un: { name: string; build: (f: Fn, a: number) => number; ref: (a: number) => number }[] = [
    { name: 'neg', build: (f, a) => f.neg(a), ref: (a) => -a | 0 },
    { name: 'not', build: (f, a) => f.not(a), ref: (a) => ~a },
    ...(['sext8', 'sext16', 'zext8', 'zext16'] as ExtKind[]).map((k) => ({
      name: k,
      build: (f: Fn, a: number) => f.ext(k, a),
      ref: (a: number) => (k === 'sext8' ? (a << 24) >> 24 : k === 'sext16' ? (a << 16) >> 16 : k === 'zext8' ? a & 0xff : a & 0xffff),
    })),
  ];
  const values = [0, 1, -1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x12345678, 0x89abcdef | 0, MIN, MAX];
  it('neg, not, sext8, sext16, zext8, zext16', () => {
    const fns = un.map((u) => {
      const f = new Fn(`u_${u.name}`, 1);
      f.ret(u.build(f, f.params[0]!));
      return f;
    });
    const cases = un.flatMap((u) => values.map((v) => ({ fn: `u_${u.name}`, args: [v], want: u.ref(v) })));
    const runs = runBoth(casesModule(fns, cases));
    for (const arch of ARCHES) cases.forEach((c, i) => expect(runs[arch].word('out', i), `${arch} ${c.fn}(${c.args[0]})`).toBe(c.want));
  });

  it('folds constant expressions at compile time with the same results', () => {
    const m = new Fn('main', 0);
    const out = m.addr('out');
    const cases: number[] = [];
    let i = 0;
    for (const k of KINDS) {
      for (const [a, b] of [[7, 3], [MIN, -1], [-9, 4], [0x12345678, 33]] as const) {
        m.store(4, m.bin(k, m.const(a), imm(b)), out, 4 * i++);
        cases.push(ref(k, a, b));
      }
    }
    m.ret(imm(0));
    const runs = runBoth(module([m], [global('out', 4 * cases.length)]));
    for (const arch of ARCHES) cases.forEach((want, j) => expect(runs[arch].word('out', j)).toBe(want));
  });
});
