// Generated Fin on small synthetic devices: the types constants get (those of the accessors that
// carry them, so drivers need no casts), and port accesses that compile on both personalities
// (x86: the port instruction; arm: a trap), including 64-bit io registers, which the corpus lacks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { PORT_IO_ON_ARM_TRAP } from '../../compiler/mackerel/gen-fin.ts';

const OUT = 'tmp/mackerel-fin-types/';

/** Write `name.dev`, generate its Fin into OUT/fin/dev/, return the module text. */
function gen(name: string, body: string, args = '(addr base)'): string {
  mkdirSync(`${OUT}fin/dev`, { recursive: true });
  writeFileSync(`${OUT}${name}.dev`, `device ${name} lsbfirst ${args} "test device" {\n${body}\n};\n`);
  const r = mackerelGenerate(`${OUT}${name}.dev`, { fin: true });
  if (r.fin === undefined) throw new Error(r.diagnostics.join('\n'));
  writeFileSync(`${OUT}fin/dev/${name}.fin`, r.fin);
  return r.fin;
}

/** Compile a main module that imports the generated device; the error messages. */
function compile(main: string, arch: 'x86' | 'arm') {
  const file = `${OUT}fin/main_${arch}.fin`;
  writeFileSync(file, main);
  const r = compileFin({ files: [file], arch, roots: [`${OUT}fin`] });
  return { errors: r.messages.filter((m) => m.includes('error')), asm: r };
}

const constType = (fin: string, name: string) => /pub const \w+: (\w+) =/.exec(fin.split('\n').find((l) => l.startsWith(`pub const ${name}:`))!)![1];
const enumType = (fin: string, name: string) => new RegExp(`pub enum ${name}: (\\w+) `).exec(fin)![1];

describe('constants take the type of the accessors that use them', () => {
  const fin = gen('ct', `
    constants small "used by an 8-bit register's field" { s0 = 0; s3 = 3; };
    constants word "used by a 32-bit register's field" { w1 = 1; };
    constants both width(16) "used by both, so its declared width decides" { b1 = 1; };
    constants loose "used by nothing, no width" { l1 = 1; };
    constants big "a value too wide for its user" { g1 = 0x1ff; };
    constants mixed "an 8-bit register's field and a datatype's (u32 accessors)" { m1 = 1; };
    datatype dt "8-bit datatype" { m 2 type(mixed); _ 6; };
    register r8b rw addr(base, 1) "8-bit" { m 2 type(mixed); _ 6; };
    register r8 rw addr(base, 0) "8-bit" { f 2 type(small); g 2 type(both); h 4 type(big); };
    register r32 rw addr(base, 4) "32-bit" { f 2 type(word); g 2 type(both); _ 28; };
  `);

  it('an 8-bit register\'s field: u8; a 32-bit one\'s: u32; disagreeing users: width(n); none: u32', () => {
    expect([constType(fin, 's3'), enumType(fin, 'small')]).toEqual(['u8', 'u8']);
    expect([constType(fin, 'w1'), enumType(fin, 'word')]).toEqual(['u32', 'u32']);
    expect(constType(fin, 'b1')).toBe('u16');
    expect(constType(fin, 'l1')).toBe('u32');
    expect(constType(fin, 'g1')).toBe('u32');
    expect(constType(fin, 'm1')).toBe('u32');
  });

  it('drivers pass and compare them without casts', () => {
    const r = compile('import dev.ct;\npub fn main() -> i32 {\n    var d: ct.Dev;\n    ct.initialize(&d, 0x1000);\n'
      + '    ct.r8_f_wrf(&d, ct.s3);\n    ct.r32_f_wrf(&d, ct.w1);\n    if ct.r8_f_rdf(&d) == ct.s3 { return 1; }\n    return 0;\n}\n', 'x86');
    expect(r.errors).toEqual([]);
  });
});

describe('port accesses are guarded', () => {
  const fin = gen('pio', `
    register b rw io(base, 0) "8-bit" type(uint8);
    register q rw io(base, 8) "64-bit" type(uint64);
  `, '(io base)');

  it('every port access is behind @is_arch("x86") with a trap on the other side', () => {
    const code = fin.split('\n').filter((l) => !l.startsWith('//')).join('\n');
    expect(code.match(/@port_/g)!.length).toBe(6);
    // one trap per raw accessor: b_rawrd, b_rawwr, q_rawrd, q_rawwr
    expect(code.match(/@trap\(\d+\)/g)).toEqual(Array(4).fill(`@trap(${PORT_IO_ON_ARM_TRAP})`));
    expect(code.match(/if @is_arch\("x86"\)/g)!.length).toBe(4);
  });

  it('8- and 64-bit accessors compile on both personalities', () => {
    const main = 'import dev.pio;\npub fn main() -> i32 {\n    var d: pio.Dev;\n    pio.initialize(&d, 0x60);\n'
      + '    var v = pio.q_rd(&d);\n    pio.q_wr(&d, v);\n    pio.b_wr(&d, pio.b_rd(&d));\n    return v.lo as i32;\n}\n';
    for (const arch of ['x86', 'arm'] as const) expect(compile(main, arch).errors).toEqual([]);
  });
});
