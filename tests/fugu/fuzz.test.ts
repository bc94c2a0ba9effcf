// Bad input never throws: mutated .fugu files (shoal's own and Barrelfish's) either compile or
// give located diagnostics, and whatever compiles also prints TypeScript and Fin.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileText, CORPUS, SHOAL_FUGU } from './helpers.ts';

const LOCATED = /^.+:\d+:\d+: error: \S/;
const PIECES = ['errors', 'ERRORS', 'success', 'failure', 'default', '{', '}', ';', ',', '"', '\\', '/*', '*/', '//', '\n', ' ', "'", 'A_', '\\x', '\\^', '\\NUL', '\t', '\0', 'é', '0'];

function mutate(text: string) {
  return fc.array(fc.tuple(fc.nat(text.length), fc.nat(8), fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 }))), { minLength: 1, maxLength: 6 })
    .map((edits) => {
      let t = text;
      for (const [at, cut, insert] of edits) { const i = at % (t.length + 1); t = t.slice(0, i) + insert + t.slice(i + cut); }
      return t;
    });
}

function neverThrows(text: string) {
  const r = compileText(text, { ts: true, fin: true });
  for (const d of r.diagnostics) expect(d).toMatch(LOCATED);
  if (r.diagnostics.length === 0) {
    expect(r.ts).toBeDefined();
    expect(r.fin).toBeDefined();
  } else expect(r.ts ?? r.fin).toBeUndefined();
}

describe('fuzzing the Fugu compiler', () => {
  it("mutated shoal errno.fugu never throws", () => {
    const text = readFileSync(SHOAL_FUGU, 'utf8');
    fc.assert(fc.property(mutate(text), neverThrows), { numRuns: 100 });
  });
  it('mutated slices of the Barrelfish corpus never throw', () => {
    const text = readFileSync(CORPUS, 'utf8').slice(0, 3000);
    fc.assert(fc.property(mutate(text), neverThrows), { numRuns: 100 });
  });
  it('random token soup never throws', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join('')), neverThrows), { numRuns: 300 });
  });
  it('parses comments nested 200 deep, and reports absurd nesting as a diagnostic, not a crash', () => {
    const nested = (n: number) => '/*'.repeat(n) + '*/'.repeat(n) + 'errors x X_ { failure A "m", };';
    expect(compileText(nested(200)).model?.count).toBe(2);
    expect(compileText(nested(100_000)).errors.map((d) => [d.code, d.line, d.col])).toEqual([['F0004', 1, 1]]);
  });
});
