// A typed binding: one end of a channel speaking one interface. It sends messages by name with
// the generated stubs' codecs, dispatches received messages to handlers, and runs RPCs (send
// `R_call`, wait for `R_response`). It works over any message channel; UmpChannel (ump-channel.ts)
// is one. Errors are values, as everywhere in the stubs.
import { errResult, okResult, type CapRef, type Encoded, type Result, type Transport } from './codec.ts';

/** What a binding needs of a transport: whole messages out and in. `send` returns 0 when the
 *  message was accepted, else the channel's error code (os.chan's numbering). */
export interface MessageChannel {
  send(m: { msg: number; frags: readonly ArrayLike<number>[]; caps?: readonly unknown[] }): number;
  receive(): { ok: true; msg: number; frags: Uint32Array[]; caps?: CapRef[] } | { ok: false; error: string } | undefined;
}

export interface MessageCodec<A> { encode(args: A): Result<Encoded>; decode(frags: readonly Uint32Array[], caps: readonly CapRef[]): Result<A> }

/** The parts of a generated stub module a binding uses (`NAME_codec`, `NAME_MSGNUM`). */
export interface StubTables<M> {
  codec: { [K in keyof M]: Record<Transport, MessageCodec<M[K]>> };
  msgnum: { readonly [K in keyof M]: number };
}

export type Handlers<M> = { [K in keyof M]?: (args: M[K]) => void };

/** RPCs by name: `in` is the call's arguments, `out` the response's. */
export type RpcTable<R> = { [K in keyof R]: { in: unknown; out: unknown } };

export class Binding<M, R extends RpcTable<R>> {
  private readonly byNumber = new Map<number, keyof M>();

  constructor(
    readonly channel: MessageChannel,
    readonly transport: Transport,
    private readonly stubs: StubTables<M>,
    public handlers: Handlers<M> = {},
  ) {
    for (const k of Object.keys(stubs.msgnum) as (keyof M)[]) this.byNumber.set(stubs.msgnum[k], k);
  }

  send<K extends keyof M>(name: K, args: M[K]): Result<true> {
    const e = this.stubs.codec[name][this.transport].encode(args);
    if (!e.ok) return e;
    const code = this.channel.send(e.value);
    return code === 0 ? okResult(true) : errResult(`${String(name)}: channel refused the message (code ${code})`);
  }

  /** Decode one received message (undefined when none is complete yet). */
  private next(): Result<{ name: keyof M; args: unknown }> | undefined {
    const r = this.channel.receive();
    if (!r) return undefined;
    if (!r.ok) return r;
    const name = this.byNumber.get(r.msg);
    if (name === undefined) return errResult(`unknown message number ${r.msg}`);
    const d = (this.stubs.codec[name][this.transport] as MessageCodec<unknown>).decode(r.frags, r.caps ?? []);
    return d.ok ? okResult({ name, args: d.value }) : d;
  }

  private deliver(name: keyof M, args: unknown): void {
    (this.handlers[name] as ((a: unknown) => void) | undefined)?.(args);
  }

  /** Receive and hand to their handlers every complete message waiting; how many, or the first
   *  error (messages before it were delivered). */
  dispatch(): Result<number> {
    let n = 0;
    for (let r = this.next(); r; r = this.next()) {
      if (!r.ok) return r;
      this.deliver(r.value.name, r.value.args);
      n++;
    }
    return okResult(n);
  }

  /** Run RPC `rpc`: send its call, then receive until its response arrives, delivering other
   *  messages to their handlers meanwhile. One rpc at a time per binding: responses carry no call
   *  id, so the first `R_response` to arrive is taken as the answer. `pump` runs the world between polls (e.g. a VM
   *  slice) and returns false when nothing more can happen, which ends the wait with an error. */
  call<K extends keyof R & string>(rpc: K, args: R[K]['in'], pump: () => boolean): Result<R[K]['out']> {
    const sent = this.send(`${rpc}_call` as keyof M, args as M[keyof M]);
    if (!sent.ok) return sent;
    const want = `${rpc}_response` as keyof M;
    for (;;) {
      const r = this.next();
      if (!r) {
        if (!pump()) return errResult(`${rpc}: no response`);
        continue;
      }
      if (!r.ok) return r;
      if (r.value.name === want) return okResult(r.value.args as R[K]['out']);
      this.deliver(r.value.name, r.value.args);
    }
  }
}
