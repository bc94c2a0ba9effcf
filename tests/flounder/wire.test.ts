// The wire layout itself, pinned to the worked example of docs/flounder-wire.md (so the document
// and the code cannot drift apart) and to the packing rule's corner cases.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInterface } from '../../compiler/flounder/index.ts';
import { planMessage } from '../../compiler/flounder/pack.ts';
import { tsStubs } from '../../compiler/flounder/ts/index.ts';
import type { Encoded, Result } from '../../compiler/flounder/runtime/codec.ts';

const OUT = fileURLToPath(new URL('./.out/wire/', import.meta.url));

/** The example interface of the worked example, read from the document itself. */
const THERMO = (() => {
  const doc = readFileSync(new URL('../../docs/flounder-wire.md', import.meta.url), 'utf8');
  return /## Worked example\s+```\n([\s\S]*?)```/.exec(doc)![1]!;
})();

const iface = (text: string, name: string) => {
  const r = parseInterface(text, `${name}.if`);
  expect(r.diagnostics).toEqual([]);
  return r.iface!;
};

type Codec = { encode(a: unknown): Result<Encoded>; decode(f: readonly Uint32Array[], c: readonly unknown[]): Result<unknown> };
async function codecs(text: string, name: string): Promise<Record<string, Record<'lmp' | 'ump', Codec>>> {
  mkdirSync(OUT, { recursive: true });
  const out = join(OUT, `${name}.ts`);
  writeFileSync(out, tsStubs(iface(text, name), { tsOut: out }));
  return (await import(pathToFileURL(out).href))[`${name}_codec`];
}

const words = (e: Result<Encoded>) => {
  if (!e.ok) throw new Error(e.error);
  return e.value.frags.map((f) => [...f].map((w) => '0x' + w.toString(16).padStart(8, '0')));
};

describe('the worked example of docs/flounder-wire.md', () => {
  const args = { r: { which: 1, value: -5, valid: true }, timestamp: 0x1_0000_0002n, flags: 0x81, delta: -2, note: 'hi', frame: { slot: 7 } };
  it('plans the words as the table says', () => {
    const p = planMessage(iface(THERMO, 'thermo').messages[0]!, 'ump');
    expect(p.message.number).toBe(3);
    expect(p.fixed.map((f) => f.map((w) => w.map((x) => `${x.path.join('.')}${x.part ? ':' + x.part : ''}@${x.shift}`)))).toEqual([[
      ['r.valid@0', 'flags@1', 'delta@9'], ['r.which@0'], ['r.value@0'], ['timestamp:lo@0'], ['timestamp:hi@0'],
    ]]);
  });
  it('encodes to the documented UMP and LMP fragments', async () => {
    const c = (await codecs(THERMO, 'thermo')).sample!;
    expect(words(c.ump.encode(args))).toEqual([
      ['0x01fffd03', '0x00000001', '0xfffffffb', '0x00000002', '0x00000001'],
      ['0x00000003', '0x00006968'],
    ]);
    const lmp = c.lmp.encode(args);
    expect(words(lmp)).toEqual([
      ['0x00000003', '0x01fffd03', '0x00000001', '0xfffffffb'],
      ['0x00010003', '0x00000002', '0x00000001'],
      ['0x00020003', '0x00000003', '0x00006968'],
    ]);
    expect(lmp.ok && lmp.value.caps).toEqual([{ cap: { slot: 7 }, giveAway: false }]);
  });
});

describe('packing rule', () => {
  it('sorts stably by width and fills words greedily, LSB first', () => {
    const i = iface('interface p { message m(uint16 a, bool b, uint8 c, uint16 d, bool e, uint32 f, uint8 g); };', 'p');
    const p = planMessage(i.messages[0]!, 'ump');
    expect(p.fixed[0]!.map((w) => w.map((x) => `${x.path[0]}@${x.shift}`))).toEqual([
      ['b@0', 'e@1', 'c@2', 'g@10'], ['a@0', 'd@16'], ['f@0'],
    ]);
  });
  it('starts a new fragment when one is full: 3 payload words on LMP, 15 on UMP', () => {
    const i = iface('interface q { typedef uint32 a[16]; message m(a x); };', 'q');
    expect(planMessage(i.messages[0]!, 'lmp').fixed.map((f) => f.length)).toEqual([3, 3, 3, 3, 3, 1]);
    expect(planMessage(i.messages[0]!, 'ump').fixed.map((f) => f.length)).toEqual([15, 1]);
  });
  it('sends an empty message as one empty fragment, and gives every LMP cap its own fragment', () => {
    const i = iface('interface r { message e(); message c(cap a, cap b, give_away_cap d, uint8 x); };', 'r');
    expect(planMessage(i.messages[0]!, 'ump').fixed).toEqual([[]]);
    const lmp = planMessage(i.messages[1]!, 'lmp');
    expect(lmp.fixed.map((f) => f.length)).toEqual([1, 0, 0]);
    expect(lmp.caps.map((c) => [c.arg, c.giveAway])).toEqual([['a', false], ['b', false], ['d', true]]);
    expect(planMessage(i.messages[1]!, 'ump').fixed.length).toBe(1);
  });
  it('splits a string over as many transport messages as it needs, and checks it on the way in', async () => {
    const c = (await codecs('interface s { message m(String s[100]); };', 's')).m!;
    const long = 'x'.repeat(70); // 71 bytes: 1 length word + 18 data words
    const u = c.ump.encode({ s: long });
    expect(u.ok && u.value.frags.map((f) => f.length)).toEqual([0, 15, 4]);
    const l = c.lmp.encode({ s: long });
    expect(l.ok && l.value.frags.length).toBe(1 + 7);
    expect(c.ump.encode({ s: 'x'.repeat(100) })).toMatchObject({ ok: false });
    if (!u.ok) return;
    const bad = u.value.frags.map((f) => f.slice());
    bad[1]![0] = 101; // longer than the maximum
    expect(c.ump.decode(bad, [])).toMatchObject({ ok: false, error: expect.stringMatching(/exceeds its maximum 100/) });
    bad[1]![0] = 99; // within the maximum, but more than the fragments hold
    expect(c.ump.decode(bad.slice(0, 2), [])).toMatchObject({ ok: false, error: expect.stringMatching(/longer than the fragments received/) });
  });
  it('carries the largest message the checker allows in exactly 4096 UMP fragments', async () => {
    const c = (await codecs('interface big { message m(uint8 b[n, 245696]); };', 'big')).m!;
    const b = Uint8Array.from({ length: 245696 }, (_, i) => i & 0xff);
    const e = c.ump.encode({ b });
    expect(e.ok && e.value.frags.length).toBe(4096);
    if (e.ok) expect(c.ump.decode(e.value.frags, [])).toEqual({ ok: true, value: { b } });
  });
  it('refuses out-of-range values when encoding, as an error value', async () => {
    const c = (await codecs('interface v { typedef enum { A, B } e; message m(uint8 a, e b, int64 c); };', 'v')).m!;
    expect(c.lmp.encode({ a: 256, b: 0, c: 0n })).toMatchObject({ ok: false });
    expect(c.lmp.encode({ a: 1, b: 2, c: 0n })).toMatchObject({ ok: false });
    expect(c.lmp.encode({ a: 1, b: 1, c: 2n ** 63n })).toMatchObject({ ok: false });
    expect(c.lmp.encode({ a: 1, b: 1, c: -(2n ** 63n) })).toMatchObject({ ok: true });
    expect(c.lmp.encode(undefined)).toMatchObject({ ok: false });
  });
});

describe('generated names', () => {
  it('keep declared types apart from the generated exports, and Unicode and apostrophe names apart', async () => {
    const text = "interface n { typedef enum { A } codec; typedef uint8 Messages; message café(codec c, Messages m); message caf_(uint8 x'); };";
    const c = await codecs(text, 'n');
    expect(Object.keys(c)).toEqual(['café', 'caf_']);
    const e = c['café']!.ump.encode({ c: 0, m: 5 });
    expect(e.ok && c['café']!.ump.decode(e.value.frags, [])).toEqual({ ok: true, value: { c: 0, m: 5 } });
  });
});
