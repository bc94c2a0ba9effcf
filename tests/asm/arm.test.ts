// arm assembler: operand syntax, pseudo-instructions, branches, relocations and errors.
import { describe, expect, it } from 'vitest';
import { RelocType } from '../../compiler/link/object.ts';
import { asm, bytes, enc, errorCodes, errors, i, mem, r, rel, section } from './helpers.ts';

const A = 'arm' as const;
const b = (src: string) => bytes(src, A);
const cond = (c: string) => ({ k: 'cond' as const, c: c as never });

describe('arm operands', () => {
  it('registers and their aliases', () => {
    expect(b('add r0, r1, r2')).toEqual(enc(A, 'add', 'r,r,r', [r(0), r(1), r(2)]));
    expect(b('add r10, sp, lr')).toEqual(enc(A, 'add', 'r,r,r', [r(10), r(13), r(14)]));
    expect(b('mov fp, ip')).toEqual(enc(A, 'mov', 'r,r', [r(11), r(12)]));
    expect(b('mov R1, PC')).toEqual(enc(A, 'mov', 'r,r', [r(1), r(15)]));
  });

  it('immediates', () => {
    expect(b('add r0, r1, #4')).toEqual(enc(A, 'add', 'r,r,i16', [r(0), r(1), i(4)]));
    expect(b('sub r0, r1, #-4')).toEqual(enc(A, 'sub', 'r,r,i16', [r(0), r(1), i(-4)]));
    expect(b('and r0, r1, #0xff00')).toEqual(enc(A, 'and', 'r,r,u16', [r(0), r(1), i(0xff00)]));
    expect(b('mov r0, #-1')).toEqual(enc(A, 'mov', 'r,i16', [r(0), i(-1)]));
    expect(b("mov r0, #'A'")).toEqual(enc(A, 'mov', 'r,i16', [r(0), i(65)]));
    expect(b('SIZE = 3 * 4\nmov r0, #SIZE + 1')).toEqual(enc(A, 'mov', 'r,i16', [r(0), i(13)]));
    expect(b('lsl r0, r1, #31')).toEqual(enc(A, 'lsl', 'r,r,u5', [r(0), r(1), i(31)]));
    expect(b('movw r0, #0xffff')).toEqual(enc(A, 'movw', 'r,u16', [r(0), i(0xffff)]));
    expect(b('movt r0, #0x1234')).toEqual(enc(A, 'movt', 'r,u16', [r(0), i(0x1234)]));
    expect(b('svc #0')).toEqual(enc(A, 'svc', 'u16', [i(0)]));
    expect(b('bkpt #0')).toEqual(enc(A, 'bkpt', 'u16', [i(0)]));
    expect(b('udf #3')).toEqual(enc(A, 'udf', 'u16', [i(3)]));
    expect(b('cmp r0, #10')).toEqual(enc(A, 'cmp', 'r,i16', [r(0), i(10)]));
  });

  it('mov with a value that needs 16 unsigned bits becomes movw', () => {
    expect(b('mov r0, #0xffff')).toEqual(enc(A, 'movw', 'r,u16', [r(0), i(0xffff)]));
  });

  it('a constant defined later still picks the right form', () => {
    expect(b('mov r0, #BIG\nBIG = 40000')).toEqual(enc(A, 'movw', 'r,u16', [r(0), i(40000)]));
  });

  it('two-operand shorthand', () => {
    expect(b('add r0, #4')).toEqual(enc(A, 'add', 'r,r,i16', [r(0), r(0), i(4)]));
    expect(b('eor r3, r4')).toEqual(enc(A, 'eor', 'r,r,r', [r(3), r(3), r(4)]));
    expect(b('adds r1, #1')).toEqual(enc(A, 'adds', 'r,r,i16', [r(1), r(1), i(1)]));
  });

  it('memory operands', () => {
    expect(b('ldr r0, [r1]')).toEqual(enc(A, 'ldr', 'r,mo', [r(0), mem(1)]));
    expect(b('ldr r0, [r1, #8]')).toEqual(enc(A, 'ldr', 'r,mo', [r(0), mem(1, -1, 0, 8)]));
    expect(b('ldr r0, [r1, #-8]')).toEqual(enc(A, 'ldr', 'r,mo', [r(0), mem(1, -1, 0, -8)]));
    expect(b('str r0, [sp, #4]')).toEqual(enc(A, 'str', 'r,mo', [r(0), mem(13, -1, 0, 4)]));
    expect(b('ldr r0, [r1, r2]')).toEqual(enc(A, 'ldr', 'r,mx', [r(0), { k: 'm', base: 1, index: 2, scale: 0, disp: 0 }]));
    expect(b('ldrb r0, [r1, r2, lsl #2]')).toEqual(enc(A, 'ldrb', 'r,mx', [r(0), { k: 'm', base: 1, index: 2, scale: 2, disp: 0 }]));
    expect(b('strh r5, [r6, #2]')).toEqual(enc(A, 'strh', 'r,mo', [r(5), mem(6, -1, 0, 2)]));
  });

  it('register lists', () => {
    expect(b('push {r4-r7, lr}')).toEqual(enc(A, 'push', 'rl', [{ k: 'rl', mask: 0x40f0 }]));
    expect(b('pop {r4, pc}')).toEqual(enc(A, 'pop', 'rl', [{ k: 'rl', mask: 0x8010 }]));
    expect(b('push {r0}')).toEqual(enc(A, 'push', 'rl', [{ k: 'rl', mask: 1 }]));
  });

  it('system registers, conditions and system instructions', () => {
    expect(b('mrs r0, cpsr')).toEqual(enc(A, 'mrs', 'r,cpsr', [r(0), { k: 'cpsr' }]));
    expect(b('msr cpsr, r0')).toEqual(enc(A, 'msr', 'cpsr,r', [{ k: 'cpsr' }, r(0)]));
    expect(b('mrs r0, mpidr')).toEqual(enc(A, 'mrs', 'r,sr', [r(0), { k: 'sr', id: 9 }]));
    expect(b('msr vbar, r0')).toEqual(enc(A, 'msr', 'sr,r', [{ k: 'sr', id: 2 }, r(0)]));
    expect(b('cset r0, eq')).toEqual(enc(A, 'cset', 'r,cond', [r(0), cond('eq')]));
    expect(b('cset r0, cc')).toEqual(enc(A, 'cset', 'r,cond', [r(0), cond('armlo')]));
    expect(b('cpsid i')).toEqual(enc(A, 'cpsid', '', []));
    expect(b('cpsie i')).toEqual(enc(A, 'cpsie', '', []));
    expect(b('cpsid')).toEqual(enc(A, 'cpsid', '', []));
    for (const mn of ['wfi', 'eret', 'tlbiall', 'nop']) expect(b(mn)).toEqual(enc(A, mn, '', []));
    expect(b('tlbimva r0')).toEqual(enc(A, 'tlbimva', 'r', [r(0)]));
    expect(b('chk r0, r1')).toEqual(enc(A, 'chk', 'r,r', [r(0), r(1)]));
    expect(b('neg r0, r1')).toEqual(enc(A, 'neg', 'r,r', [r(0), r(1)]));
    expect(b('mvn r0, r1')).toEqual(enc(A, 'mvn', 'r,r', [r(0), r(1)]));
    expect(b('bx lr')).toEqual(enc(A, 'bx', 'r', [r(14)]));
    expect(b('blx r3')).toEqual(enc(A, 'blx', 'r', [r(3)]));
  });
});

describe('arm pseudo-instructions', () => {
  it('ldr rd, =constant is movw + movt', () => {
    expect(b('ldr r0, =0x12345678')).toEqual([
      ...enc(A, 'movw', 'r,u16', [r(0), i(0x5678)]), ...enc(A, 'movt', 'r,u16', [r(0), i(0x1234)]),
    ]);
    expect(b('ldr r0, =-1')).toEqual([
      ...enc(A, 'movw', 'r,u16', [r(0), i(0xffff)]), ...enc(A, 'movt', 'r,u16', [r(0), i(0xffff)]),
    ]);
    expect(b('mov32 r2, 5')).toEqual([...enc(A, 'movw', 'r,u16', [r(2), i(5)]), ...enc(A, 'movt', 'r,u16', [r(2), i(0)])]);
  });

  it('ldr rd, =symbol is movw + movt with ARM_MOVW/ARM_MOVT relocations', () => {
    const o = asm('nop\nldr r1, =msg+8\nmov32 r2, ext\n.data\nmsg: .word 0', A);
    expect(section(o).relocs).toEqual([
      { offset: 4, type: RelocType.ARM_MOVW, symbol: 'msg', addend: 8 },
      { offset: 8, type: RelocType.ARM_MOVT, symbol: 'msg', addend: 8 },
      { offset: 12, type: RelocType.ARM_MOVW, symbol: 'ext', addend: 0 },
      { offset: 16, type: RelocType.ARM_MOVT, symbol: 'ext', addend: 0 },
    ]);
    expect(section(o).size).toBe(20);
  });

  it('#:lower16: and #:upper16:', () => {
    const o = asm('movw r0, #:lower16:sym\nmovt r0, #:upper16:sym+4', A);
    expect(section(o).relocs).toEqual([
      { offset: 0, type: RelocType.ARM_MOVW, symbol: 'sym', addend: 0 },
      { offset: 4, type: RelocType.ARM_MOVT, symbol: 'sym', addend: 4 },
    ]);
    expect(b('movw r0, #:lower16:0x12345678\nmovt r0, #:upper16:0x12345678')).toEqual([
      ...enc(A, 'movw', 'r,u16', [r(0), i(0x5678)]), ...enc(A, 'movt', 'r,u16', [r(0), i(0x1234)]),
    ]);
  });
});

describe('arm branches and labels', () => {
  it('resolves branches relative to the branch instruction', () => {
    const src = 'top:\n  nop\n  b top\n  beq fwd\n  bl top\nfwd:\n  bx lr';
    expect(b(src)).toEqual([
      ...enc(A, 'nop', '', []),
      ...enc(A, 'b', 'rel', [rel(-4)]),
      ...enc(A, 'b', 'rel,cond', [rel(8), cond('eq')]),
      ...enc(A, 'bl', 'rel', [rel(-12)]),
      ...enc(A, 'bx', 'r', [r(14)]),
    ]);
  });

  it('condition suffixes and aliases', () => {
    const c = (s: string, k: string) => expect(b(`x: b${s} x`)).toEqual(enc(A, 'b', 'rel,cond', [rel(0), cond(k)]));
    c('ne', 'ne'); c('lt', 'lt'); c('ge', 'ge'); c('le', 'le'); c('gt', 'gt'); c('mi', 'mi'); c('pl', 'pl');
    c('vs', 'vs'); c('vc', 'vc'); c('lo', 'armlo'); c('cc', 'armlo'); c('hs', 'armhs'); c('cs', 'armhs');
    c('ls', 'armls'); c('hi', 'armhi');
  });

  it('branches to other sections or externs get ARM_B24/ARM_B19 relocations at the instruction', () => {
    const o = asm('nop\nbl printf\nbne other+8\nb away\n.section .text.b\naway: nop\nother: nop', A);
    expect(section(o).relocs).toEqual([
      { offset: 4, type: RelocType.ARM_B24, symbol: 'printf', addend: 0 },
      { offset: 8, type: RelocType.ARM_B19, symbol: 'other', addend: 8 },
      { offset: 12, type: RelocType.ARM_B24, symbol: 'away', addend: 0 },
    ]);
  });

  it('out-of-range and misaligned local branches are errors', () => {
    expect(errorCodes('beq away\n.zero 0x100000\naway: nop', A)).toEqual(['1:5 branch-range']);
    expect(() => asm('b away\n.zero 0x100000\naway: nop', A)).not.toThrow();
    expect(errorCodes('b 2', A)).toEqual(['1:3 branch-range']);
  });
});

describe('arm errors', () => {
  it('reports every error of a file with line and column', () => {
    const src = [
      '  add r0, r1, r16',     // 1 bad register
      '  mov r0, #70000',      // 2 out of range
      '  frob r1',             // 3 unknown mnemonic
      '  lsl r0, r1, #32',     // 4 out of range
      'x: nop',
      'x: nop',                // 6 duplicate label
      '  .weird',              // 7 bad directive
      '  add r0, r1, 5',       // 8 immediate without #
      '  ldr r0, [r1, #40000]',// 9 offset out of range
      '  mov r0, #label',      // 10 address as immediate
      'label: .byte 1',
      '  nop',                 // 12 misaligned
    ].join('\n');
    expect(errorCodes(src, A)).toEqual([
      '1:15 bad-register',
      '2:11 imm-range',
      '3:3 unknown-mnemonic',
      '4:15 imm-range',
      '6:1 duplicate-label',
      '7:3 bad-directive',
      '8:15 bad-operand',
      '9:17 imm-range',
      '10:11 bad-operand',
      '12:3 misaligned',
    ]);
  });

  it('names the allowed range', () => {
    const [d] = errors('mov r0, #70000', A);
    expect(d!.message).toBe('immediate 70000 out of range -32768..32767 or 0..65535');
    expect(errors('lsl r0, r0, #40', A)[0]!.message).toContain('0..31');
  });

  it('immediates that are undefined symbols', () => {
    expect(errorCodes('mov r0, #NOPE', A)).toEqual(['1:9 undefined-symbol']);
  });

  it('misc operand errors', () => {
    expect(errorCodes('push {r7-r4}', A)).toEqual(['1:10 bad-operand']);
    expect(errorCodes('ldr r0, [r1]!', A)).toEqual(['1:13 bad-operand']);
    expect(errorCodes('ldr r0, [r1, r2, lsl #4]', A)).toEqual(['1:23 imm-range']);
    expect(errorCodes('add r0, r1, #:lower16:x', A)).toEqual(['1:13 bad-operand']);
    expect(errorCodes('cset r0, zz', A)).toEqual(['1:10 bad-operand']);
    expect(errorCodes('mrs r0, foo', A)).toEqual(['1:9 bad-register']);
  });
});
