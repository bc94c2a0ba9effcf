// Personality-specific code: `@is_arch` folds to a constant and an `if` on it keeps only the taken
// branch; `@port_*` are x86-only; the other intrinsics have their signatures on both.
import { describe, expect, it } from 'vitest';
import { compile, exprsOf, fails, fn, ok } from './helpers.ts';
import type { TStmt } from '../../compiler/fin/checked.ts';

const UART = `
const COM1: u16 = 0x3F8;
const UART0: usize = 0x1000_0000;
pub fn putc(c: u8) {
    if @is_arch("x86") {
        while (@port_in8(COM1 + 5) & 0x20) == 0 { }
        @port_out8(COM1, c);
    } else {
        @mmio_write8(UART0, c);
    }
}`;

function kinds(stmts: TStmt[]): string[] {
  return stmts.map((s) => (s.kind === 'block' ? `{${kinds(s.body).join(',')}}` : s.kind));
}

describe('@is_arch', () => {
  it('drops the other branch on each personality', () => {
    const x86 = fn(ok(UART, { arch: 'x86' }), 'putc');
    expect(kinds(x86.body!)).toEqual(['{while,expr}']);
    const arm = fn(ok(UART, { arch: 'arm' }), 'putc');
    expect(kinds(arm.body!)).toEqual(['{expr}']);
    expect(exprsOf(arm.body!).some((e) => e.kind === 'intrinsic' && e.name.startsWith('port_'))).toBe(false);
  });

  it('is a compile-time bool usable in constants and conditions', () => {
    const p = ok('const X86 = @is_arch("x86");\nconst ARM: bool = @is_arch("arm") && true;', { arch: 'arm' });
    expect(p.consts.map((c) => c.value)).toEqual([0, 1]);
    const q = ok('const X86 = @is_arch("x86");\nfn f() -> u32 { if !X86 { return @port_in8(1) as u32; } return 2; }', { arch: 'x86' });
    expect(kinds(fn(q, 'f').body!)).toEqual(['return']);
  });

  it('does not check the dropped branch, but its names still count as used', () => {
    const src = 'fn f() {\n var port: u16 = 0x60;\n if @is_arch("x86") { var b = @port_in8(port); b += 1; } else { @halt(); }\n}';
    const arm = compile(src, { arch: 'arm' });
    expect(arm.diagnostics).toEqual([]);
    expect(fn(arm.program!, 'f').locals.map((l) => l.name)).toEqual(['port']);
    const dropped = compile('fn f() {\n if @is_arch("arm") { var s: *u8 = "only arm"; undefined_thing(); }\n}', { arch: 'x86' });
    expect(dropped.diagnostics).toEqual([]);
    expect(dropped.program!.strings).toEqual([]);
  });

  it('handles else-if chains and nesting', () => {
    const src = 'fn f() -> u32 {\n if @is_arch("x86") { return 1; } else if @is_arch("arm") { return 2; }\n}';
    expect(compile(src, { arch: 'x86' }).diagnostics).toEqual([]);
    expect(compile(src, { arch: 'arm' }).diagnostics).toEqual([]);
  });

  it('takes exactly one string literal naming a personality', () => {
    fails('const X = @is_arch("mips");', 'E0602', 1);
    fails('const X = @is_arch(1);', 'E0602', 1);
    fails('const X = @is_arch();', 'E0602', 1);
  });
});

describe('@port_* are x86-only', () => {
  it('compile on x86', () => {
    ok('fn f() { @port_out8(0x3F8, 65); @port_out16(1, 2); @port_out32(1, 2); var a = @port_in8(0x60); var b = @port_in16(2); var c = @port_in32(3); a += 1; b += 1; c += 1; }', { arch: 'x86' });
  });

  it('are an error on arm outside an @is_arch guard', () => {
    for (const call of ['@port_out8(0x3F8, 65)', '@port_in8(0x60)', '@port_in16(1)', '@port_in32(1)', '@port_out16(1, 2)', '@port_out32(1, 2)']) {
      fails(`fn f() {\n ${call};\n}`, 'E0601', 2, { arch: 'arm' });
    }
    fails(UART.replace('if @is_arch("x86")', 'if true && COM1 > 0'), 'E0601', 6, { arch: 'arm' });
  });
});

describe('intrinsic signatures', () => {
  it('accepts the core set on both personalities', () => {
    for (const arch of ['x86', 'arm'] as const) {
      const p = ok(`fn f(p: *u32) -> usize {
  var a: u8 = @mmio_read8(0x1000); var b: u16 = @mmio_read16(p); var c: u32 = @mmio_read32(p as usize);
  @mmio_write8(0x1000, a); @mmio_write16(p, b); @mmio_write32(0x1000, c);
  @irq_enable(); @irq_disable(); @halt(); @wait_for_interrupt();
  var id: u32 = @core_id(); var t: u32 = @cycles();
  @trap(id + t);
  var r = @syscall(1) + @syscall(1, 2, 3, 4, 5, 6, 7) + @syscall(2, p, a);
  return r;
}`, { arch });
      const names = exprsOf(fn(p, 'f').body!).flatMap((e) => (e.kind === 'intrinsic' ? [e.name] : []));
      expect(names).toContain('syscall');
      expect(names).toContain('mmio_write32');
    }
  });

  it('checks arity and argument types', () => {
    fails(inFnX('@mmio_write8(0x1000);'), 'E0602', 2);
    fails(inFnX('@syscall();'), 'E0602', 2);
    fails(inFnX('@syscall(1, 2, 3, 4, 5, 6, 7, 8);'), 'E0602', 2);
    fails(inFnX('@mmio_write8(0x1000, 256);'), 'E0301', 2);
    fails(inFnX('var x: u32 = 1;\n@mmio_write8(0x1000, x);'), 'E0300', 3);
    fails(inFnX('@mmio_write8(true, 1);'), 'E0602', 2);
    fails(inFnX('@trap();'), 'E0602', 2);
    fails(inFnX('var x: u8 = @mmio_read32(4);'), 'E0300', 2);
    fails(inFnX('@frobnicate(1);'), 'E0600', 2);
  });
});

function inFnX(body: string): string {
  return `fn f() {\n${body}\n}`;
}
