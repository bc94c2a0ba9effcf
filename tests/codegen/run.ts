// Compile an IR module for a personality, link it with a tiny start stub that calls `main` and
// powers off with its return value, and run it on a one-core machine.
import { assemble } from '../../compiler/asm/index.ts';
import { emitAsm } from '../../compiler/fin/codegen/index.ts';
import type { IrModule } from '../../compiler/fin/ir/ir.ts';
import { link, type Executable } from '../../compiler/link/index.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine, type RunResult } from '../../vm/machine/machine.ts';
import type { Core } from '../../vm/core/core.ts';

export const ARCHES = ['x86', 'arm'] as const;
export type Arch = (typeof ARCHES)[number];

/** main's full 32-bit result is kept in __result; the exit device only keeps its low byte */
/** The stub also fills the callee-saved registers with sentinels before calling main and stores
 *  them (and the stack pointer's change) in __saved afterwards, so every test checks that
 *  generated code preserves them. */
export const SENTINELS: Record<Arch, number[]> = {
  x86: [0x0b0b0b0b, 0x0e0e0e0e, 0x0d0d0d0d, 0x0f0f0f0f, 0],
  arm: [0x44444444, 0x55555555, 0x66666666, 0x77777777, 0x88888888, 0x99999999, 0x10101010, 0x11111111, 0],
};

const STUB: Record<Arch, string> = {
  x86: `
  .text
  .global _start
_start:
  PRELUDE
  mov [__sp0], esp
  mov ebx, 0x0b0b0b0b
  mov esi, 0x0e0e0e0e
  mov edi, 0x0d0d0d0d
  mov ebp, 0x0f0f0f0f
  call main
  mov [__result], eax
  mov [__saved], ebx
  mov [__saved+4], esi
  mov [__saved+8], edi
  mov [__saved+12], ebp
  mov ecx, esp
  sub ecx, [__sp0]
  mov [__saved+16], ecx
  mov dword [__done], 1
  mov [0xf9100000], eax
  hlt
  .data
  .global __result
__result: .long 0x5eed
__sp0: .long 0
__done: .long 0
  .global __saved
__saved: .zero 20
`,
  arm: `
  .text
  .global _start
_start:
  PRELUDE
  ldr r0, =__sp0
  str sp, [r0]
  ldr r4, =0x44444444
  ldr r5, =0x55555555
  ldr r6, =0x66666666
  ldr r7, =0x77777777
  ldr r8, =0x88888888
  ldr r9, =0x99999999
  ldr r10, =0x10101010
  ldr r11, =0x11111111
  bl main
  ldr r1, =__result
  str r0, [r1]
  ldr r1, =__saved
  str r4, [r1]
  str r5, [r1, #4]
  str r6, [r1, #8]
  str r7, [r1, #12]
  str r8, [r1, #16]
  str r9, [r1, #20]
  str r10, [r1, #24]
  str r11, [r1, #28]
  ldr r2, =__sp0
  ldr r2, [r2]
  sub r2, sp, r2
  str r2, [r1, #32]
  ldr r1, =__done
  mov r2, #1
  str r2, [r1]
  ldr r1, =0xf9100000
  str r0, [r1]
  wfi
  .data
  .global __result
__result: .long 0x5eed
__sp0: .long 0
__done: .long 0
  .global __saved
__saved: .zero 36
`,
};

export interface Run {
  arch: Arch;
  r: RunResult;
  m: Machine;
  core: Core;
  exe: Executable;
  asm: string;
  /** main's return value (signed) */
  result: number;
  /** guest instructions executed */
  instructions: number;
  addrOf(sym: string): number;
  word(sym: string, index?: number): number;
  bytes(sym: string, n: number, offset?: number): number[];
}

export interface StubOptions {
  /** code run before main (e.g. installing exception vectors) */
  prelude?: string;
  /** more assembly linked into the stub object */
  extra?: string;
}

export function compile(mod: IrModule, arch: Arch, opts: StubOptions = {}): { asm: string; exe: Executable } {
  const asm = emitAsm(mod, arch);
  let obj;
  try {
    obj = assemble(asm, arch, `${mod.name}.${arch}.s`);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- generated assembly ---\n${asm}`);
  }
  const stub = assemble(STUB[arch].replace('PRELUDE', opts.prelude ?? '') + (opts.extra ?? ''), arch, `stub.${arch}.s`);
  return { asm, exe: link([stub, obj]) };
}

export function run(mod: IrModule, arch: Arch, opts: { maxCycles?: number } & StubOptions = {}): Run {
  const { asm, exe } = compile(mod, arch, opts);
  const m = new Machine(presetNamed(`${arch}-1`)!, new BufferConsole());
  m.load(exe);
  const core = m.coresOf(arch)[0]!;
  m.startCore(core.id, exe.entry);
  const r = m.run({ maxCycles: opts.maxCycles ?? 50_000_000 });
  const addrOf = (sym: string): number => {
    const s = exe.symbols.find((x) => x.name === sym);
    if (!s) throw new Error(`no symbol ${sym}`);
    return s.value;
  };
  const word = (sym: string, index = 0): number => m.mem.dv.getInt32(addrOf(sym) + 4 * index, true);
  const bytes = (sym: string, n: number, offset = 0): number[] => Array.from({ length: n }, (_, i) => m.mem.dv.getUint8(addrOf(sym) + offset + i));
  return { arch, r, m, core, exe, asm, result: word('__result'), instructions: r.instructions, addrOf, word, bytes };
}

/** After an exit: a description of callee-saved registers or stack pointer not preserved. */
export function savedProblem(x: Run): string | null {
  if (x.r.status !== 'exit' || x.word('__done') !== 1) return null; // main ended the run itself
  const saved = SENTINELS[x.arch].map((_, i) => x.word('__saved', i) >>> 0);
  return saved.join() === SENTINELS[x.arch].join() ? null : `${x.arch}: callee-saved registers or the stack pointer not preserved: ${saved.map((v) => v.toString(16))}`;
}

/** Run on both personalities; fail with the generated assembly when a run does not exit. */
export function runBoth(mod: IrModule, opts: { maxCycles?: number; expectExit?: boolean } = {}): Record<Arch, Run> {
  const out = {} as Record<Arch, Run>;
  for (const arch of ARCHES) {
    const x = run(mod, arch, opts);
    if ((opts.expectExit ?? true) && x.r.status !== 'exit') {
      throw new Error(`${arch}: run ended with ${x.r.status}${x.r.fault ? ` (${x.r.fault.text})` : ''}\n--- generated assembly ---\n${x.asm}`);
    }
    const bad = savedProblem(x);
    if (bad) throw new Error(`${bad}\n--- generated assembly ---\n${x.asm}`);
    out[arch] = x;
  }
  return out;
}
