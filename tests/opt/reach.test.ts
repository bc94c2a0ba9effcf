// Unreachable functions are not compiled: the stdlib contributes only what a program reaches,
// while the program's own pub symbols and everything reached through calls, function addresses
// and global initialisers stay.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';

const MAIN = fileURLToPath(new URL('./reach/main.fin', import.meta.url));

describe('dropUnreachable through compileFin', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`keeps what can run and drops the rest on ${arch}`, () => {
      const r = compileFin({ files: [MAIN], arch });
      expect(r.messages.filter((m) => / error: /.test(m))).toEqual([]);
      const syms = new Set(r.object!.symbols.map((s) => s.name));
      // reached: entry, the function behind a global's initialiser, stdlib functions main calls
      for (const s of ['main', 'main.twice', 'helper.used', 'std.io.print_u32', 'std.io.println']) expect(syms, s).toContain(s);
      // roots: the program's own pub functions
      expect(syms).toContain('helper.called_from_asm');
      // unreachable: private functions nobody calls, stdlib functions the program does not use
      for (const s of ['main.unused_private', 'helper.never_called', 'std.str.compare', 'std.io.print_hex']) expect(syms, s).not.toContain(s);
    });
  }
});
