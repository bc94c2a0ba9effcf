// The command line end to end: the real `tools/shoal` in a child process, as a user runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHOAL = new URL('../../tools/shoal', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'shoal-cli-'));
function shoal(...args: string[]) {
  const r = spawnSync(SHOAL, args, { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const HELLO_X86 = ` .text\n .global _start\n_start: mov esi, msg\n.Lp: movzx eax, byte [esi]\n cmp eax, 0\n je .Ld\n outb 0x3f8, eax\n add esi, 1\n jmp .Lp\n.Ld: mov dword [0xf9100000], 3\n .rodata\nmsg: .asciz "hello from x86\\n"\n`;
const HELLO_ARM = ` .text\n .global _start\n_start: ldr r1, =msg\n ldr r2, =0xf9000000\n.Lp: ldrb r0, [r1]\n cmp r0, #0\n beq .Ld\n str r0, [r2]\n add r1, r1, #1\n b .Lp\n.Ld: ldr r2, =0xf9100000\n mov r0, #4\n str r0, [r2]\n .rodata\nmsg: .asciz "hello from arm\\n"\n`;

describe('shoal exec', () => {
  it('boots bare-metal hello in each personality, exit status from the exit device', () => {
    const x = shoal('exec', file('hx.s', HELLO_X86), '--arch', 'x86');
    expect(x).toMatchObject({ code: 3, out: 'hello from x86\n', err: '' });
    const a = shoal('exec', file('ha.s', HELLO_ARM), '--arch', 'arm');
    expect(a).toMatchObject({ code: 4, out: 'hello from arm\n', err: '' });
  });
  it('reports a fault with its address and exits 125', () => {
    const r = shoal('exec', file('pf.s', ' .text\n .global _start\n_start: mov eax, [0xe0000000]\n hlt\n'), '--arch', 'x86');
    expect(r.code).toBe(125);
    expect(r.err).toMatch(/^fault: bus read at 0xe0000000/m);
  });
  it('stops a runaway program at the cycle limit with exit 124', () => {
    const r = shoal('exec', file('loop.s', ' .text\n .global _start\n_start: b _start\n'), '--arch', 'arm', '--max-cycles', '50000');
    expect(r.code).toBe(124);
    expect(r.err).toMatch(/cycle limit/);
  });
  it('gives located assembler errors and exit 1', () => {
    const r = shoal('exec', file('bad.s', ' .text\n frob eax\n'), '--arch', 'x86');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.s:2:\d+: error: /);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('shoal asm, link, disasm and readelf', () => {
  it('assembles, links and disassembles; readelf reads the files', () => {
    const src = file('p.s', HELLO_ARM);
    expect(shoal('asm', src, '--arch', 'arm', '-o', join(dir, 'p.o')).code).toBe(0);
    expect(shoal('link', join(dir, 'p.o'), '-o', join(dir, 'p.elf')).code).toBe(0);
    const d = shoal('disasm', join(dir, 'p.elf'));
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/<_start>:/);
    expect(d.out).toMatch(/ldrb r0, \[r1\]/);
    const e = shoal('exec', join(dir, 'p.elf'));
    expect(e).toMatchObject({ code: 4, out: 'hello from arm\n' });
    const re = execFileSync('readelf', ['-h', '-S', '-s', join(dir, 'p.elf')], { encoding: 'utf8' });
    expect(re).toMatch(/EXEC/);
    expect(re).toMatch(/_start/);
  });
  it('lists machines and has help on every command', () => {
    const m = shoal('machines');
    expect(m.out).toMatch(/hetero-4\*/);
    expect(m.out).toMatch(/numa-32 +32 cores/);
    for (const c of ['asm', 'link', 'disasm', 'exec', 'machines', 'demo']) {
      const h = shoal(c, '--help');
      expect(h.code, c).toBe(0);
      expect(h.out).toMatch(/Usage: shoal/);
    }
  });
  it('rejects bad options without a stack trace', () => {
    const r = shoal('exec', 'x.s', '--arch', 'mips');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected x86 or arm/);
  });
});

describe('shoal demo', () => {
  it('boots both personalities on hetero-4: every core says hello from its own binary', () => {
    const r = shoal('demo');
    expect(r.code).toBe(0);
    for (const line of ['hello from core 0 (x86)', 'hello from core 1 (x86)', 'hello from core 2 (arm)', 'hello from core 3 (arm)', 'all 4 cores checked in; powering off']) {
      expect(r.out).toContain(line);
    }
  });
});
