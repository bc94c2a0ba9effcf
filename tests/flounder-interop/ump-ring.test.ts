// The UMP ring between two TypeScript endpoints: geometry checks, a full ring refusing instead of
// overwriting, credits coming back as the receiver consumes, wrap-around over many passes, the
// store order that protects against torn reads, and random interleavings against a queue model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UmpEndpoint, UmpError, type UmpFragment } from '../../compiler/flounder/runtime/ump.ts';
import { UMP_CONTROL_WORD, UMP_CTL_EPOCH, UMP_PAYLOAD_WORDS, UMP_SLOT_WORDS } from '../../compiler/flounder/runtime/ump-layout.ts';

const FRAME = 0x1000;
const words = (seed: number) => Array.from({ length: UMP_PAYLOAD_WORDS }, (_, i) => (seed * 0x01000193 + i) >>> 0);

function pair(bytes = 512, mem: ArrayBufferLike | ArrayBufferView = new ArrayBuffer(0x4000)) {
  UmpEndpoint.clear(mem, FRAME, bytes);
  return { a: new UmpEndpoint(mem, FRAME, bytes, 0), b: new UmpEndpoint(mem, FRAME, bytes, 1), mem };
}

const frag = (seed: number, index = 0, last = true, msgnum = 5): UmpFragment => ({ msgnum, index, last, words: words(seed) });
const plain = (f: UmpFragment | undefined) => f && { msgnum: f.msgnum, index: f.index, last: f.last, words: Array.from(f.words) };

describe('UMP ring (TypeScript ends)', () => {
  it('refuses frames it cannot split into two rings of whole slots', () => {
    const mem = new ArrayBuffer(0x4000);
    expect(() => new UmpEndpoint(mem, FRAME + 4, 512, 0)).toThrow(UmpError);
    expect(() => new UmpEndpoint(mem, -64, 512, 0)).toThrow(/not 64-byte aligned/);
    expect(() => new UmpEndpoint(mem, FRAME, 500, 0)).toThrow(/multiple of 128/);
    expect(() => new UmpEndpoint(mem, FRAME, 256, 0)).toThrow(/fewer than 2 slots/);
    expect(() => new UmpEndpoint(mem, 0x3f00, 512, 0)).toThrow(/outside memory/);
    expect(new UmpEndpoint(mem, FRAME, 4096, 1).slots).toBe(31);
  });

  it('a full ring says so instead of overwriting, and each receive returns one credit', () => {
    const { a, b } = pair(512);
    expect(a.slots).toBe(3);
    expect(a.credits()).toBe(3);
    for (let i = 0; i < 3; i++) expect(a.trySend(frag(i, i, false))).toBe(true);
    expect(a.credits()).toBe(0);
    expect(a.trySend(frag(99))).toBe(false);
    expect(b.poll()).toBe(true);
    expect(a.poll()).toBe(false); // nothing came the other way
    expect(plain(b.receive())).toEqual({ msgnum: 5, index: 0, last: false, words: words(0) });
    expect(a.credits()).toBe(1);
    expect(a.trySend(frag(3, 3))).toBe(true);
    expect(a.trySend(frag(4))).toBe(false);
    expect([1, 2, 3].map(() => b.receive()!.index)).toEqual([1, 2, 3]);
    expect(b.receive()).toBeUndefined();
    expect(a.credits()).toBe(3);
  });

  it('wraps around many times in both directions without losing or repeating a fragment', () => {
    const { a, b } = pair(512);
    for (let n = 0; n < 50; n++) {
      const [tx, rx] = n % 2 ? [b, a] : [a, b];
      const burst = 1 + (n % 3);
      for (let k = 0; k < burst; k++) expect(tx.trySend(frag(n * 10 + k, k, k === burst - 1, 3 + n))).toBe(true);
      for (let k = 0; k < burst; k++) expect(plain(rx.receive())).toEqual(plain(frag(n * 10 + k, k, k === burst - 1, 3 + n)));
      expect(rx.poll()).toBe(false); // the previous pass's slots never look new
    }
  });

  it('writes the control word last, with one store, after the whole payload', () => {
    const mem = new ArrayBuffer(0x4000);
    UmpEndpoint.clear(mem, FRAME, 512);
    const w = new Int32Array(mem);
    const seen: { payload: number[]; control: number }[] = [];
    class Watched extends UmpEndpoint {
      protected override publish(wordIndex: number, control: number): void {
        // at the moment of publication every payload word must already be in memory
        seen.push({ payload: Array.from(w.subarray(wordIndex - UMP_CONTROL_WORD, wordIndex), (x) => x >>> 0), control });
        expect(new UmpEndpoint(mem, FRAME, 512, 1).poll()).toBe(false); // not visible before it
        super.publish(wordIndex, control);
      }
    }
    const a = new Watched(mem, FRAME, 512, 0);
    expect(a.trySend(frag(7, 2, true, 9))).toBe(true);
    expect(seen).toEqual([{ payload: words(7), control: (9 | (2 << 16) | (1 << 30) | UMP_CTL_EPOCH) | 0 }]);
  });

  it('a receiver ignores a slot whose payload is written but whose control word is not', () => {
    const mem = new ArrayBuffer(0x4000);
    const { b } = pair(512, mem);
    const w = new Int32Array(mem);
    const slot0 = (FRAME >> 2) + UMP_SLOT_WORDS;
    for (let i = 0; i < UMP_PAYLOAD_WORDS; i++) w[slot0 + i] = 0x5a5a5a5a;
    expect(b.poll()).toBe(false);
    expect(b.receive()).toBeUndefined();
    w[slot0 + UMP_CONTROL_WORD] = (4 | UMP_CTL_EPOCH | (1 << 30));
    expect(b.receive()?.words[0]).toBe(0x5a5a5a5a);
  });

  it('works over a SharedArrayBuffer and over a view that starts inside a buffer', () => {
    const sab = new SharedArrayBuffer(0x4000);
    const { a, b } = pair(1024, sab);
    expect(a.trySend(frag(1))).toBe(true);
    expect(plain(b.receive())).toEqual(plain(frag(1)));
    const view = new Uint8Array(new ArrayBuffer(0x8000), 0x2000, 0x4000);
    const c = pair(1024, view);
    expect(c.b.trySend({ msgnum: 8, index: 0, last: true, words: [1, 2] })).toBe(true);
    expect(Array.from(c.a.receive()!.words)).toEqual([1, 2, ...Array(13).fill(0)]);
    expect(new Uint32Array(view.buffer, 0x2000 + FRAME + 512 + 64, 2)).toEqual(new Uint32Array([1, 2]));
  });

  it('rejects fragments the slot cannot hold', () => {
    const { a } = pair(512);
    expect(() => a.trySend({ msgnum: 3, index: 0, last: true, words: Array(16).fill(0) })).toThrow(/at most 15/);
    expect(() => a.trySend({ msgnum: 3, index: 4096, last: true, words: [] })).toThrow(/fragment index/);
  });

  it('random interleavings deliver exactly the sent fragments, in order, never more than the ring holds', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { maxLength: 300 }), fc.constantFrom(384, 512, 1024), (ops, bytes) => {
      const { a, b } = pair(bytes);
      const inFlight: number[] = [];
      let next = 0;
      for (const send of ops) {
        if (send) {
          const ok = a.trySend(frag(next, next & 0xfff, next % 5 === 0));
          expect(ok).toBe(inFlight.length < a.slots);
          if (ok) inFlight.push(next++);
        } else {
          const f = b.receive();
          if (inFlight.length === 0) expect(f).toBeUndefined();
          else expect(plain(f)).toEqual(plain(frag(inFlight.shift()!, (next - inFlight.length - 1) & 0xfff, (next - inFlight.length - 1) % 5 === 0)));
        }
        expect(a.credits()).toBe(a.slots - inFlight.length);
      }
    }));
  });
});
