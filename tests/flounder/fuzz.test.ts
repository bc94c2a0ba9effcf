// Bad input never escapes as an exception: mutated corpus interfaces and random text either
// compile or come back as located diagnostics, and whatever compiles also plans and generates.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInterface } from '../../compiler/flounder/index.ts';
import { TRANSPORTS, planMessage } from '../../compiler/flounder/pack.ts';
import { tsStubs } from '../../compiler/flounder/ts/index.ts';
import { finStubs } from '../../compiler/flounder/fin/index.ts';
import { acceptedInterfaces } from './corpus.ts';

const SEEDS = acceptedInterfaces().map((f) => ({ name: f.rel.replace(/^if\//, ''), text: readFileSync(f.path, 'utf8') }));
const TOKENS = ['{', '}', ';', '(', ')', '[', ']', ',', '/*', '*/', '//', '"', '\\', '@', '=', 'String', 'rpc', 'in', 'out',
  'message', 'typedef', 'struct', 'enum', 'alias', 'cap', 'uint64', 'bool', 'x', '0x', '99999999999', '-1', '0', '\n', "'", '\0', 'é'];

interface Edit { at: number; del: number; ins: string }
/** A seed and 1..4 edits at positions spread over its whole text. */
const mutated = fc.constantFrom(...SEEDS).chain((seed) => fc.tuple(fc.constant(seed), fc.array(fc.record({
  at: fc.integer({ min: 0, max: seed.text.length }),
  del: fc.nat({ max: 12 }),
  ins: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
}), { minLength: 1, maxLength: 4 })));

function apply(text: string, edits: Edit[]): string {
  let t = text;
  for (const e of edits) {
    const at = Math.min(e.at, t.length);
    t = t.slice(0, at) + e.ins + t.slice(at + e.del);
  }
  return t;
}

/** Compile as far as the text allows; every diagnostic must be located inside the text.
 *  Returns whether the text was accepted. */
function exercise(text: string, path: string): boolean {
  const r = parseInterface(text, path);
  const lines = text.split('\n').length;
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^F\d{4}$/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.col).toBeGreaterThanOrEqual(1);
  }
  if (r.iface) {
    for (const m of r.iface.messages) for (const t of TRANSPORTS) planMessage(m, t);
    expect(tsStubs(r.iface)).toContain(`${r.iface.name}_codec`);
    expect(finStubs(r.iface, 'arm').length).toBeGreaterThan(0);
  }
  return r.iface !== undefined;
}

describe('fuzzed interface text', () => {
  it('mutated corpus files never throw', () => {
    let accepted = 0;
    fc.assert(fc.property(mutated, ([seed, edits]) => {
      if (exercise(apply(seed.text, edits), seed.name)) accepted++;
    }), { numRuns: 400 });
    // Many mutations land in comments or keep the text valid, so the backends run too.
    expect(accepted).toBeGreaterThan(40);
  });
  it('random token soup never throws', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 })), { maxLength: 60 }).map((t) => 'interface f { ' + t.join(' '));
    fc.assert(fc.property(soup, (text) => { exercise(text, 'f.if'); }), { numRuns: 400 });
  });
  it('deeply nested comments parse without exhausting the stack', () => {
    const n = 20000;
    expect(parseInterface(`interface d {${'/*'.repeat(n)}${'*/'.repeat(n)} message m(); };`, 'd.if').diagnostics).toEqual([]);
  });
  it('comment markers inside strings and strings inside comments are not confused', () => {
    expect(parseInterface('interface d "a /* b" { /* " */ message m(); };', 'd.if').iface?.description).toBe('a /* b');
  });
});
