// Properties: field insert/extract round-trip in the TS runtime (numbers and bigints), and
// mutated or arbitrary .dev text never makes the compiler throw.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../compiler/mackerel/load.ts';
import { generateFin } from '../../compiler/mackerel/gen-fin.ts';
import { generateTs } from '../../compiler/mackerel/gen-ts.ts';
import { extract, insert, type FieldDesc } from '../../compiler/mackerel/runtime/layout.ts';
import { CORPUS } from './corpus.ts';

const fieldArb = (regWidth: 8 | 16 | 32 | 64) => fc.integer({ min: 0, max: regWidth - 1 }).chain((lsb) =>
  fc.integer({ min: 1, max: regWidth - lsb }).map((width) => {
    const m = ((1n << BigInt(width)) - 1n) << BigInt(lsb);
    return { lsb, width, access: 'rw', mask: regWidth === 64 ? m : Number(m) } as FieldDesc;
  }));

describe('field insert/extract', () => {
  for (const w of [8, 16, 32] as const) {
    it(`round-trips in ${w}-bit registers and leaves the other bits alone`, () => {
      fc.assert(fc.property(fieldArb(w), fc.integer({ min: 0, max: 2 ** w - 1 }), fc.integer({ min: 0, max: 0xffff_ffff }), (f, v, x) => {
        const put = insert(v, f, x);
        const xm = f.width >= 32 ? x >>> 0 : x % 2 ** f.width;
        expect(extract(put, f)).toBe(xm);
        expect((put & ~Number(f.mask)) >>> 0).toBe((v & ~Number(f.mask)) >>> 0);
      }));
    });
  }
  it('round-trips in 64-bit registers', () => {
    fc.assert(fc.property(fieldArb(64), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (f, v, x) => {
      const put = insert(v, f, x);
      expect(extract(put, f)).toBe(BigInt.asUintN(f.width, x));
      expect(put & ~BigInt(f.mask)).toBe(v & ~BigInt(f.mask));
    }));
  });
});

describe('bad input', () => {
  const seeds = ['devices/pc16550d.dev', 'devices/xapic.dev', 'devices/lpc_rtc.dev', 'devices/ehci.dev', 'devices/armv8.dev'].map((f) => readFileSync(CORPUS + f, 'utf8'));
  const mutate = fc.tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'rep', 'dup'), fc.string({ maxLength: 8 }), fc.nat(200)), { minLength: 1, maxLength: 6 }))
    .map(([k, edits]) => {
      let s = seeds[k];
      for (const [at, op, text, len] of edits) {
        const i = at % (s.length + 1);
        if (op === 'del') s = s.slice(0, i) + s.slice(i + len);
        else if (op === 'ins') s = s.slice(0, i) + text + s.slice(i);
        else if (op === 'rep') s = s.slice(0, i) + text + s.slice(i + text.length);
        else s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      }
      return s;
    });
  it('mutated .dev text never throws: it is accepted (and generates) or gets located errors', () => {
    fc.assert(fc.property(mutate, (text) => {
      const name = /device\s+(\w+)/.exec(text)?.[1] ?? 'x';
      const r = loadDevice(`tmp/${name}.dev`, [], text);
      if (r.device) {
        expect(typeof generateTs(r.device)).toBe('string');
        expect(typeof generateFin(r.device)).toBe('string');
      } else {
        expect(r.diagnostics.length).toBeGreaterThan(0);
        for (const d of r.diagnostics) expect(d.pos.line).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });
  it('arbitrary text never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      expect(() => loadDevice('tmp/x.dev', [], text)).not.toThrow();
    }), { numRuns: 500 });
  });
});
