// The wire plan of one message on one transport: which bits of which 32-bit word of which
// fragment hold each primitive piece of the arguments, then the overflow fragments (strings and
// dynamic byte arrays) and the capabilities. Every backend prints its marshalling code from this
// plan, so TS and Fin stubs agree on the wire by construction. docs/flounder-wire.md describes
// the format with a worked example; keep the two in step.
//
// Packing rule (Barrelfish MsgFragments, reference §1.7): flatten the arguments to primitives,
// split 64-bit values into two 32-bit pieces (lo first), stably sort by bit width, then place
// greedily, least-significant bit first: a piece goes into the current word if it still fits,
// else into a new word; a fragment full of words starts a new fragment.
import { isPrim, primBits, primSigned, type ByteElem, type Message, type Prim, type ValueType } from './model.ts';
import { UMP_MAX_FRAGMENTS } from './runtime/ump-layout.ts';

export type Transport = 'lmp' | 'ump';
export const TRANSPORTS: readonly Transport[] = ['lmp', 'ump'];

/** Words of one transport message the stubs fill. UMP: a 64-byte slot is 15 payload words plus
 *  the control word the channel writes (message number, fragment info, used bit). LMP: 4 words
 *  per kernel send, the first a header (see `lmpHeader`). */
export const TRANSPORT_WORDS: Record<Transport, number> = { lmp: 4, ump: 15 };
/** Words at the start of every transport message that are not payload. */
export const HEADER_WORDS: Record<Transport, number> = { lmp: 1, ump: 0 };
/** Payload words of one transport message. */
export const dataWords = (t: Transport): number => TRANSPORT_WORDS[t] - HEADER_WORDS[t];

/** Most transport messages one message may take: the fragment index field's range (LMP: 16
 *  header bits; UMP: the control word's fragment field). The checker refuses a message whose
 *  declared maxima could need more, so no encoder ever meets one. */
export const MAX_FRAGMENTS: Record<Transport, number> = { lmp: 0x10000, ump: UMP_MAX_FRAGMENTS };

/** LMP header word: message number in bits 0..15, fragment index (0, 1, … over the fixed then
 *  the overflow fragments of one message) in bits 16..31. */
export const lmpHeader = (msgNumber: number, fragment: number): number => ((msgNumber & 0xffff) | ((fragment & 0xffff) << 16)) >>> 0;

export type PathStep = string | number;

/** One primitive (or one 32-bit half of a 64-bit primitive) in one word. */
export interface Piece {
  /** argument name, then struct field names and array indices: `['p', 'a']`, `['m', 3]` */
  path: PathStep[];
  /** bit offset in the word (LSB = 0) */
  shift: number;
  /** width on the wire: 1 (bool), 8, 16 or 32 */
  bits: number;
  /** sign-extend when decoding (the hi half of a signed 64-bit value; lo halves are unsigned) */
  signed: boolean;
  /** for 64-bit primitives: which 32-bit half this piece is */
  part?: 'lo' | 'hi';
  /** the primitive this piece belongs to */
  prim: Prim;
}

/** A word of a fixed fragment: its pieces, in ascending `shift`. */
export type Word = Piece[];

/** A string or dynamic byte array: travels after the fixed fragments, in argument order. */
export interface Overflow {
  arg: string;
  kind: 'string' | 'bytes';
  /** the declared maximum in bytes (strings: including the terminating NUL) */
  max: number;
  /** for byte arrays: the element type and the name of the length argument */
  elem?: ByteElem;
  lengthName?: string;
}

export interface CapSlot {
  /** the argument the cap is (or is inside of) */
  arg: string;
  /** where the cap is: `[arg]`, or deeper for a cap inside a struct or array */
  path: PathStep[];
  giveAway: boolean;
}

export interface Plan {
  transport: Transport;
  message: Message;
  /** payload words per transport message (`dataWords(transport)`) */
  wordsPerFragment: number;
  /** non-payload words at the start of each transport message (LMP: 1, UMP: 0) */
  headerWords: number;
  /** the fixed fragments, at least one (a message without fixed data still sends one, empty);
   *  on LMP at least as many as there are caps, since each kernel send carries at most one */
  fixed: Word[][];
  overflow: Overflow[];
  /** caps in argument order (depth first inside structs and arrays); on LMP cap k rides on
   *  fixed fragment k, on UMP they go through the monitors out of band */
  caps: CapSlot[];
}

interface Flat { path: PathStep[]; prim: Prim }

function flatten(path: PathStep[], t: ValueType, out: Flat[], caps: CapSlot[]): void {
  if (isPrim(t)) out.push({ path, prim: t });
  else if (t.kind === 'cap') caps.push({ arg: String(path[0]), path, giveAway: t.giveAway });
  else if (t.kind === 'struct') for (const f of t.fields) flatten([...path, f.name], f.type, out, caps);
  else for (let i = 0; i < t.length; i++) flatten([...path, i], t.elem, out, caps);
}

function pieces(f: Flat): Omit<Piece, 'shift'>[] {
  const bits = primBits(f.prim);
  if (bits === 64) {
    return [
      { path: f.path, bits: 32, signed: false, part: 'lo', prim: f.prim },
      { path: f.path, bits: 32, signed: primSigned(f.prim), part: 'hi', prim: f.prim },
    ];
  }
  return [{ path: f.path, bits, signed: primSigned(f.prim), prim: f.prim }];
}

export function planMessage(msg: Message, transport: Transport): Plan {
  const flat: Flat[] = [];
  const overflow: Overflow[] = [];
  const caps: CapSlot[] = [];
  for (const a of msg.args) {
    const t = a.type;
    if (t.kind === 'string') overflow.push({ arg: a.name, kind: 'string', max: t.max });
    else if (t.kind === 'bytes') overflow.push({ arg: a.name, kind: 'bytes', max: t.max, elem: t.elem, lengthName: t.lengthName });
    else flatten([a.name], t, flat, caps);
  }
  // Array.prototype.sort is stable (ES2019), which the rule needs.
  const sorted = flat.flatMap(pieces).sort((a, b) => a.bits - b.bits);
  const perFrag = dataWords(transport);
  const fixed: Word[][] = [[]];
  let used = 32; // bits used in the current word; 32 forces a new word for the first piece
  for (const p of sorted) {
    let frag = fixed[fixed.length - 1]!;
    if (used + p.bits > 32) {
      if (frag.length === perFrag) fixed.push((frag = []));
      frag.push([]);
      used = 0;
    }
    frag[frag.length - 1]!.push({ ...p, shift: used });
    used += p.bits;
  }
  if (transport === 'lmp') while (fixed.length < caps.length) fixed.push([]);
  return { transport, message: msg, wordsPerFragment: perFrag, headerWords: HEADER_WORDS[transport], fixed, overflow, caps };
}

/** Words an overflow of `byteLength` bytes occupies: the length word, then 4 bytes a word. */
export const overflowWords = (byteLength: number): number => 1 + Math.ceil(byteLength / 4);

/** Transport messages an overflow of `byteLength` bytes takes. */
export const overflowFragments = (byteLength: number, transport: Transport): number =>
  Math.ceil(overflowWords(byteLength) / dataWords(transport));

/** Transport messages a message takes with the given overflow byte lengths (in overflow order). */
export const fragmentCount = (plan: Plan, overflowLengths: number[]): number =>
  plan.fixed.length + overflowLengths.reduce((n, len) => n + overflowFragments(len, plan.transport), 0);
