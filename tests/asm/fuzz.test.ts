// Fuzzing: the assembler never throws anything but AsmError, never reports an internal error,
// and whatever it returns satisfies the object model's invariants.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble, AsmError } from '../../compiler/asm/index.ts';
import type { Arch } from '../../compiler/link/object.ts';
import { validateObject } from '../../compiler/link/validate.ts';
import { INSTRS } from '../../vm/isa/instr.ts';

function check(src: string, arch: Arch): void {
  let obj;
  try {
    obj = assemble(src, arch, 'fuzz.s');
  } catch (e) {
    if (!(e instanceof AsmError)) throw new Error(`non-AsmError thrown for ${JSON.stringify(src.slice(0, 400))}: ${String(e)}`);
    expect(e.diagnostics.length).toBeGreaterThan(0);
    const internal = e.diagnostics.find((d) => d.code === 'internal');
    if (internal) throw new Error(`internal error for ${JSON.stringify(src.slice(0, 400))}: ${internal.message}`);
    for (const d of e.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.col).toBeGreaterThanOrEqual(1);
    }
    return;
  }
  validateObject(obj, 'fuzz.s');
}

const SAMPLES: Record<Arch, string> = {
  x86: `
.global main
.equ N, 4
main:
  push ebp
  mov ebp, esp
  mov eax, [ebp+8]
  add eax, N * 2
  cmp eax, 100
  jl .Lsmall
  movzx ecx, byte [msg+eax]
  mov dword [buf], ecx
.Lsmall:
  call puts
  lea eax, [eax+ecx*4+8]
  outb 0x3f8, eax
  pop ebp
  ret
.data
msg: .asciz "hello\\n"
.align 4
tbl: .long main, msg+1, 0x1234
.size tbl, .-tbl
.bss
buf: .zero 64
`,
  arm: `
.global main
.equ N, 4
main:
  push {r4-r7, lr}
  ldr r4, =msg
  mov r0, #N
  add r0, r0, #8
  cmp r0, #100
  blt .Lsmall
  ldrb r1, [r4, r0]
  ldr r2, [r4, #4]
  movw r3, #:lower16:buf
  movt r3, #:upper16:buf
.Lsmall:
  bl puts
  cset r0, eq
  mrs r1, cpsr
  pop {r4-r7, pc}
.data
msg: .asciz "hello\\n"
.align 4
tbl: .word main, msg+1, 0x1234
.size tbl, .-tbl
.bss
buf: .zero 64
`,
};

function tokensFor(arch: Arch): string[] {
  const mns = [...new Set(INSTRS[arch].map((d) => d.mn))];
  const common = ['.text', '.data', '.bss', '.rodata', '.section', '.byte', '.long', '.word', '.half', '.ascii', '.asciz',
    '.zero', '.align', '.equ', '.set', '.global', '.type', '.size', '.file', '.loc', ',', ':', '[', ']', '(', ')', '{', '}',
    '+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '~', '=', '.', 'foo', 'bar', '.Lx', '0', '1', '-1', '0x7fffffff',
    '0xffffffff', '4294967296', "'a'", '"s\\n"', '"', "'", '#', ';', '@', '//', '\\', '\t', '@function', '%function'];
  const regs = arch === 'x86'
    ? ['eax', 'ebx', 'ecx', 'esp', 'cr3', 'coreid', 'byte', 'word', 'dword', 'ptr', 'strict']
    : ['r0', 'r1', 'sp', 'lr', 'pc', 'fp', 'ip', 'cpsr', 'mpidr', 'vbar', 'lsl', ':lower16:', ':upper16:', 'eq', 'lo', 'i', '!'];
  return [...mns, ...common, ...regs];
}

for (const arch of ['x86', 'arm'] as const) {
  describe(`${arch} fuzz`, () => {
    it('the sample program assembles', () => {
      expect(() => check(SAMPLES[arch], arch)).not.toThrow();
      const o = assemble(SAMPLES[arch], arch);
      expect(o.sections.map((s) => s.name)).toEqual(['.text', '.data', '.bss']);
    });

    it('random characters', () => {
      const chars = fc.constantFrom(...'abcxyz019 \t\n,.:;#@[]{}()+-*/<>=!~&|^%"\'\\$_\r'.split(''), 'eax', 'r0', 'mov ', 'add ', '.long ');
      fc.assert(fc.property(fc.array(chars, { maxLength: 80 }).map((a) => a.join('')), (src) => check(src, arch)), { seed: 1, numRuns: 400 });
    });

    it('random token soup', () => {
      const tok = fc.constantFrom(...tokensFor(arch));
      const line = fc.array(tok, { maxLength: 8 }).map((a) => a.join(' '));
      fc.assert(fc.property(fc.array(line, { maxLength: 12 }).map((l) => l.join('\n')), (src) => check(src, arch)), { seed: 2, numRuns: 400 });
    });

    it('random well-formed-ish instructions', () => {
      const tok = fc.constantFrom(...tokensFor(arch));
      const mn = fc.constantFrom(...new Set(INSTRS[arch].map((d) => d.mn)));
      const operand = fc.oneof(
        tok,
        fc.integer().map(String),
        fc.integer({ min: -300, max: 70000 }).map((v) => (arch === 'arm' ? `#${v}` : String(v))),
        fc.tuple(tok, tok).map(([a, b]) => `[${a}+${b}]`),
        fc.tuple(tok, tok).map(([a, b]) => `[${a}, ${b}]`),
      );
      const insn = fc.tuple(fc.option(fc.constantFrom('l1:', 'l2:', '.Lq:')), mn, fc.array(operand, { maxLength: 3 }))
        .map(([l, m, ops]) => `${l ?? ''} ${m} ${ops.join(', ')}`);
      fc.assert(fc.property(fc.array(insn, { maxLength: 10 }).map((l) => l.join('\n')), (src) => check(src, arch)), { seed: 3, numRuns: 400 });
    });

    it('mutations of a valid program', () => {
      const base = SAMPLES[arch];
      const mutation = fc.oneof(
        fc.tuple(fc.constant('del' as const), fc.nat(base.length), fc.integer({ min: 1, max: 12 })),
        fc.tuple(fc.constant('ins' as const), fc.nat(base.length), fc.constantFrom(...tokensFor(arch), ' ', '\n', ',', '0')),
        fc.tuple(fc.constant('dup' as const), fc.nat(base.length), fc.integer({ min: 1, max: 40 })),
      );
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        let s = base;
        for (const m of muts) {
          const at = m[1] % (s.length + 1);
          if (m[0] === 'del') s = s.slice(0, at) + s.slice(at + m[2]);
          else if (m[0] === 'ins') s = s.slice(0, at) + m[2] + s.slice(at);
          else s = s.slice(0, at) + s.slice(at, at + m[2]) + s.slice(at);
        }
        check(s, arch);
      }), { seed: 4, numRuns: 500 });
    });

    it('arbitrary unicode strings', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (src) => check(src, arch)), { seed: 5, numRuns: 300 });
    });
  });
}

describe('pathological inputs', () => {
  it('deeply nested expressions, huge fills, long lines', () => {
    for (const arch of ['x86', 'arm'] as const) {
      check('.data\n.long ' + '('.repeat(5000) + '1' + ')'.repeat(5000), arch);
      check('.data\n.long ' + '-'.repeat(5000) + '1', arch);
      check('.data\n.long ' + Array(3000).fill('1').join('+'), arch);
      check('.zero 0x7fffffff', arch);
      check('.bss\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000\n.zero 0x1000000', arch);
      check('.equ a, b\n.equ b, c\n.equ c, a\n.data\n.long a', arch);
      check(Array(3000).fill('x').map((x, i) => `${x}${i}: .equ y${i}, y${i + 1}`).join('\n'), arch);
      check('__proto__:\nconstructor: nop\n.global toString\n.data\n.long hasOwnProperty', arch);
      check(Array(2000).fill('frob').join('\n'), arch);
    }
  });

  it('long flat sums are fine', () => {
    for (const arch of ['x86', 'arm'] as const) {
      const o = assemble('.data\n.long ' + Array(3000).fill('1').join('+'), arch);
      expect([...o.sections[0]!.data]).toEqual([3000 & 255, 3000 >> 8, 0, 0]);
    }
    const o = assemble('mov eax, [ebx' + '+1'.repeat(1000) + ']', 'x86');
    expect(o.sections[0]!.size).toBeGreaterThan(0);
  });

  it('many errors are capped', () => {
    try {
      assemble(Array(5000).fill('frob').join('\n'), 'x86');
    } catch (e) {
      expect((e as AsmError).diagnostics.length).toBeLessThanOrEqual(1001);
    }
  });
});
