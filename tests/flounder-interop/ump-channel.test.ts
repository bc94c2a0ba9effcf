// Whole messages over the TypeScript UMP endpoint (runtime/ump-channel.ts): a send queue longer
// than the ring drains as the receiver consumes, messages reassemble by their control words, and
// fragments that break the protocol come back as errors, not exceptions.
import { describe, expect, it } from 'vitest';
import { UmpChannel } from '../../compiler/flounder/runtime/ump-channel.ts';
import { UmpEndpoint } from '../../compiler/flounder/runtime/ump.ts';
import { CHAN_ERR_CAP_UNSUPPORTED, CHAN_ERR_TOO_LONG, CHAN_OK } from '../../compiler/flounder/runtime/ump-layout.ts';

const FRAME = 0x400;
function channels(bytes = 512) {
  const mem = new ArrayBuffer(0x2000);
  UmpEndpoint.clear(mem, FRAME, bytes);
  const ea = new UmpEndpoint(mem, FRAME, bytes, 0);
  const eb = new UmpEndpoint(mem, FRAME, bytes, 1);
  return { a: new UmpChannel(ea), b: new UmpChannel(eb), ea, eb };
}
const frags = (n: number, seed: number) => Array.from({ length: n }, (_, k) => Array.from({ length: k === n - 1 ? 3 : 15 }, (_, i) => seed + k * 100 + i));
const padded = (f: number[]) => Uint32Array.from([...f, ...Array(15 - f.length).fill(0)]);

describe('UMP message channel (TypeScript)', () => {
  it('queues more fragments than the ring holds and delivers whole messages in order', () => {
    const { a, b } = channels(512); // 3 slots
    const sent = [{ msg: 3, frags: frags(5, 1000) }, { msg: 4, frags: frags(1, 2000) }, { msg: 5, frags: frags(2, 3000) }];
    for (const m of sent) expect(a.send(m)).toBe(CHAN_OK);
    expect(a.backlog()).toBe(5);
    const got = [];
    for (let turn = 0; turn < 20 && got.length < 3; turn++) {
      for (let r = b.receive(); r; r = b.receive()) got.push(r);
      a.flush();
    }
    expect(a.backlog()).toBe(0);
    expect(got).toEqual(sent.map((m) => ({ ok: true, msg: m.msg, frags: m.frags.map(padded) })));
  });

  it('refuses what UMP cannot carry', () => {
    const { a } = channels();
    expect(a.send({ msg: 3, frags: [[1]], caps: [{ slot: 1 }] })).toBe(CHAN_ERR_CAP_UNSUPPORTED);
    expect(a.send({ msg: 3, frags: [] })).toBe(CHAN_ERR_TOO_LONG);
    expect(a.send({ msg: 3, frags: [Array(16).fill(0)] })).toBe(CHAN_ERR_TOO_LONG);
    expect(a.send({ msg: 3, frags: Array.from({ length: 4097 }, () => [0]) })).toBe(CHAN_ERR_TOO_LONG);
    expect(a.backlog()).toBe(0);
  });

  it('reports fragments out of sequence and messages interleaved, then recovers', () => {
    const { ea, b } = channels(1024);
    ea.trySend({ msgnum: 3, index: 1, last: true, words: [] });
    expect(b.receive()).toEqual({ ok: false, error: 'UMP: message 3: fragment 1 where 0 was due' });
    ea.trySend({ msgnum: 3, index: 0, last: false, words: [] });
    ea.trySend({ msgnum: 4, index: 1, last: true, words: [] });
    expect(b.receive()).toEqual({ ok: false, error: 'UMP: fragment of message 4 inside message 3' });
    ea.trySend({ msgnum: 5, index: 0, last: false, words: [7] });
    expect(b.receive()).toBeUndefined(); // incomplete
    ea.trySend({ msgnum: 5, index: 1, last: true, words: [8] });
    expect(b.receive()).toEqual({ ok: true, msg: 5, frags: [padded([7]), padded([8])] });
  });
});
