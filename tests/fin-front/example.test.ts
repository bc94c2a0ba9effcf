// The example program of the language spec parses and checks, and its checked form carries what
// a code generator needs.
import { describe, expect, it } from 'vitest';
import { exprsOf, fn, ok, SPEC_EXAMPLE } from './helpers.ts';
import { dumpProgram } from '../../compiler/fin/dump.ts';

describe('the spec example', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`checks on ${arch}`, () => {
      const p = ok(SPEC_EXAMPLE, { arch });
      expect(p.arch).toBe(arch);
      expect(p.modules.map((m) => m.name)).toEqual(['main', 'std.io']);
      expect(p.modules[0]!.imports.map((i) => [i.alias, i.module.name])).toEqual([['io', 'std.io']]);
    });
  }

  it('lays out Node and types the locals', () => {
    const p = ok(SPEC_EXAMPLE);
    const node = p.structs.find((s) => s.name === 'Node')!;
    expect([node.size, node.align, node.fields.map((f) => f.offset)]).toEqual([8, 4, [0, 4]]);
    const main = fn(p, 'main');
    expect(main.pub).toBe(true);
    expect(main.locals.map((l) => [l.id, l.name, l.kind])).toEqual([[0, 'nodes', 'var'], [1, 'i.end', 'temp'], [2, 'i', 'for']]);
    expect(main.locals[0]!.addressTaken).toBe(true);
    const sum = fn(p, 'sum');
    expect(sum.params.map((l) => l.name)).toEqual(['list']);
    expect(sum.locals.map((l) => l.name)).toEqual(['list', 'total', 'n']);
    expect(sum.locals[2]!.type).toMatchObject({ kind: 'pointer', to: { kind: 'struct' } });
  });

  it('marks checked indexing, auto-deref and the string table', () => {
    const p = ok(SPEC_EXAMPLE);
    const exprs = exprsOf(fn(p, 'main').body!);
    const idx = exprs.filter((e) => e.kind === 'index');
    expect(idx.length).toBeGreaterThan(0);
    expect(idx.every((e) => e.kind === 'index' && e.checked && e.length === 4 && e.elemSize === 8)).toBe(true);
    const fields = exprsOf(fn(p, 'sum').body!).filter((e) => e.kind === 'field');
    expect(fields.every((e) => e.kind === 'field' && e.via === 'pointer' && e.lvalue)).toBe(true);
    expect(p.strings.map((s) => Array.from(s.bytes))).toEqual([[115, 117, 109, 61, 0], [0]]);
    const calls = exprs.filter((e) => e.kind === 'call');
    expect(calls.map((c) => (c.kind === 'call' ? c.func?.linkName : ''))).toEqual(['std.io.print', 'std.io.print_u32', 'main.sum', 'std.io.println']);
  });
});

describe('dumpProgram', () => {
  it('renders the checked example readably', () => {
    const text = dumpProgram(ok(SPEC_EXAMPLE));
    expect(text).toContain('struct Node size 8 align 4 { value: u32 @0, next: *Node @4 }');
    expect(text).toContain(`fn main.sum(list#0: *Node) -> u32 {
    locals total#1: u32, n#2: *Node
    var total#1: u32 = 0:u32
    var n#2: *Node = list#0
    while (n#2 != null:*Node) {
      total#1 += n#2->value
      n#2 = n#2->next
    }
    return total#1
  }`);
    expect(text).toContain('      nodes#0[i#2].value = (i#2 * 10:u32)');
    expect(text).toContain('        nodes#0[(i#2 - 1:u32)].next = &nodes#0[i#2]');
    expect(text).toContain('    std.io.print_u32(main.sum(&nodes#0[0:usize]))');
    expect(text).toContain('str#0 = "sum="');
  });
});
