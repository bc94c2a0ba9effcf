// read.ts reads the syntax tree from tokens the grammar has accepted, following the grammar's
// choices; one file using every construct, read back in detail.
import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/mackerel/ast.ts';
import { parseDev } from '../../compiler/mackerel/index.ts';

const SRC = `import other;
import more;
device syn msbfirst (addr base, io port, pci p) "synthetic" {
  space idx(a, b) stepwise(4) "stepped";
  space named(x) registerwise "named";
  space vals() valuewise "vals";
  constants c width(8) "c" { a = 1 + 2 * 3; b = (a - 1) / 2 "bee"; e = a - -1; f = 1s; };
  datatype dt msbfirst(32) "dt" { x 3 rw type(c); _ 5 rsvd; y 24 mbz "why"; };
  regtype rt "rt" { f 4 type(other.c) "desc"; _ 4; g 8 rwc; h -16 rw1cs; };
  register r1 rw also addr(base, 0x10) "r1" type(rt);
  register r2 ro noaddr "r2" { a 8; };
  register r3 rw1c io(port, -4) { b 8; };
  register r6 vals(-2) type(c);
  register addr addr(7) "addr as a user space" type(uint8);
  regarray a1 rw addr(base, 0x100) [4; 0x10] "a1" type(uint32);
  regarray a2 addr(base, 0x200) [3] type(uint16);
  regarray a3 rwzc also pci(p, 0x300) [0x0, 0x8, -0x20] "a3" { z 8; };
  regarray a4 named(bar) [2] "a4" type(uint8);
  register width addr(base, +3) "width named" { width 8 type(c); };
};
`;

describe('read.ts', () => {
  const r = parseDev(SRC, 'syn.dev');
  if (!r.ok) throw new Error(r.error.message);
  const { imports, device } = r.file;
  const decl = <K extends A.Decl['kind']>(kind: K, name: string) => device.decls.find((d) => d.kind === kind && d.name === name) as Extract<A.Decl, { kind: K }>;
  const reg = (name: string) => decl('register', name);

  it('imports, device header and spaces (stepwise with its step)', () => {
    expect(imports.map((i) => i.name)).toEqual(['other', 'more']);
    expect([device.name, device.order, device.args.map((a) => `${a.space} ${a.name}`)]).toEqual(['syn', 'msbfirst', ['addr base', 'io port', 'pci p']]);
    expect(decl('space', 'idx')).toMatchObject({ params: ['a', 'b'], spaceKind: 'stepwise', step: 4n, desc: 'stepped' });
    expect(decl('space', 'vals')).toMatchObject({ params: [], spaceKind: 'valuewise' });
  });

  it('constant expressions keep precedence, left association and signed literals', () => {
    const [a, b, e, f] = decl('constants', 'c').values;
    expect(decl('constants', 'c').width).toBe(8n);
    expect(a.expr).toEqual({ kind: 'bin', op: '+', left: { kind: 'int', value: 1n }, right: { kind: 'bin', op: '*', left: { kind: 'int', value: 2n }, right: { kind: 'int', value: 3n } } });
    expect(b).toMatchObject({ desc: 'bee', expr: { kind: 'bin', op: '/', left: { kind: 'bin', op: '-' }, right: { kind: 'int', value: 2n } } });
    expect(e.expr).toMatchObject({ kind: 'bin', op: '-', left: { kind: 'name', name: 'a' }, right: { kind: 'int', value: -1n } });
    expect(f.expr).toEqual({ kind: 'int', value: -1n });
    expect(a.pos).toEqual({ line: 7, col: 32 }); // at the '=', as the original
  });

  it('fields: attributes, types (local and imported), descriptions, negative widths', () => {
    const rt = decl('regtype', 'rt').fields;
    expect(rt.map((f) => [f.name, f.width, f.attr, f.type?.dev, f.type?.name, f.desc])).toEqual([
      ['f', 4n, undefined, 'other', 'c', 'desc'], ['_', 4n, undefined, undefined, undefined, undefined],
      ['g', 8n, 'rwc', undefined, undefined, undefined], ['h', -16n, 'rw1cs', undefined, undefined, undefined]]);
    expect(decl('datatype', 'dt')).toMatchObject({ order: 'msbfirst', wordSize: 32n });
  });

  it('registers: locations (a builtin space name used as a user space), attributes, also, arrays', () => {
    expect(reg('r1')).toMatchObject({ attr: 'rw', also: true, loc: { kind: 'builtin', space: 'addr', base: 'base', offset: 16n }, format: { kind: 'type', ref: { name: 'rt' } } });
    expect(reg('r2')).toMatchObject({ attr: 'ro', loc: { kind: 'none' }, desc: 'r2' });
    expect(reg('r3')).toMatchObject({ attr: 'rw1c', desc: undefined, loc: { kind: 'builtin', space: 'io', offset: -4n } });
    expect(reg('r6').loc).toMatchObject({ kind: 'user', space: 'vals', index: -2n });
    expect(reg('addr').loc).toMatchObject({ kind: 'user', space: 'addr', index: 7n });
    expect(reg('a1').array).toEqual({ kind: 'step', count: 4n, stride: 16n });
    expect(reg('a2')).toMatchObject({ attr: undefined, array: { kind: 'step', count: 3n, stride: 0n } });
    expect(reg('a3')).toMatchObject({ attr: 'rwzc', also: true, array: { kind: 'list', offsets: [0n, 8n, -32n] }, loc: { kind: 'builtin', space: 'pci' } });
    expect(reg('a4').loc).toMatchObject({ kind: 'user', space: 'named', index: 'bar' });
    expect(reg('width')).toMatchObject({ loc: { offset: 3n }, format: { kind: 'fields', fields: [{ name: 'width', type: { name: 'c' } }] } });
  });
});
