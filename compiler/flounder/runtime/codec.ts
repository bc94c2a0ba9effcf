// What generated TypeScript stubs call to marshal: value checks on the way out, word reads and
// sign handling on the way in, fragment framing, and overflow (string / byte array) fragments.
// Fixed-fragment layout comes from the plan (pack.ts) and is printed straight into the stubs;
// this file only holds what does not depend on a message. Nothing here throws into the caller:
// bad values and malformed fragments end up as `{ ok: false, error }`.
import { HEADER_WORDS, TRANSPORT_WORDS, dataWords, lmpHeader, overflowFragments, type Transport } from '../pack.ts';

export type { Transport } from '../pack.ts';

/** A capability on the host side: opaque to the stubs, moved out of band. */
export interface CapRef { readonly slot: number }
export interface CapTransfer { cap: CapRef; giveAway: boolean }

/** One marshalled message: its number, its transport messages in order, its caps. On LMP each
 *  fragment starts with its header word; on UMP the number and fragment index go in the control
 *  word the channel writes, so fragments hold payload only. */
export interface Encoded { msg: number; frags: Uint32Array[]; caps: CapTransfer[] }

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export const okResult = <T>(value: T): Result<T> => ({ ok: true, value });
export const errResult = <T>(error: string): Result<T> => ({ ok: false, error });

const utf8 = new TextEncoder();
const EMPTY = new Uint32Array(0);
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
/** Lone surrogates do not survive UTF-8, so they are refused rather than silently replaced. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Checks outgoing values; the first problem is kept and turns the send into an error. */
export class Enc {
  error?: string;
  constructor(readonly message: string) {}

  fail(path: string, what: string): number {
    this.error ??= `${this.message}: ${path}: ${what}`;
    return 0;
  }
  /** Unsigned integer of `bits` ≤ 32 bits. */
  u(v: unknown, bits: number, path: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** bits - 1) return this.fail(path, `expected an integer in 0..${2 ** bits - 1}`);
    return v;
  }
  /** Signed integer of `bits` ≤ 32 bits, returned as its two's-complement bit pattern. */
  s(v: unknown, bits: number, path: string): number {
    const lim = 2 ** (bits - 1);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -lim || v >= lim) return this.fail(path, `expected an integer in ${-lim}..${lim - 1}`);
    return bits === 32 ? v >>> 0 : v & (2 ** bits - 1);
  }
  b(v: unknown, path: string): number {
    if (typeof v !== 'boolean') return this.fail(path, 'expected a boolean');
    return v ? 1 : 0;
  }
  /** Enum member index (marshalled as int32). */
  e(v: unknown, members: number, path: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= members) return this.fail(path, `expected an enum value in 0..${members - 1}`);
    return v;
  }
  /** 64-bit integer as [lo, hi] 32-bit words. */
  w64(v: unknown, signed: boolean, path: string): [number, number] {
    const ok = typeof v === 'bigint' && (signed ? BigInt.asIntN(64, v) === v : BigInt.asUintN(64, v) === v);
    if (!ok) { this.fail(path, `expected a ${signed ? 'signed' : 'unsigned'} 64-bit bigint`); return [0, 0]; }
    const u = BigInt.asUintN(64, v as bigint);
    return [Number(u & 0xffffffffn), Number(u >> 32n)];
  }
  /** A string as its UTF-8 bytes and terminating NUL; at most `max` bytes in all. */
  str(v: unknown, max: number, path: string): Uint8Array {
    if (typeof v !== 'string' || LONE_SURROGATE.test(v)) { this.fail(path, 'expected a well-formed string'); return new Uint8Array(1); }
    if (v.includes('\0')) { this.fail(path, 'a string cannot contain NUL'); return new Uint8Array(1); }
    const body = utf8.encode(v);
    if (body.length + 1 > max) { this.fail(path, `string of ${body.length + 1} bytes (with NUL) exceeds its maximum ${max}`); return new Uint8Array(1); }
    const out = new Uint8Array(body.length + 1);
    out.set(body);
    return out;
  }
  bytes(v: unknown, max: number, path: string): Uint8Array {
    if (!(v instanceof Uint8Array)) { this.fail(path, 'expected a Uint8Array'); return new Uint8Array(0); }
    if (v.length > max) { this.fail(path, `${v.length} bytes exceed the maximum ${max}`); return new Uint8Array(0); }
    return v;
  }
  cap(v: unknown, path: string): CapRef {
    if (typeof v !== 'object' || v === null || typeof (v as CapRef).slot !== 'number') this.fail(path, 'expected a capability reference');
    return v as CapRef;
  }
}

/** A fragment: header word (LMP) then the payload words given. */
export function fragment(t: Transport, msg: number, index: number, words: number[]): Uint32Array {
  const h = HEADER_WORDS[t];
  const f = new Uint32Array(h + words.length);
  if (h) f[0] = lmpHeader(msg, index);
  f.set(words, h);
  return f;
}

/** The transport messages of one overflow: the byte length, then the bytes, LSB first. */
export function overflowFrags(t: Transport, msg: number, firstIndex: number, bytes: Uint8Array): Uint32Array[] {
  const words = new Uint32Array(1 + Math.ceil(bytes.length / 4));
  words[0] = bytes.length;
  for (let i = 0; i < bytes.length; i++) words[1 + (i >> 2)]! |= bytes[i]! << ((i & 3) * 8);
  const per = dataWords(t);
  const out: Uint32Array[] = [];
  for (let k = 0; k * per < words.length; k++) out.push(fragment(t, msg, firstIndex + k, [...words.subarray(k * per, (k + 1) * per)]));
  return out;
}

/** Reads one received message; the first malformation is kept and turns the result into an error. */
export class Dec {
  error?: string;
  /** next fragment to read */
  private next = 0;
  constructor(readonly t: Transport, readonly msg: number, readonly name: string, readonly frags: readonly Uint32Array[]) {}

  fail(what: string): number {
    this.error ??= `${this.name}: malformed ${this.t} message: ${what}`;
    return 0;
  }

  /** Take the next fragment's payload, which must hold at least `words` words, checking its
   *  header. On a malformation the error is kept and an empty array returned: reads past its end
   *  give `undefined`, which the generated bit operations turn into 0. */
  take(words: number): Uint32Array {
    const f = this.frags[this.next];
    const index = this.next++;
    if (this.error) return EMPTY;
    if (!(f instanceof Uint32Array)) { this.fail(`fragment ${index} is missing`); return EMPTY; }
    const h = HEADER_WORDS[this.t];
    if (f.length < h + words || f.length > TRANSPORT_WORDS[this.t]) { this.fail(`fragment ${index} has ${f.length} words`); return EMPTY; }
    if (h && f[0] !== lmpHeader(this.msg, index)) { this.fail(`fragment ${index} has header 0x${f[0]!.toString(16)}`); return EMPTY; }
    return h ? f.subarray(h) : f;
  }

  /** The overflow that starts at the next fragment: its bytes, at most `max`. */
  overflow(max: number, what: string): Uint8Array {
    const first = this.take(1);
    if (this.error) return new Uint8Array(0);
    const len = first[0]!;
    if (len > max) { this.fail(`${what} of ${len} bytes exceeds its maximum ${max}`); return new Uint8Array(0); }
    const per = dataWords(this.t);
    const total = 1 + Math.ceil(len / 4);
    // Check the length against what arrived before allocating for it.
    if (overflowFragments(len, this.t) > this.frags.length - this.next + 1) { this.fail(`${what} of ${len} bytes is longer than the fragments received`); return new Uint8Array(0); }
    if (first.length < Math.min(per, total)) { this.fail(`${what}: first fragment too short`); return new Uint8Array(0); }
    const words = new Uint32Array(total);
    words.set(first.subarray(0, Math.min(per, total)));
    for (let k = 1; k < overflowFragments(len, this.t); k++) {
      const need = Math.min(per, total - k * per);
      const f = this.take(need);
      if (this.error) return new Uint8Array(0);
      words.set(f.subarray(0, need), k * per);
    }
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = (words[1 + (i >> 2)]! >>> ((i & 3) * 8)) & 0xff;
    return out;
  }

  /** A string overflow: UTF-8 with exactly one NUL, at the end. */
  str(max: number, what: string): string {
    const b = this.overflow(max, what);
    if (this.error) return '';
    if (b.length === 0 || b[b.length - 1] !== 0 || b.indexOf(0) !== b.length - 1) { this.fail(`${what} is not one NUL-terminated string`); return ''; }
    try {
      return utf8Strict.decode(b.subarray(0, b.length - 1));
    } catch {
      this.fail(`${what} is not valid UTF-8`);
      return '';
    }
  }

  enumValue<E extends number>(v: number, members: number, what: string): E {
    if (v < 0 || v >= members) this.fail(`${what} = ${v} is not a member of its enum`);
    return v as E;
  }

  /** Every fragment must have been read: no more, no fewer. */
  finish(): void {
    if (this.next !== this.frags.length) this.fail(`${this.frags.length} fragments where ${this.next} belong to the message`);
  }
}

/** Sign-extend the low `bits` of `v`. */
export const sx = (v: number, bits: number): number => (bits === 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits));
/** A 64-bit value from its halves. */
export const join64 = (lo: number, hi: number, signed: boolean): bigint => {
  const u = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return signed ? BigInt.asIntN(64, u) : u;
};

/** Run generated marshalling code so that nothing it meets (e.g. a missing struct in a value
 *  from untyped JS) escapes as an exception. */
export function guard<T>(what: string, f: () => Result<T>): Result<T> {
  try {
    return f();
  } catch (e) {
    return errResult(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
