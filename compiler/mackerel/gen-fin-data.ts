// Fin for a datatype: an in-memory layout, reached through a `*u8`. Per field, pure
// byte-wise extract/insert; a field wider than 32 bits is accessed in 32-bit pieces
// `F_w0` (lowest), `F_w1`, …. Bit offsets count from bit 0 of byte 0 (little-endian).
// MUST STAY TRUE: no shift count reaches 32 (at most 5 bytes feed one 32-bit piece).
import type { DataFormat } from './model.ts';
import { type Namer, plain } from './names.ts';

export function finDatatype(t: DataFormat, top: Namer): string[] {
  const out = [`// datatype ${t.name} (${t.width} bits, ${t.width / 8} bytes): ${t.desc.replace(/\s+/g, ' ')}`];
  out.push(`pub const ${top.take(`${plain(t.name)}_size`)}: u32 = ${Math.ceil(t.width / 8)};`);
  for (const f of t.fields) {
    if (f.anonymous) continue;
    const pieces = f.width <= 32 ? [{ lsb: f.lsb, width: f.width, suffix: '' }]
      : Array.from({ length: Math.ceil(f.width / 32) }, (_, k) => ({ lsb: f.lsb + 32 * k, width: Math.min(32, f.width - 32 * k), suffix: `_w${k}` }));
    for (const p of pieces) {
      const name = `${plain(t.name)}_${plain(f.name)}${p.suffix}`;
      out.push(...extract(top.take(`${name}_extract`), p.lsb, p.width), ...insert(top.take(`${name}_insert`), p.lsb, p.width));
    }
  }
  return out;
}

function bytesOf(lsb: number, width: number) {
  const first = lsb >> 3;
  const last = (lsb + width - 1) >> 3;
  return Array.from({ length: last - first + 1 }, (_, k) => ({ index: first + k, k, s: lsb & 7 }));
}

function extract(name: string, lsb: number, width: number): string[] {
  const terms = bytesOf(lsb, width).map(({ index, k, s }) => {
    const b = `(p[${index}] as u32)`;
    const sh = 8 * k - s;
    return sh === 0 ? b : sh < 0 ? `(${b} >> ${-sh})` : `(${b} << ${sh})`;
  });
  const mask = width >= 32 ? '' : ` & 0x${((1n << BigInt(width)) - 1n).toString(16)}`;
  return [`pub fn ${name}(p: *u8) -> u32 {`, `    return (${terms.join(' | ')})${mask};`, '}'];
}

function insert(name: string, lsb: number, width: number): string[] {
  const lines = [`pub fn ${name}(p: *u8, x: u32) {`];
  for (const { index, k, s } of bytesOf(lsb, width)) {
    // bits of this byte the field covers
    const lo = Math.max(lsb, index * 8) - index * 8;
    const hi = Math.min(lsb + width, index * 8 + 8) - index * 8;
    const bm = ((1 << hi) - 1) & ~((1 << lo) - 1) & 0xff;
    const sh = 8 * k - s;
    const v = sh === 0 ? 'x' : sh < 0 ? `(x << ${-sh})` : `(x >> ${sh})`;
    lines.push(`    p[${index}] = (p[${index}] & 0x${(~bm & 0xff).toString(16)}) | ((${v} as u8) & 0x${bm.toString(16)});`);
  }
  lines.push('}');
  return lines;
}
