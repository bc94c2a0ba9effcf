// Little-endian byte access for ELF files. Reads are bounds-checked and fail with a LinkError,
// so no corrupt input can surface as a RangeError from DataView; writes go to a growable buffer
// because section sizes are only known once they are built.
import { LinkError } from './errors.ts';

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly path: string;
  private readonly view: DataView;

  constructor(bytes: Uint8Array, path: string) {
    this.bytes = bytes;
    this.path = path;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset + size) lies within the input. */
  need(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw new LinkError(
        'elf-truncated',
        this.path,
        `${what} (offset ${hex(offset)}, ${size} bytes) extends past the end of the ${this.bytes.length}-byte input`,
      );
    }
  }

  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.view.getUint8(offset);
  }

  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset, true);
  }

  i32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getInt32(offset, true);
  }

  /** A copy, so models built from it never alias the caller's buffer. */
  slice(offset: number, size: number, what: string): Uint8Array {
    this.need(offset, size, what);
    return this.bytes.slice(offset, offset + size);
  }
}

export class ByteSink {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.len, v);
    this.len += 1;
  }

  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.len, v, true);
    this.len += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }

  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.len, v | 0, true);
    this.len += 4;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Zero-pads up to `offset`, which must not lie behind the current end. */
  padTo(offset: number): void {
    if (offset < this.len) throw new Error(`ByteSink.padTo(${offset}) behind end ${this.len}`);
    this.reserve(offset - this.len);
    this.buf.fill(0, this.len, offset);
    this.len = offset;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 0x80000000 && (n & (n - 1)) === 0;
}

export function isU32(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

export function isI32(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= -0x80000000 && n <= 0x7fffffff;
}
