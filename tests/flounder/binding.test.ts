// Generated TS stubs driving a UMP channel (runtime/ump-channel.ts) in shared memory: typed
// sends, dispatch to handlers, fragmented messages larger than the ring, and RPCs, both ways.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInterface } from '../../compiler/flounder/index.ts';
import { tsStubs } from '../../compiler/flounder/ts/index.ts';
import type { Binding, MessageChannel } from '../../compiler/flounder/runtime/binding.ts';
import { UmpEndpoint } from '../../compiler/flounder/runtime/ump.ts';
import { UmpChannel } from '../../compiler/flounder/runtime/ump-channel.ts';

const OUT = fileURLToPath(new URL('./.out/binding/', import.meta.url));
const CHAT = `interface chat {
  message hello(String who[32], uint32 n);
  message blob(uint8 data[len, 4000]);
  rpc add(in int64 a, in int64 b, out int64 sum, out String note[64]);
};`;

type Msgs = { hello: { who: string; n: number }; blob: { data: Uint8Array }; add_call: { a: bigint; b: bigint }; add_response: { sum: bigint; note: string } };
type Rpcs = { add: { in: Msgs['add_call']; out: Msgs['add_response'] } };
type Bind = (ch: MessageChannel, t: 'ump' | 'lmp', h?: object) => Binding<Msgs, Rpcs>;
type RpcClient = (b: Binding<Msgs, Rpcs>, pump: () => boolean) => { add(args: Msgs['add_call']): unknown };

async function setup() {
  mkdirSync(OUT, { recursive: true });
  const out = join(OUT, 'chat.ts');
  const r = parseInterface(CHAT, 'chat.if');
  writeFileSync(out, tsStubs(r.iface!, { tsOut: out }));
  const mod = await import(pathToFileURL(out).href);
  const bind = mod.chat_bind as Bind;
  const mem = new SharedArrayBuffer(4096);
  UmpEndpoint.clear(mem, 0, 4096);
  const chA = new UmpChannel(new UmpEndpoint(mem, 0, 4096, 0));
  const chB = new UmpChannel(new UmpEndpoint(mem, 0, 4096, 1));
  return { a: bind(chA, 'ump'), b: bind(chB, 'ump'), chA, chB, rpcClient: mod.chat_rpc_client as RpcClient };
}

describe('a typed binding over a UMP channel', () => {
  it('sends and dispatches messages both ways, including strings', async () => {
    const { a, b } = await setup();
    const got: string[] = [];
    b.handlers = { hello: (m) => got.push(`b:${m.who}:${m.n}`) };
    a.handlers = { hello: (m) => got.push(`a:${m.who}:${m.n}`) };
    expect(a.send('hello', { who: 'arm core', n: 1 })).toEqual({ ok: true, value: true });
    expect(b.send('hello', { who: 'x86 core', n: 2 })).toEqual({ ok: true, value: true });
    expect(b.dispatch()).toEqual({ ok: true, value: 1 });
    expect(a.dispatch()).toEqual({ ok: true, value: 1 });
    expect(got).toEqual(['b:arm core:1', 'a:x86 core:2']);
    expect(a.send('hello', { who: 'x'.repeat(40), n: 0 })).toMatchObject({ ok: false });
  });
  it('carries a message of more fragments than the ring has slots', async () => {
    const { a, b, chA } = await setup();
    const data = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7) & 0xff); // 67 fragments, 31 slots
    let got: Uint8Array | undefined;
    b.handlers = { blob: (m) => { got = m.data; } };
    expect(a.send('blob', { data }).ok).toBe(true);
    for (let i = 0; i < 10 && !got; i++) {
      expect(b.dispatch().ok).toBe(true);
      chA.flush();
    }
    expect(got).toEqual(data);
  });
  it('runs an RPC each way, serving other messages while it waits', async () => {
    const { a, b, chA, chB, rpcClient } = await setup();
    const seen: string[] = [];
    const serve = (self: Binding<Msgs, Rpcs>) => ({
      add_call: (m: Msgs['add_call']) => { self.send('add_response', { sum: m.a + m.b, note: `${m.a}+${m.b}` }); },
      hello: (m: Msgs['hello']) => { seen.push(m.who); },
    });
    b.handlers = serve(b);
    a.handlers = serve(a);
    let pumps = 0;
    const pump = (server: Binding<Msgs, Rpcs>) => () => { chA.flush(); chB.flush(); server.dispatch(); return ++pumps < 100; };
    expect(a.call('add', { a: 2n ** 40n, b: -1n }, pump(b))).toEqual({ ok: true, value: { sum: 2n ** 40n - 1n, note: '1099511627776+-1' } });
    a.send('hello', { who: 'before the reply', n: 0 }); // waiting for b ahead of its reply
    expect(b.call('add', { a: 3n, b: 4n }, pump(a))).toEqual({ ok: true, value: { sum: 7n, note: '3+4' } });
    expect(seen).toEqual(['before the reply']);
    expect(b.dispatch()).toEqual({ ok: true, value: 0 });
    expect(a.call('add', { a: 1n, b: 1n }, () => false)).toEqual({ ok: false, error: 'add: no response' });
    // Calls carry no id (one outstanding rpc per binding, as in Barrelfish): the late answer to
    // the abandoned call must be drained before the next call.
    b.dispatch();
    expect(a.dispatch()).toEqual({ ok: true, value: 1 });
    expect(rpcClient(a, pump(b)).add({ a: 5n, b: 6n })).toEqual({ ok: true, value: { sum: 11n, note: '5+6' } });
  });
});
