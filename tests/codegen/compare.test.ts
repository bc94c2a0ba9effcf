// Every CmpKind as a materialised 0/1 value (cmp) and as a compare-and-branch (br), with
// register and immediate right operands, on values that separate signed from unsigned order.
import { describe, expect, it } from 'vitest';
import type { CmpKind } from '../../compiler/fin/ir/ir.ts';
import { Fn, global, imm, module } from './builder.ts';
import { ARCHES, runBoth } from './run.ts';

const KINDS: CmpKind[] = ['eq', 'ne', 'slt', 'sle', 'sgt', 'sge', 'ult', 'ule', 'ugt', 'uge'];
const MIN = -0x80000000, MAX = 0x7fffffff;
const VALUES = [0, 1, 2, -1, -2, MIN, MAX, 0x8000, -32768, 100000];
const IMMS = [0, 1, -1, 2, MIN, MAX, 0x8000, -32768, 100000];

function refCmp(k: CmpKind, a: number, b: number): boolean {
  const ua = a >>> 0, ub = b >>> 0;
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

/** f(a, b) = a k b as a value; g(a, b) = (a k b) ? 10 : 20 through a branch */
function fns(k: CmpKind, b: number | null): Fn[] {
  const tag = b === null ? 'r' : `i${IMMS.indexOf(b)}`;
  const f = new Fn(`v_${k}_${tag}`, b === null ? 2 : 1);
  f.ret(f.cmp(k, f.params[0]!, b === null ? f.params[1]! : imm(b)));
  const g = new Fn(`b_${k}_${tag}`, b === null ? 2 : 1);
  const yes = g.block(), no = g.block();
  g.br(k, g.params[0]!, b === null ? g.params[1]! : imm(b), yes, no);
  g.at(yes); g.ret(imm(10));
  g.at(no); g.ret(imm(20));
  return [f, g];
}

describe('comparisons', () => {
  it('cmp and br for every kind, register and immediate operands', () => {
    const all: Fn[] = [];
    const cases: { fn: string; args: number[]; want: number }[] = [];
    for (const k of KINDS) {
      const [f, g] = fns(k, null);
      all.push(f!, g!);
      for (const a of VALUES) {
        for (const b of VALUES) {
          const t = refCmp(k, a | 0, b | 0);
          cases.push({ fn: f!.name, args: [a, b], want: t ? 1 : 0 }, { fn: g!.name, args: [a, b], want: t ? 10 : 20 });
        }
      }
      for (const b of IMMS) {
        const [fi, gi] = fns(k, b);
        all.push(fi!, gi!);
        for (const a of VALUES) {
          const t = refCmp(k, a | 0, b | 0);
          cases.push({ fn: fi!.name, args: [a], want: t ? 1 : 0 }, { fn: gi!.name, args: [a], want: t ? 10 : 20 });
        }
      }
    }
    const m = new Fn('main', 0);
    const out = m.addr('out');
    cases.forEach((c, i) => m.store(4, m.call(c.fn, c.args.map((a) => m.const(a))), out, 4 * i));
    m.ret(imm(0));
    const runs = runBoth(module([...all, m], [global('out', 4 * cases.length)]));
    for (const arch of ARCHES) {
      const bad = cases.map((c, i) => ({ ...c, got: runs[arch].word('out', i) })).filter((c) => c.got !== c.want);
      expect(bad, arch).toEqual([]);
    }
  });

  it('a compare whose value is also used is materialised once and branched on', () => {
    // r = (a < b); if r { return r + 40 } else { return r + 50 }
    const f = new Fn('f', 2);
    const r = f.cmp('slt', f.params[0]!, f.params[1]!);
    const yes = f.block(), no = f.block();
    f.br('ne', r, imm(0), yes, no);
    f.at(yes); f.ret(f.bin('add', r, imm(40)));
    f.at(no); f.ret(f.bin('add', r, imm(50)));
    const m = new Fn('main', 0);
    const out = m.addr('out');
    m.store(4, m.call('f', [m.const(1), m.const(2)]), out, 0);
    m.store(4, m.call('f', [m.const(2), m.const(1)]), out, 4);
    m.ret(imm(0));
    const runs = runBoth(module([f, m], [global('out', 8)]));
    for (const arch of ARCHES) expect([runs[arch].word('out', 0), runs[arch].word('out', 1)]).toEqual([41, 50]);
  });

  it('fuses `cmp` + `br ne/eq t, 0/1` into one compare-and-branch', () => {
    for (const [kind, v, sense] of [['ne', 0, true], ['eq', 0, false], ['eq', 1, true], ['ne', 1, false]] as const) {
      const f = new Fn('f', 2);
      const t = f.cmp('ult', f.params[0]!, f.params[1]!);
      const yes = f.block(), no = f.block();
      f.br(kind, t, imm(v), yes, no);
      f.at(yes); f.ret(imm(1));
      f.at(no); f.ret(imm(2));
      const m = new Fn('main', 0);
      const a = m.call('f', [m.const(3), m.const(-1)]);
      const b = m.call('f', [m.const(-1), m.const(3)]);
      m.ret(m.bin('add', m.bin('mul', a, imm(10)), b));
      const runs = runBoth(module([f, m]));
      for (const arch of ARCHES) {
        expect(runs[arch].result).toBe(sense ? 12 : 21);
        expect(runs[arch].asm).not.toMatch(/\bset(b|c)\b|cset/);
      }
    }
  });
});
