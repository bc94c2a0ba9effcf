// `shoal compile` and `shoal exec` on Fin sources, as a user runs them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHOAL = new URL('../../tools/shoal', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'shoal-fin-'));
const shoal = (...args: string[]) => {
  const r = spawnSync(SHOAL, args, { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const HELLO = 'import std.io;\n\npub fn main() -> i32 {\n    io.println("hello, fin");\n    return 7;\n}\n';

describe('shoal exec FILE.fin', () => {
  it('prints what the program printed and exits with main\'s value, on both personalities', () => {
    const p = file('hello.fin', HELLO);
    for (const arch of ['x86', 'arm']) expect(shoal('exec', p, '--arch', arch)).toMatchObject({ code: 7, out: 'hello, fin\n', err: '' });
  });
  it('reports a fault with the Fin source location and exits 125', () => {
    const p = file('oops.fin', 'var a: [2]u32;\n\npub fn main() -> i32 {\n    var i: u32 = 5;\n    a[i] = 1;\n    return 0;\n}\n');
    for (const arch of ['x86', 'arm']) {
      const r = shoal('exec', p, '--arch', arch);
      expect(r.code).toBe(125);
      expect(r.err).toMatch(/^fault: bounds .* at .*oops\.fin:5:\d+/m);
    }
  });
  it('compile errors are located, several per file, exit 1, no stack trace', () => {
    const p = file('bad.fin', 'pub fn main() -> i32 {\n    var x: u8 = 300;\n    return y;\n}\n');
    const r = shoal('exec', p, '--arch', 'x86');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.fin:2:\d+: error: /);
    expect(r.err).toMatch(/bad\.fin:3:\d+: error: /);
    expect(r.err).not.toMatch(/\.ts:\d+:\d+\)?$/m);
  });
  it('rejects port I/O when compiling for arm', () => {
    const p = file('port.fin', 'pub fn main() -> i32 {\n    @port_out8(0x3f8, 65);\n    return 0;\n}\n');
    expect(shoal('exec', p, '--arch', 'x86').code).toBe(0);
    const r = shoal('exec', p, '--arch', 'arm');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/port\.fin:2:\d+: error: /);
  });
});

describe('shoal compile', () => {
  it('writes an object and an executable that readelf reads; extern fn links against assembly', () => {
    const main = file('ext.fin', 'import std.io;\n\nextern fn triple(v: u32) -> u32;\n\npub fn main() -> i32 {\n    io.print_u32(triple(14));\n    io.println("");\n    return 0;\n}\n');
    const asm = file('triple.s', ' .text\n .global triple\ntriple: mov eax, [esp+4]\n imul eax, 3\n ret\n');
    expect(shoal('compile', main, '--arch', 'x86', '-o', join(dir, 'ext.o')).code).toBe(0);
    expect(execFileSync('readelf', ['-h', '-S', '-s', join(dir, 'ext.o')], { encoding: 'utf8' })).toMatch(/REL \(Relocatable file\)/);
    expect(shoal('compile', main, asm, '--arch', 'x86', '-o', join(dir, 'ext.elf')).code).toBe(0);
    expect(execFileSync('readelf', ['-h', '-S', '-s', join(dir, 'ext.elf')], { encoding: 'utf8' })).toMatch(/\.shoal\.lines/);
    expect(shoal('exec', join(dir, 'ext.elf'))).toMatchObject({ code: 0, out: '42\n' });
  });
});
