// optimize() end to end: every golden Fin program prints, exits and faults (same fault, same
// source location) exactly as without it, on both personalities.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../compiler/asm/index.ts';
import { emitAsm } from '../../compiler/fin/codegen/emit.ts';
import { finExecutable } from '../../compiler/fin/driver/compile.ts';
import { checkProgram, stdlibRoot } from '../../compiler/fin/index.ts';
import { irVerify } from '../../compiler/fin/ir/verify.ts';
import { lowerProgram } from '../../compiler/fin/lower/program.ts';
import { optimize } from '../../compiler/fin/opt/index.ts';
import { sourceLocation } from '../../tools/actions/exec.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine } from '../../vm/machine/machine.ts';

const GOLDEN = fileURLToPath(new URL('../fin/golden/', import.meta.url));
const mains: string[] = [];
for (const e of readdirSync(GOLDEN).sort()) {
  const p = join(GOLDEN, e);
  if (e.endsWith('.fin')) mains.push(p);
  else if (statSync(p).isDirectory() && existsSync(join(p, 'main.fin'))) mains.push(join(p, 'main.fin'));
}

function runWith(file: string, arch: 'x86' | 'arm', opt: boolean) {
  const checked = checkProgram({ mainFiles: [file], roots: [stdlibRoot(), dirname(file)], arch });
  if (!checked.program) throw new Error(`${file} does not compile`);
  let ir = lowerProgram(checked.program, file);
  if (opt) {
    ir = optimize(ir);
    for (const f of ir.functions) expect(irVerify(f), f.name).toEqual([]);
  }
  const exe = finExecutable(assemble(emitAsm(ir, arch), arch, `${file}.s`), arch);
  const con = new BufferConsole();
  const m = new Machine(presetNamed(`${arch}-1`)!, con);
  m.load(exe);
  m.startCore(0, exe.entry);
  const r = m.run({ maxCycles: 2_000_000_000 });
  const fault = r.status === 'fault' && r.fault ? `${r.fault.text.replace(/ pc=0x[0-9a-f]+/, '')} at ${sourceLocation(exe, r.fault.record.pc)}` : null;
  return { out: con.text(), status: r.status, exit: r.exitCode, fault };
}

describe('optimize keeps every golden program exactly', () => {
  it('has programs', () => expect(mains.length).toBeGreaterThan(8));
  for (const main of mains) {
    for (const arch of ['x86', 'arm'] as const) {
      it(`${main.slice(GOLDEN.length)} on ${arch}`, () => {
        expect(runWith(main, arch, true)).toEqual(runWith(main, arch, false));
      });
    }
  }
});
