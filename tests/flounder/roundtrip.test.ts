// Property: for every message of every accepted corpus interface, random argument values encode
// (through the generated TS stubs) and decode back to equal values, on LMP and on UMP; every
// fragment fits its transport; mangled fragments decode to an error value, never a throw.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flounderGenerate } from '../../compiler/flounder/index.ts';
import { TRANSPORTS, TRANSPORT_WORDS, fragmentCount, planMessage } from '../../compiler/flounder/pack.ts';
import type { Encoded, Result } from '../../compiler/flounder/runtime/codec.ts';
import { argsOf } from './arbitrary.ts';
import { acceptedInterfaces } from './corpus.ts';

const OUT = fileURLToPath(new URL('./.out/roundtrip/', import.meta.url));
mkdirSync(OUT, { recursive: true });

interface Codec { encode(a: unknown): Result<Encoded>; decode(f: readonly Uint32Array[], c: readonly unknown[]): Result<unknown> }

const capsOf = (e: Encoded) => e.caps.map((c) => c.cap);

describe('encode/decode round trip over the corpus', () => {
  for (const f of acceptedInterfaces()) {
    it(`${f.rel}: every message, LMP and UMP`, async () => {
      const out = join(OUT, f.rel.replace(/^if\//, '').replace(/\.if$/, '.ts'));
      const g = flounderGenerate(f.path, { ts: true, tsOut: out });
      expect(g.diagnostics).toEqual([]);
      writeFileSync(out, g.ts!);
      const mod = await import(pathToFileURL(out).href) as Record<string, unknown>;
      const codecs = mod[`${g.iface!.name}_codec`] as Record<string, Record<string, Codec>>;
      for (const m of g.iface!.messages) {
        for (const t of TRANSPORTS) {
          const codec = codecs[m.name]![t]!;
          const plan = planMessage(m, t);
          fc.assert(fc.property(argsOf(m), (args) => {
            const e = codec.encode(args);
            if (!e.ok) throw new Error(e.error);
            expect(e.value.msg).toBe(m.number);
            for (const fr of e.value.frags) expect(fr.length).toBeLessThanOrEqual(TRANSPORT_WORDS[t]);
            const lengths = plan.overflow.map((o) => {
              const v = args[o.arg];
              return o.kind === 'string' ? new TextEncoder().encode(v as string).length + 1 : (v as Uint8Array).length;
            });
            expect(e.value.frags.length).toBe(fragmentCount(plan, lengths));
            const d = codec.decode(e.value.frags, capsOf(e.value));
            if (!d.ok) throw new Error(d.error);
            expect(d.value).toEqual(args);
          }), { numRuns: 25 });
          // A message missing its last fragment, or with one fragment too many, is malformed.
          fc.assert(fc.property(argsOf(m), (args) => {
            const e = codec.encode(args);
            if (!e.ok) throw new Error(e.error);
            const caps = capsOf(e.value);
            expect(codec.decode(e.value.frags.slice(0, -1), caps).ok).toBe(false);
            expect(codec.decode([...e.value.frags, new Uint32Array(1)], caps).ok).toBe(false);
          }), { numRuns: 5 });
          // Arbitrary words never make decode throw.
          const frag = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 16 }).map((w) => Uint32Array.from(w));
          fc.assert(fc.property(fc.array(frag, { maxLength: 6 }), fc.array(fc.record({ slot: fc.nat() }), { maxLength: 3 }), (frags, caps) => {
            const d = codec.decode(frags, caps);
            expect(typeof d.ok).toBe('boolean');
          }), { numRuns: 20 });
        }
      }
    });
  }
});
