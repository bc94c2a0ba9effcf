// The language as the original accepts it, the semantic rules with their codes and locations,
// and the model the checker builds (numbering, rpc expansion, directions, built-in imports).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInterface } from '../../compiler/flounder/index.ts';
import type { Interface } from '../../compiler/flounder/model.ts';

function ok(text: string, path = 'x.if', arch: 'x86' | 'arm' = 'x86'): Interface {
  const r = parseInterface(text, path, { arch });
  expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([]);
  return r.iface!;
}
/** The diagnostics of rejected text, as `CODE line:col`. */
function errs(text: string, path = 'x.if'): string[] {
  const r = parseInterface(text, path);
  expect(r.iface).toBeUndefined();
  return r.diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`);
}

describe('docs/flounder.md', () => {
  it('its example interface compiles', () => {
    const doc = readFileSync(new URL('../../docs/flounder.md', import.meta.url), 'utf8');
    const i = ok(/## The language\s+```\n([\s\S]*?)```/.exec(doc)![1]!, 'thermo.if');
    expect(i.messages.map((m) => m.name)).toEqual(['subscribe', 'read_call', 'read_response', 'blob']);
  });
});

describe('syntax', () => {
  it('takes keywords in any case, nested comments and an optional description', () => {
    const i = ok('INTERFACE x {\n /* a /* nested */ comment */ // line\n Message m(uint8 a);\n RPC r(IN uint8 b, Out bool c);\n};');
    expect(i.description).toBe('x');
    expect(i.messages.map((m) => m.name)).toEqual(['m', 'r_call', 'r_response']);
  });
  it('decodes the description string', () => {
    expect(ok('interface x "a \\"quoted\\" \\x41\\65" { message m(); };').description).toBe('a "quoted" AA');
  });
  it('refuses reserved words as names in any case, with a located error', () => {
    expect(errs('interface x {\n  message m(uint8 In);\n};')).toEqual(['F0002 2:19']);
    expect(parseInterface('interface x { message m(uint8 OUT); };', 'x.if').diagnostics[0]!.message).toMatch(/'OUT' is a reserved word/);
  });
  it('says which keyword or token it expected', () => {
    expect(parseInterface('interfac x { message m(); };', 'x.if').diagnostics[0]!.message).toBe('unexpected "interfac"; expected "interface"');
    expect(parseInterface('interface x { message m(uint8 a[n 3]); };', 'x.if').diagnostics[0]!.message).toBe('unexpected "3"; expected ","');
  });
  it('accepts a type name starting with S (the original\'s Q1 bug is fixed) and Stringy', () => {
    const i = ok('interface x { typedef uint8 SERVER_TYPE; typedef uint16 Stringy; message m(SERVER_TYPE t, Stringy s, String n[4]); };');
    expect(i.messages[0]!.args.map((a) => a.type.kind)).toEqual(['int', 'int', 'string']);
  });
  it('identifiers may hold apostrophes but not start with _ or a digit', () => {
    ok("interface x { message m(uint8 a'b); };");
    expect(errs('interface x { message m(uint8 _a); };')).toEqual(['F0002 1:31']);
  });
  it('reports an unterminated nested comment at its opener', () => {
    expect(errs('interface x {\n /* outer /* inner */\n message m();\n};')).toEqual(['F0003 2:2']);
  });
  it('takes hex and octal literals; 017 is decimal', () => {
    const i = ok('interface x { typedef uint8 a[017]; typedef uint8 b[0x10]; typedef uint8 c[0o10]; message m(a p, b q, c r); };');
    expect(i.types.map((t) => t.type.kind === 'array' && t.type.length)).toEqual([17, 16, 8]);
  });
  it('reads @meta annotations as data', () => {
    const i = ok('interface x { @ata(command=0x25, dma_arg=buf) rpc r(in uint64 s, out uint8 buf[len, 512]); };');
    expect(i.rpcs[0]!.meta).toEqual([{ name: 'ata', args: [{ name: 'command', value: 0x25 }, { name: 'dma_arg', value: 'buf' }] }]);
  });
});

describe('model', () => {
  it('numbers messages from 3; an rpc takes two numbers; directions', () => {
    const i = ok('interface x { message a(); rpc b(in uint8 p, out uint8 q); message c(); };');
    expect(i.messages.map((m) => [m.name, m.number, m.direction])).toEqual([
      ['a', 3, 'both'], ['b_call', 4, 'c2s'], ['b_response', 5, 's2c'], ['c', 6, 'both'],
    ]);
    expect(i.rpcs[0]!.inArgs.map((a) => a.name)).toEqual(['p']);
  });
  it('resolves aliases, typedefs, structs, enums and arrays', () => {
    const i = ok(`interface x {
      alias celsius int32;
      typedef enum { A, B } e;
      typedef struct { e which; celsius v; cap c; } s;
      typedef s pair[2];
      message m(pair p, give_away_cap g, char cs[n, 10]);
    };`);
    const [p, g, cs] = i.messages[0]!.args;
    expect(p!.type).toMatchObject({ kind: 'array', length: 2, elem: { kind: 'struct', fields: [{ type: { kind: 'enum', members: ['A', 'B'] } }, { type: { kind: 'int', bits: 32, signed: true } }, { type: { kind: 'cap', giveAway: false } }] } });
    expect(g!.type).toEqual({ kind: 'cap', giveAway: true });
    expect(cs!.type).toEqual({ kind: 'bytes', elem: 'char', lengthName: 'n', max: 10 });
  });
  it('pointer-sized types are 32 bits; built-in import aliases follow the personality', () => {
    const text = 'interface x { message m(uintptr a, size b, cycles c, genpaddr d, coreid e); };';
    const bits = (arch: 'x86' | 'arm') => ok(text, 'x.if', arch).messages[0]!.args.map((a) => (a.type.kind === 'int' ? a.type.bits : 0));
    expect(bits('x86')).toEqual([32, 32, 64, 64, 8]);
    expect(bits('arm')).toEqual([32, 32, 32, 64, 8]);
  });
  it('uses -i import files instead of the built-in aliases when given', () => {
    const r = parseInterface('interface x { message m(cycles c); };', 'x.if', { imports: [{ path: 'a.if', text: 'alias cycles uint16;' }] });
    expect(r.iface!.messages[0]!.args[0]!.type).toEqual({ kind: 'int', bits: 16, signed: false });
    expect(parseInterface('interface x { message m(genpaddr c); };', 'x.if', { imports: [{ path: 'a.if', text: 'alias cycles uint16;' }] })
      .diagnostics.map((d) => d.code)).toEqual(['F0200']);
  });
  it('locates errors in import files in those files', () => {
    const r = parseInterface('interface x { message m(); };', 'x.if', { imports: [{ path: 'a.if', text: 'alias\n y z;' }] });
    expect(r.diagnostics.map((d) => `${d.path}:${d.line}:${d.col} ${d.code}`)).toEqual(['a.if:2:4 F0205']);
  });
});

describe('semantic rules', () => {
  it('interface name must equal the file base name', () => expect(errs('interface y { message m(); };', 'dir/x.if')).toEqual(['F0100 1:11']));
  it('declarations before messages', () => expect(errs('interface x { message m();\n typedef uint8 t; };')).toEqual(['F0101 2:2']));
  it('at least one message', () => expect(errs('interface x { alias a uint8; };')).toEqual(['F0102 1:1']));
  it('unknown types, also forward references, reported once', () => {
    expect(errs('interface x { message m(foo a); };')).toEqual(['F0200 1:25']);
    expect(errs('interface x { typedef later t; typedef uint8 later; message m(t a); };')).toEqual(['F0200 1:23']);
  });
  it('a struct cannot contain itself', () => expect(errs('interface x { typedef struct { s a; } s; message m(); };')).toEqual(['F0210 1:32']));
  it('duplicate messages, including rpc-generated names', () => {
    expect(errs('interface x { message m(); message m(); };')).toEqual(['F0202 1:36']);
    expect(errs('interface x { message r_call(); rpc r(in uint8 a); };')).toEqual(['F0202 1:37']);
  });
  it('duplicate arguments, including a dynamic array length and rpc in/out names', () => {
    expect(errs('interface x { message m(uint8 a, uint8 b[a, 4]); };')).toEqual(['F0203 1:42']);
    expect(errs('interface x { rpc r(in uint8 a, out uint8 a); };')).toEqual(['F0203 1:43']);
  });
  it('duplicate fields and enum members', () => {
    expect(errs('interface x { typedef struct { uint8 a; uint8 a; } s; message m(); };')).toEqual(['F0204 1:47']);
    expect(errs('interface x { typedef enum { A, A } e; message m(); };')).toEqual(['F0204 1:33']);
  });
  it('duplicate types; identical aliases are tolerated (intermon.if re-declares coreid)', () => {
    ok('interface x { alias coreid uint8; message m(coreid c); };');
    expect(errs('interface x { alias coreid uint16; message m(); };')).toEqual(['F0201 1:21']);
    expect(errs('interface x { typedef uint8 t; typedef uint16 t; message m(); };')).toEqual(['F0201 1:47']);
  });
  it('alias targets must be builtin', () => expect(errs('interface x { typedef uint8 t; alias a t; message m(); };')).toEqual(['F0205 1:40']));
  it('dynamic arrays only of 8-bit elements', () => {
    ok('interface x { alias byte uint8; message m(byte b[n, 8], int8 c[k, 8]); };');
    expect(errs('interface x { message m(uint16 b[n, 8]); };')).toEqual(['F0207 1:25']);
  });
  it('String needs [max]; sizes must be positive', () => {
    expect(errs('interface x { message m(String s); };')).toEqual(['F0208 1:25']);
    expect(errs('interface x { message m(String s[0]); };')).toEqual(['F0209 1:34']);
    expect(errs('interface x { typedef uint8 t[-1]; message m(); };')).toEqual(['F0209 1:31']);
  });
  it('a message that could need more transport messages than a fragment index counts', () => {
    ok('interface x { message m(String s[245695]); };'); // 1 + ceil((1 + 61424) / 15) = 4096 UMP fragments
    expect(errs('interface x {\n message m(String s[245697]); };')).toEqual(['F0104 2:10']);
  });
  it('literals beyond 32 bits', () => expect(errs('interface x { message m(uint8 b[n, 0x100000000]); };')).toEqual(['F0005 1:36']));
  it('bad escapes in the description', () => expect(errs('interface x "a\\qb" { message m(); };')).toEqual(['F0004 1:16']));
});
