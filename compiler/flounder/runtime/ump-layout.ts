// The UMP channel's memory layout and control word: the one source of truth for both ends.
// The TypeScript endpoint (ump.ts) reads these constants directly; the Fin runtime gets them
// through the generated stdlib/os/wire.fin, so the two can never disagree on a bit.
//
// A channel is one shared frame. Its first half is the ring side 0 sends on (side 1 receives),
// its second half the ring side 1 sends on. Every ring is a run of 64-byte lines: line 0 is the
// ring's header, written only by the ring's receiver; lines 1.. are message slots, written only
// by the ring's sender. No line has two writers, so on a real machine each line moves between
// caches in one direction only.

/** Bytes per slot: one cache line. */
export const UMP_SLOT_BYTES = 64;
/** 32-bit words per slot. */
export const UMP_SLOT_WORDS = UMP_SLOT_BYTES / 4;
/** Payload words per slot; the last word of the slot is the control word. */
export const UMP_PAYLOAD_WORDS = UMP_SLOT_WORDS - 1;
/** Word index of the control word inside a slot (its byte offset is 60). */
export const UMP_CONTROL_WORD = UMP_PAYLOAD_WORDS;
/** Word index, in a ring's header line, of the receiver's consumed-fragment counter. */
export const UMP_HEADER_CONSUMED = 0;
/** The smallest ring: two slots plus its header line; frames are whole pairs of rings. */
export const UMP_MIN_SLOTS = 2;
/** Frame sizes must be a multiple of this (two rings of whole lines). */
export const UMP_FRAME_ALIGN = 2 * UMP_SLOT_BYTES;
/** The default frame: one 4 KiB page, 31 slots per direction. */
export const UMP_DEFAULT_FRAME_BYTES = 4096;

// Control word bits. The sender writes the control word with one 32-bit store after the 15
// payload words; the receiver reads it first and trusts the payload only when the epoch bit is
// the one it expects for its position, so it never sees a half-written (torn) slot.
/** bits 0-15: the message number (the same 16 bits LMP keeps in payload word 0). */
export const UMP_CTL_MSGNUM_MASK = 0xffff;
/** bits 16-27: the fragment's index within its message (0 = first). */
export const UMP_CTL_FRAG_SHIFT = 16;
export const UMP_CTL_FRAG_MASK = 0xfff;
/** bit 30: this fragment is the message's last. */
export const UMP_CTL_LAST = 1 << 30;
/** bit 31: the epoch: 1 on the ring's first pass, 0 on the second, and so on. A zeroed frame
 *  therefore holds no message, and a slot left over from the previous pass never looks new. */
export const UMP_CTL_EPOCH = 1 << 31;
/** The most fragments one message may have over UMP (the fragment field's range). */
export const UMP_MAX_FRAGMENTS = UMP_CTL_FRAG_MASK + 1;

/** Errors the channel runtimes report as values (TS and Fin share the numbers). */
export const CHAN_OK = 0;
/** the ring has no free slot: retry when the receiver has consumed (register a continuation) */
export const CHAN_ERR_FULL = 1;
/** nothing to receive */
export const CHAN_ERR_EMPTY = 2;
/** a capability argument: UMP carries caps through the monitors, which do not exist yet */
export const CHAN_ERR_CAP_UNSUPPORTED = 3;
/** the peer broke the protocol (fragment out of order, wrong message, length over its maximum) */
export const CHAN_ERR_PROTOCOL = 4;
/** a string or byte array longer than its declared maximum */
export const CHAN_ERR_TOO_LONG = 5;
/** another message is still being sent on this binding */
export const CHAN_ERR_BUSY = 6;
/** the frame is too small, misaligned or not a whole number of slots */
export const CHAN_ERR_BAD_FRAME = 7;

export const CHAN_ERRORS: { name: string; value: number; doc: string }[] = [
  { name: 'OK', value: CHAN_OK, doc: 'success' },
  { name: 'ERR_FULL', value: CHAN_ERR_FULL, doc: 'no free slot (UMP) or the receiver\'s buffer is full (LMP): retry later' },
  { name: 'ERR_EMPTY', value: CHAN_ERR_EMPTY, doc: 'nothing to receive' },
  { name: 'ERR_CAP_UNSUPPORTED', value: CHAN_ERR_CAP_UNSUPPORTED, doc: 'a capability over UMP (caps travel via the monitors, not yet built)' },
  { name: 'ERR_PROTOCOL', value: CHAN_ERR_PROTOCOL, doc: 'the peer broke the wire protocol' },
  { name: 'ERR_TOO_LONG', value: CHAN_ERR_TOO_LONG, doc: 'a string or byte array over its declared maximum' },
  { name: 'ERR_BUSY', value: CHAN_ERR_BUSY, doc: 'a message is already being sent on this binding' },
  { name: 'ERR_BAD_FRAME', value: CHAN_ERR_BAD_FRAME, doc: 'the shared frame is misaligned or too small' },
];

export interface UmpRingGeometry {
  /** byte address of the ring's header line */
  base: number;
  /** message slots (lines after the header) */
  slots: number;
}

/** The two rings of a frame, or an error when the frame cannot hold a channel. */
export function umpRings(frame: number, bytes: number): { rings: [UmpRingGeometry, UmpRingGeometry] } | { error: string } {
  if (!Number.isInteger(frame) || frame < 0 || frame % UMP_SLOT_BYTES !== 0) return { error: `UMP frame at 0x${frame.toString(16)} is not ${UMP_SLOT_BYTES}-byte aligned` };
  if (bytes % UMP_FRAME_ALIGN !== 0) return { error: `UMP frame size ${bytes} is not a multiple of ${UMP_FRAME_ALIGN}` };
  const half = bytes / 2;
  const slots = half / UMP_SLOT_BYTES - 1;
  if (slots < UMP_MIN_SLOTS) return { error: `UMP frame size ${bytes} leaves fewer than ${UMP_MIN_SLOTS} slots per ring` };
  return { rings: [{ base: frame, slots }, { base: frame + half, slots }] };
}

/** The control word of fragment `index` of message `msgnum`, written on a pass whose epoch bit
 *  is `epoch`. Each end keeps its ring position and epoch itself (the epoch flips whenever the
 *  position wraps to slot 0); deriving them from a wrapping 32-bit counter would break whenever
 *  the slot count does not divide 2^32. */
export function umpControl(msgnum: number, index: number, last: boolean, epoch: boolean): number {
  return (msgnum & UMP_CTL_MSGNUM_MASK) | ((index & UMP_CTL_FRAG_MASK) << UMP_CTL_FRAG_SHIFT) | (last ? UMP_CTL_LAST : 0) | (epoch ? UMP_CTL_EPOCH : 0);
}
