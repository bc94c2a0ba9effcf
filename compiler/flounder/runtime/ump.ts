// One end of a UMP channel over a view of guest memory: the fragment level (one 64-byte slot per
// fragment). It works over the VM's RAM (an ArrayBuffer) or over a SharedArrayBuffer that another
// thread's endpoint also uses. Layout and control-word bits: ump-layout.ts and
// docs/flounder-wire.md "UMP channels".
//
// What must stay true:
// - the sender stores the 15 payload words, then the control word with one 32-bit store; the
//   receiver loads the control word first and reads the payload only if its epoch is current;
// - the receiver copies the payload out before it publishes its consumed count, because that
//   count is what lets the sender overwrite the slot;
// - the sender never has more than `slots` fragments unconsumed: trySend reports "full" instead.
// Control words and the consumed counter go through Atomics, which orders them against the
// plain payload accesses when the buffer is shared between threads (and costs nothing else).
import {
  UMP_CONTROL_WORD, UMP_CTL_EPOCH, UMP_CTL_FRAG_MASK, UMP_CTL_FRAG_SHIFT, UMP_CTL_LAST, UMP_CTL_MSGNUM_MASK,
  UMP_HEADER_CONSUMED, UMP_PAYLOAD_WORDS, UMP_SLOT_WORDS, umpControl, umpRings, type UmpRingGeometry,
} from './ump-layout.ts';

export type UmpSide = 0 | 1;

/** One transport message: up to 15 payload words, tagged with its message and position. */
export interface UmpFragment {
  msgnum: number;
  /** index of this fragment within its message */
  index: number;
  last: boolean;
  /** the payload; missing words are sent as 0, a received fragment always has 15 */
  words: ArrayLike<number>;
}

export class UmpError extends Error {}

/** Guest memory as the endpoint sees it: the buffer and where the frame is in it. */
type Memory = ArrayBufferLike | ArrayBufferView;

function int32View(mem: Memory): Int32Array {
  if (ArrayBuffer.isView(mem)) {
    if (mem.byteOffset % 4 !== 0) throw new UmpError('UMP memory view must start on a 4-byte boundary');
    return new Int32Array(mem.buffer, mem.byteOffset, Math.floor(mem.byteLength / 4));
  }
  return new Int32Array(mem, 0, Math.floor(mem.byteLength / 4));
}

export class UmpEndpoint {
  /** slots per ring (both rings have the same number) */
  readonly slots: number;
  private readonly w: Int32Array;
  private readonly tx: UmpRingGeometry;
  private readonly rx: UmpRingGeometry;
  // sender state: next slot, its epoch, fragments sent (wrapping 32-bit count)
  private txPos = 0;
  private txEpoch = true;
  private txSent = 0;
  // receiver state: next slot, the epoch it must carry, fragments consumed
  private rxPos = 0;
  private rxEpoch = true;
  private rxConsumed = 0;

  /** `frame` is a byte address within `mem` (for the VM: a guest physical address). Both ends
   *  must agree on frame and size and take different sides. The frame must start zeroed
   *  (`UmpEndpoint.clear`), as a freshly allocated frame is. */
  constructor(mem: Memory, frame: number, bytes: number, readonly side: UmpSide) {
    const g = umpRings(frame, bytes);
    if ('error' in g) throw new UmpError(g.error);
    this.w = int32View(mem);
    if (frame + bytes > this.w.length * 4) throw new UmpError(`UMP frame 0x${frame.toString(16)}+${bytes} lies outside memory`);
    this.slots = g.rings[0].slots;
    this.tx = g.rings[side];
    this.rx = g.rings[1 - side];
  }

  /** Zero a frame before either end uses it. */
  static clear(mem: Memory, frame: number, bytes: number): void {
    const w = int32View(mem);
    w.fill(0, frame >> 2, (frame + bytes) >> 2);
  }

  /** Fragments this end may send before the receiver consumes more. */
  credits(): number {
    const consumed = Atomics.load(this.w, (this.tx.base >> 2) + UMP_HEADER_CONSUMED);
    return this.slots - ((this.txSent - consumed) >>> 0);
  }

  /** Write one fragment, or return false (and write nothing) when the ring is full. */
  trySend(f: UmpFragment): boolean {
    if (f.words.length > UMP_PAYLOAD_WORDS) throw new UmpError(`a UMP fragment holds at most ${UMP_PAYLOAD_WORDS} words, not ${f.words.length}`);
    if (f.index > UMP_CTL_FRAG_MASK) throw new UmpError(`fragment index ${f.index} over the UMP limit ${UMP_CTL_FRAG_MASK}`);
    if (this.credits() <= 0) return false;
    const slot = this.slotWord(this.tx, this.txPos);
    for (let i = 0; i < UMP_PAYLOAD_WORDS; i++) this.w[slot + i] = i < f.words.length ? f.words[i] | 0 : 0;
    this.publish(slot + UMP_CONTROL_WORD, umpControl(f.msgnum, f.index, f.last, this.txEpoch));
    this.txSent = (this.txSent + 1) >>> 0;
    if (++this.txPos === this.slots) { this.txPos = 0; this.txEpoch = !this.txEpoch; }
    return true;
  }

  /** Whether a fragment is waiting. */
  poll(): boolean {
    const ctl = Atomics.load(this.w, this.slotWord(this.rx, this.rxPos) + UMP_CONTROL_WORD);
    return ((ctl & UMP_CTL_EPOCH) !== 0) === this.rxEpoch;
  }

  /** Take the next fragment and free its slot, or undefined when none is waiting. */
  receive(): UmpFragment | undefined {
    const slot = this.slotWord(this.rx, this.rxPos);
    const ctl = Atomics.load(this.w, slot + UMP_CONTROL_WORD);
    if (((ctl & UMP_CTL_EPOCH) !== 0) !== this.rxEpoch) return undefined;
    const words = new Uint32Array(UMP_PAYLOAD_WORDS);
    for (let i = 0; i < UMP_PAYLOAD_WORDS; i++) words[i] = this.w[slot + i];
    this.rxConsumed = (this.rxConsumed + 1) >>> 0;
    if (++this.rxPos === this.slots) { this.rxPos = 0; this.rxEpoch = !this.rxEpoch; }
    Atomics.store(this.w, (this.rx.base >> 2) + UMP_HEADER_CONSUMED, this.rxConsumed | 0);
    return {
      msgnum: ctl & UMP_CTL_MSGNUM_MASK,
      index: (ctl >>> UMP_CTL_FRAG_SHIFT) & UMP_CTL_FRAG_MASK,
      last: (ctl & UMP_CTL_LAST) !== 0,
      words,
    };
  }

  /** The single store that makes a written slot visible; a separate method so tests can watch
   *  the order of stores (it must come after every payload store of the slot). */
  protected publish(wordIndex: number, control: number): void {
    Atomics.store(this.w, wordIndex, control);
  }

  private slotWord(ring: UmpRingGeometry, pos: number): number {
    return (ring.base >> 2) + (pos + 1) * UMP_SLOT_WORDS;
  }
}
