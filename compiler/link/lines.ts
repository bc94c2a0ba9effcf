// The source line table carried in the `.shoal.lines` section of objects and executables.
// DWARF would be the standard choice, but shoal's debugger and trap reporter only need
// address -> file:line:col, and a flat table keeps both writer and validating reader tiny.
//
// Format, all fields u32 little-endian:
//   version  = 1
//   count    = number of entries
//   strsize  = size of the string table that follows the entries
//   count x { shndx, offset, file, line, col }            (20 bytes each)
//   strsize bytes of string table (NUL-terminated UTF-8, offset 0 = "")
// The section is exactly 12 + 20 * count + strsize bytes. In objects, `shndx` is the ELF index
// of the code/data section and `offset` is relative to it; in executables, `shndx` is SHN_ABS
// and `offset` is the absolute address. `file` is a byte offset into the string table.
import { ByteReader, ByteSink } from './bytes.ts';
import { LinkError } from './errors.ts';
import { readString, StringTableBuilder } from './strtab.ts';

export const LINES_VERSION = 1;
const HEADER_SIZE = 12;
const ENTRY_SIZE = 20;

export interface RawLine {
  shndx: number;
  offset: number;
  file: string;
  line: number;
  col: number;
}

export function encodeLines(lines: readonly RawLine[]): Uint8Array {
  const strings = new StringTableBuilder();
  const fileOffsets = lines.map((l) => strings.add(l.file));
  const table = strings.finish();
  const out = new ByteSink();
  out.u32(LINES_VERSION);
  out.u32(lines.length);
  out.u32(table.length);
  lines.forEach((l, i) => {
    out.u32(l.shndx);
    out.u32(l.offset);
    out.u32(fileOffsets[i]!);
    out.u32(l.line);
    out.u32(l.col);
  });
  out.bytes(table);
  return out.finish();
}

export function decodeLines(bytes: Uint8Array, path: string): RawLine[] {
  const bad = (why: string): LinkError => new LinkError('elf-bad-lines', path, `line table: ${why}`);
  if (bytes.length < HEADER_SIZE) throw bad(`${bytes.length} bytes is shorter than its header`);
  const r = new ByteReader(bytes, path);
  const version = r.u32(0, 'line table version');
  if (version !== LINES_VERSION) throw bad(`unsupported version ${version}`);
  const count = r.u32(4, 'line table count');
  const strsize = r.u32(8, 'line table string size');
  const expected = HEADER_SIZE + count * ENTRY_SIZE + strsize;
  if (expected !== bytes.length) {
    throw bad(`${count} entries and ${strsize} string bytes need ${expected} bytes, section has ${bytes.length}`);
  }
  const strOff = HEADER_SIZE + count * ENTRY_SIZE;
  const table = bytes.subarray(strOff);
  const out: RawLine[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_SIZE + i * ENTRY_SIZE;
    out.push({
      shndx: r.u32(at, 'line entry'),
      offset: r.u32(at + 4, 'line entry'),
      file: readString(table, r.u32(at + 8, 'line entry'), path, `line entry ${i} file name`),
      line: r.u32(at + 12, 'line entry'),
      col: r.u32(at + 16, 'line entry'),
    });
  }
  return out;
}
