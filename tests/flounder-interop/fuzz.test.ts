// A hostile peer: random fragments (garbage words, wrong indexes, unknown numbers, lengths past
// their maxima, strings without NUL) mixed with valid messages, sent from TypeScript to the Fin
// stubs on a VM core. The Fin end must never fault, must count an error for every message it
// drops, and must deliver every valid message that is not interrupted by garbage.
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { UmpChannel, type WireMessage } from '../../compiler/flounder/runtime/ump-channel.ts';
import { UmpEndpoint } from '../../compiler/flounder/runtime/ump.ts';
import { generateInterop, type InteropStubs } from './stubs.ts';
import { bootFin, runUntil } from './vm.ts';

const SINK = fileURLToPath(new URL('./fuzz_sink.fin', import.meta.url));
const FRAME = 0x01000000;
const BYTES = 4096;

let stubs: InteropStubs;
let dir: string;
beforeAll(async () => ({ stubs, dir } = await generateInterop()));

const encode = (name: string, args: unknown): WireMessage => {
  const e = stubs.interop_codec[name]!.ump.encode(args);
  if (!e.ok) throw new Error(e.error);
  return e.value;
};

const word = fc.integer({ min: 0, max: 0xffffffff });
const garbage = fc.record({
  msgnum: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 0xffff })),
  index: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xfff })),
  last: fc.boolean(),
  words: fc.array(fc.oneof(word, fc.integer({ min: 0, max: 3000 })), { maxLength: 15 }),
});
const valid = fc.oneof(
  fc.record({ id: word, s: fc.string({ maxLength: 300 }) }).map((a) => encode('text', a)),
  fc.record({ buf: fc.uint8Array({ maxLength: 512 }), name: fc.string({ maxLength: 20 }) }).map((a) => encode('data', a)),
  fc.record({ a: fc.integer({ min: -5, max: 5 }), b: fc.integer({ min: -5, max: 5 }) }).map((a) => encode('add_call', a)),
  fc.record({ type: fc.integer({ min: 0, max: 100 }) }).map((a) => encode('done', a)),
);
const traffic = fc.array(fc.oneof({ arbitrary: valid.map((m) => ({ kind: 'valid' as const, m })), weight: 1 },
  { arbitrary: garbage.map((f) => ({ kind: 'garbage' as const, f })), weight: 2 }), { minLength: 5, maxLength: 40 });

describe('Fin stubs against a hostile peer', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`never fault and drop only what is malformed (${arch})`, () => {
      fc.assert(fc.property(traffic, (items) => {
        const g = bootFin([SINK], arch, [dir]);
        UmpEndpoint.clear(g.ram, FRAME, BYTES);
        const ep = new UmpEndpoint(g.ram, FRAME, BYTES, 0);
        const ch = new UmpChannel(ep);
        const raw: { msgnum: number; index: number; last: boolean; words: number[] }[] = [];
        for (const it of items) {
          if (it.kind === 'valid') it.m.frags.forEach((f, k) => raw.push({ msgnum: it.m.msg, index: k, last: k === it.m.frags.length - 1, words: Array.from(f) }));
          else raw.push(it.f);
        }
        // an unknown number ends whatever message is half-received, then the final done
        raw.push({ msgnum: 0x7fff, index: 0, last: true, words: [] });
        const done = encode('done', { type: 0xdead });
        let next = 0;
        const end = runUntil(g, () => {
          while (next < raw.length && ep.trySend(raw[next]!)) next++;
          if (next === raw.length) { ch.send(done); next++; }
          ch.flush();
          return false;
        }, 500_000_000);
        expect(end?.status, `${g.console.text()} ${end?.fault?.text ?? ''}`).toBe('exit');
        expect(end?.exitCode).toBe(0);
        const m = /^delivered (\d+) errors (\d+)\n$/.exec(g.console.text());
        expect(m).not.toBeNull();
        // every valid message directly after a valid one (or at the start) is delivered intact
        let intact = 0;
        items.forEach((x, i) => { if (x.kind === 'valid' && (i === 0 || items[i - 1]!.kind === 'valid')) intact++; });
        expect(Number(m![1])).toBeGreaterThanOrEqual(intact);
        expect(Number(m![2])).toBeGreaterThanOrEqual(1); // at least the unknown number before done
      }), { numRuns: 6, seed: 0x5ea1 });
    });
  }
});
