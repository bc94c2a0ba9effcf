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
const STUB: Record<Arch, string> = {
  x86: `
  .text
  .global _start
_start:
  PRELUDE
  call main
  mov [__result], eax
  mov [0xf9100000], eax
  hlt
  .data
  .global __result
__result: .long 0x5eed
`,
  arm: `
  .text
  .global _start
_start:
  PRELUDE
  bl main
  ldr r1, =__result
  str r0, [r1]
  ldr r1, =0xf9100000
  str r0, [r1]
  wfi
  .data
  .global __result
__result: .long 0x5eed
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

/** Run on both personalities; fail with the generated assembly when a run does not exit. */
export function runBoth(mod: IrModule, opts: { maxCycles?: number; expectExit?: boolean } = {}): Record<Arch, Run> {
  const out = {} as Record<Arch, Run>;
  for (const arch of ARCHES) {
    const x = run(mod, arch, opts);
    if ((opts.expectExit ?? true) && x.r.status !== 'exit') {
      throw new Error(`${arch}: run ended with ${x.r.status}${x.r.fault ? ` (${x.r.fault.text})` : ''}\n--- generated assembly ---\n${x.asm}`);
    }
    out[arch] = x;
  }
  return out;
}
