// Globals: initialised data in .data, read-only data in .rodata, zero-initialised in .bss.
// Pointer initialisers become `.long symbol+offset` (an ABS32 relocation).
import type { IrGlobal } from '../ir/ir.ts';

export function emitGlobal(g: IrGlobal, name: (s: string) => string): string[] {
  const sym = name(g.name);
  const section = g.init ? (g.readonly ? '.rodata' : '.data') : '.bss';
  const out = [`  ${section}`];
  const align = Math.max(1, g.align | 0);
  if ((align & (align - 1)) !== 0) throw new Error(`codegen: global ${g.name}: alignment ${g.align} is not a power of two`);
  if (align > 1) out.push(`  .align ${align}`);
  if (g.global) out.push(`  .global ${sym}`);
  out.push(`  .type ${sym}, @object`, `${sym}:`);
  let total = 0;
  for (const item of g.init ?? []) {
    switch (item.kind) {
      case 'bytes':
        for (let i = 0; i < item.bytes.length; i += 16) out.push(`  .byte ${[...item.bytes.subarray(i, i + 16)].join(', ')}`);
        total += item.bytes.length;
        break;
      case 'word':
        out.push(`  .long ${item.value | 0}`);
        total += 4;
        break;
      case 'symbol': {
        const off = item.offset | 0;
        out.push(`  .long ${name(item.symbol)}${off ? (off < 0 ? `-${-off}` : `+${off}`) : ''}`);
        total += 4;
        break;
      }
      case 'zero':
        if (item.size > 0) out.push(`  .zero ${item.size}`);
        total += Math.max(0, item.size);
        break;
    }
  }
  if (total > g.size) throw new Error(`codegen: global ${g.name}: initialiser has ${total} bytes but the global is ${g.size}`);
  if (g.size > total) out.push(`  .zero ${g.size - total}`);
  out.push(`  .size ${sym}, ${g.size}`);
  return out;
}
