// `loc` instructions become .file/.loc directives, so the executable's line table maps code
// addresses back to Fin source positions.
import { describe, expect, it } from 'vitest';
import { Fn, imm, module } from './builder.ts';
import { ARCHES, compile } from './run.ts';

describe('line table', () => {
  it('maps each function body to its source lines and files', () => {
    const f = new Fn('twice', 1, { file: 'lib.fin' });
    f.loc(3, 5, 'lib.fin');
    const d = f.bin('mul', f.params[0]!, imm(3));
    f.loc(4, 5, 'lib.fin');
    f.ret(f.bin('add', d, imm(1)));
    const m = new Fn('main', 0, { file: 'main.fin' });
    m.loc(10, 3, 'main.fin');
    const x = m.call('twice', [m.const(20)]);
    m.loc(11, 3, 'main.fin');
    m.ret(x);
    for (const arch of ARCHES) {
      const { exe, asm } = compile(module([f, m]), arch);
      expect(asm).toMatch(/\.file 1 "lib\.fin"/);
      expect(asm).toMatch(/\.loc \d+ 10 3/);
      const sym = (n: string) => exe.symbols.find((s) => s.name === n)!;
      const within = (n: string) => exe.lines.filter((l) => l.addr >= sym(n).value && l.addr < sym(n).value + sym(n).size);
      const twice = within('twice'), main = within('main');
      expect(twice.length).toBeGreaterThan(0);
      expect(new Set(twice.map((l) => l.file))).toEqual(new Set(['lib.fin']));
      expect(new Set(twice.map((l) => l.line))).toEqual(new Set([3, 4]));
      expect(new Set(main.map((l) => l.file))).toEqual(new Set(['main.fin']));
      expect(main.some((l) => l.line === 10 && l.col === 3)).toBe(true);
      // the call instruction is attributed to line 10
      const call = main.filter((l) => l.line === 10);
      expect(call.length).toBeGreaterThan(0);
      // functions are typed and sized in the symbol table
      expect(sym('twice').type).toBe('func');
      expect(sym('twice').size).toBeGreaterThan(0);
    }
  });
});
