// ELF string tables: NUL-terminated UTF-8 strings addressed by byte offset, offset 0 being the
// empty string. Used for .strtab, .shstrtab and the file names inside the line table.
import { LinkError } from './errors.ts';

const encoder = new TextEncoder();
// fatal, so invalid UTF-8 in a corrupt file is reported instead of silently becoming U+FFFD
const decoder = new TextDecoder('utf-8', { fatal: true });

export class StringTableBuilder {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>([['', 0]]);
  private size = 1;

  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const enc = encoder.encode(s);
    const off = this.size;
    this.parts.push(enc, new Uint8Array(1));
    this.size += enc.length + 1;
    this.offsets.set(s, off);
    return off;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** The string at `offset` in `table`, which must be terminated inside the table. */
export function readString(table: Uint8Array, offset: number, path: string, what: string): string {
  if (offset >= table.length) {
    throw new LinkError('elf-bad-string', path, `${what}: string offset ${offset} outside a ${table.length}-byte string table`);
  }
  const end = table.indexOf(0, offset);
  if (end < 0) throw new LinkError('elf-bad-string', path, `${what}: string at offset ${offset} is not NUL-terminated`);
  try {
    return decoder.decode(table.subarray(offset, end));
  } catch {
    throw new LinkError('elf-bad-string', path, `${what}: string at offset ${offset} is not valid UTF-8`);
  }
}

/** Why `s` cannot be stored in a string table and read back unchanged, or undefined if it can:
 *  a NUL would truncate it, and an unpaired surrogate has no UTF-8 encoding. */
export function unstorable(s: string): string | undefined {
  if (s.includes('\0')) return 'contains a NUL character';
  if (/\p{Cs}/u.test(s)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}
