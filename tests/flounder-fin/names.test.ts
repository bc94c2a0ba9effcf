// Flounder names that are not Fin names: keywords and builtin type names as arguments, fields,
// enum members and messages, the stub module's own names, apostrophes and non-ASCII letters.
// The stubs must still compile on both personalities, and the renaming must be the documented one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { finStubs } from '../../compiler/flounder/fin/index.ts';
import { finName } from '../../compiler/flounder/fin/names.ts';
import { parseInterface } from '../../compiler/flounder/index.ts';
import { tempDir } from './gen.ts';

const TEXT = `interface tricky {
    typedef enum { loop, case, ok } fn;
    typedef struct { uint32 var; bool if; fn match; } struct;
    message poll(uint32 binding, struct while, fn return);
    message binding(String import[16], uint8 u8[usize, 8]);
    message x'(uint32 y', int8 i8);
    rpc switch(in uint16 type, out int32 break);
    message café(uint32 naïve, uint32 ünder);
};`;

describe('Fin names for Flounder names', () => {
  it('renames keywords, builtin types, the module\'s own names and apostrophes', () => {
    expect(['type', 'u8', 'binding', 'poll', "x'", 'plain', 'café', 'ünder'].map(finName))
      .toEqual(['type_', 'u8_', 'binding_', 'poll_', 'x_q', 'plain', 'caf_ue9_', 'q_ufc_nder']);
  });

  const parsed = parseInterface(TEXT, 'tricky.if');
  it('the interface parses', () => expect(parsed.diagnostics).toEqual([]));

  for (const arch of ['x86', 'arm'] as const) {
    it(`its stubs compile for ${arch}`, () => {
      const dir = tempDir('shoal-fin-names-');
      mkdirSync(join(dir, 'flounder'));
      const fin = finStubs(parsed.iface!, arch);
      writeFileSync(join(dir, 'flounder', 'tricky.fin'), fin);
      const main = join(dir, 'main.fin');
      writeFileSync(main, [
        'import flounder.tricky as t;',
        'var b: t.binding;',
        'pub fn main() -> i32 {',
        '    t.init_lmp(&b, 1, 2);',
        '    var s: t.struct_t;',
        '    s.var_ = 1;',
        '    s.if_ = true;',
        '    s.match = t.fn_t.case_;',
        '    return t.poll___tx(&b, 7, s, t.fn_t.loop_) as i32;',
        '}',
      ].join('\n'));
      const r = compileFin({ files: [main], arch });
      expect(r.messages).toEqual([]);
      expect(fin).toContain('pub fn poll___tx(_b: *binding, binding_: u32, while_: struct_t, return_: fn_t) -> u32');
      expect(fin).toContain('pub enum fn_t: i32 { loop_ = 0, case_ = 1, ok = 2 }');
      expect(fin).toContain('pub fn x_q__tx(_b: *binding, y_q: u32, i8_: i8) -> u32');
      expect(fin).toContain('pub fn caf_ue9___tx(_b: *binding, na_uef_ve: u32, q_ufc_nder: u32) -> u32');
    });
  }
});
