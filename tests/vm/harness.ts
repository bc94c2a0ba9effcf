// Assemble, link and boot a snippet on a machine; the shared test fixture for the VM suites.
import { assemble } from '../../compiler/asm/index.ts';
import { link, type Executable } from '../../compiler/link/index.ts';
import { decodeArm } from '../../vm/isa/arm.ts';
import { decodeX86 } from '../../vm/isa/x86.ts';
import { lower, UOPS } from '../../vm/isa/uops.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine, type RunResult } from '../../vm/machine/machine.ts';
import type { Core } from '../../vm/core/core.ts';

export const REG: Record<string, number> = {
  eax: 0, ecx: 1, edx: 2, ebx: 3, esp: 4, ebp: 5, esi: 6, edi: 7,
  ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`r${i}`, i])), sp: 13, lr: 14,
};

export function build(arch: Personality, src: string, base?: number): Executable {
  return link([assemble(src, arch, `test.${arch}.s`)], { base });
}

export interface Booted { m: Machine; r: RunResult; core: Core; out: string; exe: Executable }

export function boot(arch: Personality, src: string, opts: { machine?: string; maxCycles?: number; seed?: number; slice?: number } = {}): Booted {
  const exe = build(arch, src);
  const con = new BufferConsole();
  const m = new Machine(presetNamed(opts.machine ?? `${arch}-1`)!, con);
  m.load(exe);
  const core = m.coresOf(arch)[0];
  m.startCore(core.id, exe.entry);
  const r = m.run({ maxCycles: opts.maxCycles ?? 2_000_000, seed: opts.seed, slice: opts.slice });
  return { m, r, core, out: con.text(), exe };
}

/** Register values after running `body` and halting. */
export function regsAfter(arch: Personality, body: string, data = ''): Record<string, number> {
  const halt = arch === 'x86' ? 'cli\n hlt' : 'cpsid i\n wfi';
  const { core, r } = boot(arch, ` .text\n .global _start\n_start:\n${body}\n${halt}\n .data\nbuf: .zero 64\n${data}\n`);
  if (r.status !== 'halted') throw new Error(`snippet ended with ${r.status}${r.fault ? ': ' + r.fault.text : ''}`);
  const names = arch === 'x86' ? ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] : Object.keys(REG).filter((k) => k.startsWith('r') || k === 'sp' || k === 'lr');
  return Object.fromEntries(names.map((n) => [n, core.regs[REG[n]]]));
}

/** The uop keys an executable's text lowers to (for coverage of the instruction set). */
export function uopsOf(exe: Executable): Set<string> {
  const keys = new Set<string>();
  const slot = new Int32Array(8);
  for (const seg of exe.segments) {
    if (!seg.flags.x) continue;
    let off = 0;
    while (off < seg.data.length) {
      try {
        if (exe.arch === 'x86') {
          const d = decodeX86((o) => seg.data[off + o] ?? 0);
          lower('x86', d.ins, d.len, slot, 0);
          off += d.len;
        } else {
          lower('arm', decodeArm(new DataView(seg.data.buffer, seg.data.byteOffset).getInt32(off, true)), 4, slot, 0);
          off += 4;
        }
        keys.add(UOPS[slot[0] - 1].key);
      } catch {
        off += exe.arch === 'x86' ? 1 : 4;
      }
    }
  }
  return keys;
}
