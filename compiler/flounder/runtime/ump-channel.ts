// Whole messages over a UMP endpoint: a send queue that pushes fragments as credits allow, and
// reassembly of received fragments by their control words. It carries any encoded message (the
// generated TS stubs' `Encoded`, or raw fragments); decoding the arguments is the stubs' job.
//
// What must stay true: fragments leave in order and every message's fragments are contiguous
// on the ring (the Fin receiver reassembles one message at a time); a received message is
// complete only at the fragment flagged last, with indexes 0, 1, 2, … before it.
import { CHAN_ERR_CAP_UNSUPPORTED, CHAN_ERR_TOO_LONG, CHAN_OK, UMP_CTL_FRAG_MASK, UMP_MAX_FRAGMENTS, UMP_PAYLOAD_WORDS } from './ump-layout.ts';
import type { UmpEndpoint } from './ump.ts';

/** A message as the transport sees it: its number and its fragments' payload words. */
export interface WireMessage { msg: number; frags: readonly ArrayLike<number>[] }

export type Received = { ok: true; msg: number; frags: Uint32Array[] } | { ok: false; error: string };

interface Outgoing { msg: number; frags: readonly ArrayLike<number>[]; next: number }

export class UmpChannel {
  private readonly queue: Outgoing[] = [];
  private partial: { msg: number; frags: Uint32Array[] } | undefined;

  constructor(readonly ep: UmpEndpoint) {}

  /** Queue a message and push what fits. CHAN_OK, or an error value when UMP cannot carry it
   *  (capabilities travel through the monitors, which do not exist yet). */
  send(m: WireMessage & { caps?: readonly unknown[] }): number {
    if (m.caps && m.caps.length > 0) return CHAN_ERR_CAP_UNSUPPORTED;
    if (m.frags.length === 0 || m.frags.length > UMP_MAX_FRAGMENTS || m.frags.some((f) => f.length > UMP_PAYLOAD_WORDS)) return CHAN_ERR_TOO_LONG;
    this.queue.push({ msg: m.msg, frags: m.frags, next: 0 });
    this.flush();
    return CHAN_OK;
  }

  /** Push queued fragments while the ring has room; true when nothing is left to send. */
  flush(): boolean {
    while (this.queue.length) {
      const o = this.queue[0]!;
      while (o.next < o.frags.length) {
        const last = o.next === o.frags.length - 1;
        if (!this.ep.trySend({ msgnum: o.msg, index: o.next, last, words: o.frags[o.next]! })) return false;
        o.next++;
      }
      this.queue.shift();
    }
    return true;
  }

  /** Fragments queued but not yet on the ring. */
  backlog(): number {
    return this.queue.reduce((n, o) => n + o.frags.length - o.next, 0);
  }

  /** The next complete message, an error for fragments that break the protocol (the partial
   *  message is dropped), or undefined when no complete message has arrived yet. */
  receive(): Received | undefined {
    for (let f = this.ep.receive(); f; f = this.ep.receive()) {
      const p = this.partial;
      const expected = p ? p.frags.length & UMP_CTL_FRAG_MASK : 0;
      if (p && f.msgnum !== p.msg) {
        this.partial = undefined;
        return { ok: false, error: `UMP: fragment of message ${f.msgnum} inside message ${p.msg}` };
      }
      if (f.index !== expected) {
        this.partial = undefined;
        return { ok: false, error: `UMP: message ${f.msgnum}: fragment ${f.index} where ${expected} was due` };
      }
      const cur = p ?? (this.partial = { msg: f.msgnum, frags: [] });
      cur.frags.push(Uint32Array.from(f.words));
      if (f.last) {
        this.partial = undefined;
        return { ok: true, msg: cur.msg, frags: cur.frags };
      }
    }
    return undefined;
  }
}
