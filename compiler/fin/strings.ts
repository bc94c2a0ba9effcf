// The program's string literal table. Equal literals share one entry; each entry's bytes end in
// the NUL terminator the language promises. Literals in a branch dropped by a constant `if` are
// never interned (the table holds only what the generated code can reach).
import type { Ctx } from './context.ts';

/** The index of the literal with these bytes (no NUL), interning it. */
export function internString(ctx: Ctx, bytes: Uint8Array): number {
  let key = '';
  for (const b of bytes) key += String.fromCharCode(b);
  const known = ctx.stringIndex.get(key);
  if (known !== undefined) return known;
  const index = ctx.strings.length;
  const withNul = new Uint8Array(bytes.length + 1);
  withNul.set(bytes);
  ctx.strings.push({ index, bytes: withNul });
  ctx.stringIndex.set(key, index);
  return index;
}
