// Compare-and-branch fusion (vm/core/fuse.ts, FUSED in vm/isa/uops.ts): a fused pair must be
// indistinguishable from the two instructions run one by one — branch outcome, flags left
// behind, instruction and cycle counts — and the decoder must really fuse where it may, and
// must not where it may not (branch on the next page, a branch that is later rewritten).
import { describe, expect, it } from 'vitest';
import { FUSED, MACS, SLOT_SHIFT, STEPS } from '../../vm/isa/uops.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { boot } from './harness.ts';

const PAIRS: [number, number][] = [[1, 2], [2, 1], [3, 3], [-1, 1], [1, -1], [-0x80000000, 1], [0x7fffffff, -1], [0, 0], [6, 2], [5, 2]];
const u = (v: number) => v >>> 0;
const REL: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b, ne: (a, b) => a !== b, lt: (a, b) => a < b, ge: (a, b) => a >= b, le: (a, b) => a <= b, gt: (a, b) => a > b,
  lo: (a, b) => u(a) < u(b), hs: (a, b) => u(a) >= u(b), ls: (a, b) => u(a) <= u(b), hi: (a, b) => u(a) > u(b),
  teq: (a, b) => (a & b) === 0, tne: (a, b) => (a & b) !== 0,
};
const X86: Record<string, string> = { eq: 'e', ne: 'ne', lt: 'l', ge: 'ge', le: 'le', gt: 'g', lo: 'b', hs: 'ae', ls: 'be', hi: 'a', teq: 'e', tne: 'ne' };
const ARM: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'lt', ge: 'ge', le: 'le', gt: 'gt', lo: 'lo', hs: 'hs', ls: 'ls', hi: 'hi', teq: 'eq', tne: 'ne' };

/** One compare + branch, then the flags it left read back by set<cc>/cset of every relation. */
function program(arch: Personality, rel: string, a: number, b: number, imm: boolean): string {
  const test = rel.startsWith('t');
  if (arch === 'x86') {
    const cmp = `${test ? 'test' : 'cmp'} eax, ${imm ? b : 'ebx'}`;
    const reads = ['e', 'l', 'b', 'g', 'a'].map((c, k) => `set${c} ecx\n mov [buf+${4 * k}], ecx`).join('\n ');
    return ` .text\n .global _start\n_start: mov eax, ${a}\n mov ebx, ${b}\n mov esi, 0\n ${cmp}\n j${X86[rel]} .Ltaken\n mov esi, 1\n.Ltaken: mov ecx, 0\n ${reads}\n cli\n hlt\n .data\nbuf: .zero 32\n`;
  }
  const cmp = `${test ? 'tst' : 'cmp'} r0, ${imm ? `#${b}` : 'r1'}`;
  const reads = ['eq', 'lt', 'lo', 'gt', 'hi'].map((c, k) => `cset r2, ${c}\n str r2, [r5, #${4 * k}]`).join('\n ');
  return ` .text\n .global _start\n_start: ldr r5, =buf\n ldr r0, =${a}\n ldr r1, =${b}\n mov r6, #0\n ${cmp}\n b${ARM[rel]} .Ltaken\n mov r6, #1\n.Ltaken: ${reads}\n cpsid i\n wfi\n .data\nbuf: .zero 32\n`;
}

/** The same program with a nop between compare and branch, which stops the fusion. */
const unfused = (src: string) => src.replace(/\n (b\w+|j\w+) \.Ltaken/, '\n nop\n $1 .Ltaken');

function outcome(arch: Personality, src: string) {
  const { m, r, core, exe } = boot(arch, src);
  const buf = exe.symbols.find((s) => s.name === 'buf')!.value;
  const flags = Array.from({ length: 5 }, (_, k) => m.mem.dv.getInt32(buf + 4 * k, true));
  return { status: r.status, notTaken: core.regs[arch === 'x86' ? 6 : 6], flags, instructions: r.instructions, cycles: r.cycles };
}

describe('fused compare and branch', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`${arch}: every fusable relation, register and immediate forms, matches its reference and leaves the compare's flags`, () => {
      for (const rel of Object.keys(REL)) {
        for (const [a, b0] of PAIRS) {
          for (const imm of [false, true]) {
            // arm immediates are 16 bits (tst: unsigned); keep them encodable
            const b = imm && arch === 'arm' ? (rel.startsWith('t') ? b0 & 0xffff : Math.max(-32768, Math.min(32767, b0))) : b0;
            const o = outcome(arch, program(arch, rel, a, b, imm));
            expect(o.status, `${arch} ${rel} ${a} ${b}`).toBe('halted');
            expect(o.notTaken, `${arch} ${rel} ${a}, ${b}${imm ? ' (imm)' : ''}`).toBe(REL[rel]!(a, b) ? 0 : 1);
            // the flags left behind, and the counts, are those of the pair run unfused
            const apart = outcome(arch, unfused(program(arch, rel, a, b, imm)));
            expect(o.flags, `${arch} flags after ${rel} ${a}, ${b}`).toEqual(apart.flags);
            expect(o.instructions + 1).toBe(apart.instructions);
          }
        }
      }
    });
  }

  it('really fuses: the compare slot holds the pair, counting both instructions', () => {
    for (const [arch, key] of [['x86', 'cmp.rrr.f+j.lt'], ['arm', 'cmp.rrr.f+j.lt'], ['x86', 'test.rri.f+j.ne'], ['arm', 'cmp.rri.f+j.x86b']] as const) {
      const rel = key.includes('test') ? 'tne' : key.endsWith('lt') ? 'lt' : 'lo';
      const src = program(arch, rel, 1, 2, key.includes('rri'));
      const { m, exe, r } = boot(arch, src);
      const fused = FUSED.find((f) => f.key === key)!;
      const text = exe.segments.find((s) => s.flags.x)!.vaddr;
      const page = m.mem.codePage(arch === 'x86' ? 0 : 1, text >>> 12);
      const slots = Array.from({ length: 4096 }, (_, k) => page[k << SLOT_SHIFT]);
      expect(slots, `${arch} ${key}`).toContain(fused.num);
      // the same program with a nop between compare and branch cannot fuse; counts differ by the nop only
      const plain = boot(arch, unfused(src)).r;
      expect(plain.instructions).toBe(r.instructions + 1);
    }
  });

  it('a jump straight to the branch of a fused pair runs the branch alone', () => {
    const { core, r } = boot('x86', ` .text\n .global _start\n_start: mov ecx, 0\n mov eax, 5\n cmp eax, 5\n jmp mid\nagain: cmp eax, 9\nmid: je done\n add ecx, 1\n jmp again\ndone: cli\n hlt\n`);
    // first arrival at `mid` uses the flags of cmp eax, 5 (equal): done at once
    expect(r.status).toBe('halted');
    expect(core.regs[1]).toBe(0);
    const arm = boot('arm', ` .text\n .global _start\n_start: mov r1, #0\n mov r0, #5\n cmp r0, #4\n b mid\nagain: cmp r0, #5\nmid: beq done\n add r1, r1, #1\n b again\ndone: cpsid i\n wfi\n`);
    expect(arm.core.regs[1]).toBe(1);
  });

  it('rewriting the branch half of a fused pair takes effect', () => {
    // the pair `cmp ecx, 50; jne again` loops once; then the jne's opcode byte becomes je's
    const x86 = boot('x86', ` .text\n .global _start\n_start: mov ecx, 0\nagain: add ecx, 1\n cmp ecx, 2\n jne .Lsite0\n movzx eax, byte [.Lje]\n mov byte [.Lsite], eax\n.Lsite0: cmp ecx, 50\n.Lsite: jne again\n cli\n hlt\n.Lje: je again\n`);
    expect(x86.r.status).toBe('halted');
    // a stale fused jne would loop to 50; the patched je falls through on the second pass
    expect(x86.core.regs[1]).toBe(2);
  });

  it('a branch on the next page is not fused and still runs', () => {
    for (const arch of ['x86', 'arm'] as const) {
      const src = arch === 'x86'
        ? ` .text\n .global _start\n_start: mov eax, 1\n mov esi, 0\n jmp cmpat\n .balign 4096\n .zero 4090\ncmpat: cmp eax, 2\n jl .Lt\n mov esi, 1\n.Lt: cli\n hlt\n`
        : ` .text\n .global _start\n_start: mov r0, #1\n mov r6, #0\n b cmpat\n .balign 4096\n .zero 4092\ncmpat: cmp r0, #2\n blt .Lt\n mov r6, #1\n.Lt: cpsid i\n wfi\n`;
      const { r, core, m, exe } = boot(arch, src);
      expect(r.status).toBe('halted');
      expect(core.regs[6]).toBe(0);
      const at = exe.symbols.find((s) => s.name === 'cmpat')!.value;
      const page = m.mem.codePage(arch === 'x86' ? 0 : 1, at >>> 12);
      expect(FUSED.some((f) => f.num === page[(at & 4095) << SLOT_SHIFT])).toBe(false);
    }
  });

  describe('step, compare and branch', () => {
    /** a counted loop whose latch is `add i, step; cmp i|j, limit|reg; b<cc>`, then the flags read back */
    function loop(arch: Personality, rel: string, step: number, limit: number, viaReg: boolean): string {
      if (arch === 'x86') {
        const cmp = viaReg ? 'cmp ecx, ebx' : `cmp ecx, ${limit}`;
        return ` .text\n .global _start\n_start: mov ecx, 0\n mov ebx, ${limit}\n mov esi, 0\nagain: add esi, 1\n cmp esi, 1000\n jae out\n add ecx, ${step}\n ${cmp}\n j${X86[rel]} again\nout: sete edx\n mov [buf], edx\n setl edx\n mov [buf+4], edx\n setb edx\n mov [buf+8], edx\n cli\n hlt\n .data\nbuf: .zero 32\n`;
      }
      const cmp = viaReg ? 'cmp r1, r3' : `cmp r1, #${limit}`;
      return ` .text\n .global _start\n_start: ldr r5, =buf\n mov r1, #0\n mov r3, #${limit}\n mov r6, #0\nagain: add r6, r6, #1\n cmp r6, #1000\n bhs out\n add r1, r1, #${step}\n ${cmp}\n b${ARM[rel]} again\nout: cset r2, eq\n str r2, [r5]\n cset r2, lt\n str r2, [r5, #4]\n cset r2, lo\n str r2, [r5, #8]\n cpsid i\n wfi\n .data\nbuf: .zero 32\n`;
    }
    const unstep = (src: string) => src.replace(/\n (add ecx|add r1, r1)/, '\n nop\n $1');

    for (const arch of ['x86', 'arm'] as const) {
      it(`${arch}: every relation, register and immediate limits: same registers, flags and counts as unfused`, () => {
        for (const rel of ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'lo', 'hs', 'ls', 'hi']) {
          for (const [step, limit] of [[1, 10], [3, 10], [-2, -9], [7, 0]] as const) {
            for (const viaReg of [false, true]) {
              const src = loop(arch, rel, step, limit, viaReg);
              const a = boot(arch, src), b = boot(arch, unstep(src));
              expect(a.r.status, `${arch} ${rel} ${step} ${limit}`).toBe('halted');
              const regs = (x: typeof a) => Array.from(x.core.regs.slice(0, 8));
              const buf = (x: typeof a) => { const at = x.exe.symbols.find((s) => s.name === 'buf')!.value; return [0, 4, 8].map((o) => x.m.mem.dv.getInt32(at + o, true)); };
              expect(regs(a), `${arch} ${rel} step ${step} limit ${limit}${viaReg ? ' (reg)' : ''}`).toEqual(regs(b));
              expect(buf(a)).toEqual(buf(b));
              // the unfused run executes one nop per latch: every pass but one that left at the top
              const passes = a.core.regs[6]!;
              expect(a.r.instructions + (passes >= 1000 ? passes - 1 : passes)).toBe(b.r.instructions);
            }
          }
        }
      });
    }

    it('really fuses the latch of a compiled-style loop', () => {
      for (const arch of ['x86', 'arm'] as const) {
        const src = loop(arch, 'lo', 1, 200, false);
        const { m, exe } = boot(arch, src);
        const at = exe.symbols.find((s) => s.name === 'again')!.value;
        const page = m.mem.codePage(arch === 'x86' ? 0 : 1, at >>> 12);
        const key = arch === 'x86' ? 'add.rri+cmp.rri.f+j.x86b' : 'add.rri+cmp.rri.f+j.x86b';
        const slots = Array.from({ length: 4096 }, (_, k) => page[k << SLOT_SHIFT]);
        expect(slots, arch).toContain(STEPS.find((s) => s.key === key)!.num);
      }
    });
  });
});

// not a fusion, but the same concern: arm push/pop lists run inline in the interpreter
describe('arm register lists inline', () => {
  it('a pop that faults part-way leaves sp unchanged and restarts at the pop; push stores lowest register lowest', () => {
    const probe = boot('arm', ' .text\n .global _start\n_start: cpsid i\n wfi\n');
    const top = probe.m.mem.ramSize;
    const src = ` .text\n .global _start\n .global popat\n_start: ldr sp, =${top - 8}\n mov r4, #0\n mov r5, #0\npopat: pop {r4, r5, pc}\n`;
    const { r, core, exe } = boot('arm', src);
    expect(r.status).toBe('fault');
    expect(core.regs[13]).toBe(top - 8);
    expect(r.fault!.record.pc).toBe(exe.symbols.find((s) => s.name === 'popat')!.value);
    const p = boot('arm', ' .text\n .global _start\n_start: ldr sp, =0x8000\n mov r1, #11\n mov r2, #22\n mov r3, #33\n push {r1, r2, r3}\n pop {r4, r5, r6}\n cpsid i\n wfi\n');
    expect(Array.from(p.core.regs.slice(4, 7))).toEqual([11, 22, 33]);
    expect(p.m.mem.dv.getInt32(0x8000 - 12, true)).toBe(11);
    expect(p.core.regs[13]).toBe(0x8000);
  });
});

describe('fused multiply-accumulate', () => {
  const VALS: [number, number, number][] = [[3, 4, 5], [-7, 9, 100], [0x10001, 0x10001, -1], [0x7fffffff, 2, 0x7fffffff], [-0x80000000, -1, 0]];
  const progs = (a: number, b: number, c: number): [Personality, string][] => [
    ['x86', ` .text\n .global _start\n_start: mov eax, ${a}\n mov ecx, ${b}\n mov ebx, ${c}\n imul eax, ecx\n add ebx, eax\n seto edx\n setb esi\n sets edi\n cli\n hlt\n`],
    ['x86', ` .text\n .global _start\n_start: mov eax, ${a}\n mov ecx, ${b}\n imul eax, ecx\n add eax, eax\n setz edx\n cli\n hlt\n`],
    ['arm', ` .text\n .global _start\n_start: ldr r1, =${a}\n ldr r2, =${b}\n ldr r3, =${c}\n mul r4, r1, r2\n add r3, r3, r4\n mul r5, r1, r3\n add r6, r5, r6\n mul r7, r7, r1\n add r7, r7, r7\n cpsid i\n wfi\n`],
  ];
  it('matches the two instructions run apart (registers, flags, counts) and really fuses', () => {
    for (const [a, b, c] of VALS) {
      for (const [arch, src] of progs(a, b, c)) {
        const fused = boot(arch, src);
        const apart = boot(arch, src.replace(/\n (add \w+, \w+(, \w+)?)\n/g, '\n nop\n $1\n'));
        expect(fused.r.status).toBe('halted');
        expect(Array.from(fused.core.regs.slice(0, 8)), `${arch} ${a} ${b} ${c}\n${src}`).toEqual(Array.from(apart.core.regs.slice(0, 8)));
        expect(fused.r.instructions).toBeLessThan(apart.r.instructions);
        const page = fused.m.mem.codePage(arch === 'x86' ? 0 : 1, fused.exe.entry >>> 12);
        const slots = new Set(Array.from({ length: 4096 }, (_, k) => page[k << SLOT_SHIFT]));
        expect(MACS.some((m) => slots.has(m.num)), `${arch} fused`).toBe(true);
      }
    }
  });
});

