// The generated Fin module err.errno (stdlib/err/errno.fin) compiles for both personalities and
// behaves like its TypeScript twin: a Fin program pushes and decodes codes on the VM, and its
// output must equal what the TS helpers compute for the same steps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import * as E from '../../os-src/errors/errno.generated.ts';
import { execProgram } from '../../tools/actions/exec.ts';
import { CORPUS, dir } from './helpers.ts';
import { fuguGenerate } from '../../compiler/fugu/index.ts';

const PROGRAM = fileURLToPath(new URL('./programs/errval.fin', import.meta.url));

function expected(): string {
  const lines: string[] = [];
  const show = (e: number) => lines.push(`0x${e.toString(16)} top=${E.errTop(e)}${E.errIsOk(e) ? ' ok' : ''}${E.errIsFail(e) ? ' fail' : ''}`);
  const trace = (e: number) => {
    for (let rest = e; E.errIsFail(rest); rest = E.errPop(rest)) {
      const c = E.errTop(rest);
      lines.push(`Failure: (${E.errDomain(c)}) ${E.errMessage(c)} [${E.errName(c)}]`);
    }
  };
  let e: number = E.SYS_ERR_OK;
  show(e);
  e = E.errPush(e, E.MM_ERR_OUT_OF_MEMORY);
  show(e);
  for (const c of [E.LIB_ERR_SLOT_ALLOC, E.SPAWN_ERR_CREATE_CSPACE, E.MON_ERR_SPAN_DOMAIN]) e = E.errPush(e, c);
  show(e);
  e = E.errPush(e, E.FLOUNDER_ERR_TX_BUSY);
  show(e);
  trace(e);
  for (const c of E.errStack(e)!) lines.push(`${E.errName(c)} (${E.errDomain(c)}) ${E.errMessage(c)}`);
  e = E.errPush(e, E.IDC_ERR_QUEUED);
  show(e);
  trace(e);
  lines.push('no code past the end', `${E.ERR_BITS} bits, depth ${E.ERR_DEPTH}`);
  return lines.join('\n') + '\n';
}

describe('err.errno in Fin', () => {
  const want = expected();
  it('the expected trace names four codes and drops the oldest', () => {
    expect(want).toContain('Failure: (flounder)');
    expect(want).not.toContain('MM_ERR_OUT_OF_MEMORY (');
  });
  for (const arch of ['x86', 'arm'] as const) {
    it(`compiles without diagnostics for ${arch}`, () => {
      const r = compileFin({ files: [PROGRAM], arch });
      expect(r.messages).toEqual([]);
      expect(r.object).toBeDefined();
    });
    it(`pushes, pops and decodes codes on ${arch} exactly as the TypeScript twin does`, () => {
      const r = execProgram({ files: [PROGRAM], arch, maxCycles: 200_000_000 });
      expect(r.err).toEqual([]);
      expect(r.console).toBe(want);
      expect(r.code).toBe(0);
    });
  }
  it("Barrelfish's 978 codes also compile to Fin that runs (10-bit codes, 3 deep)", () => {
    const g = fuguGenerate(CORPUS, { fin: true });
    writeFileSync(join(dir, 'bferr.fin'), g.fin!);
    const main = join(dir, 'bfmain.fin');
    writeFileSync(main, 'import std.io;\nimport bferr;\n\npub fn main() -> i32 {\n' +
      '    var e = bferr.push(bferr.push(bferr.push(bferr.push(0, bferr.SYS_ERR_GUARD_MISMATCH), bferr.LIB_ERR_MALLOC_FAIL), bferr.VAS_ERR_OUT_OF_HANDLES), bferr.SYS_ERR_NOT_IMPLEMENTED);\n' +
      '    io.print_hex(e); io.println("");\n    bferr.print_trace(e);\n    return 0;\n}\n');
    const r = execProgram({ files: [main], arch: 'arm', maxCycles: 200_000_000 });
    expect(r.err).toEqual([]);
    const value = (n: string) => g.model!.domains.flatMap((d) => d.codes).find((c) => c.name === n)!.value;
    const top3 = [value('SYS_ERR_NOT_IMPLEMENTED'), value('VAS_ERR_OUT_OF_HANDLES'), value('LIB_ERR_MALLOC_FAIL')];
    expect(r.console).toBe(`0x${((top3[2]! << 20) | (top3[1]! << 10) | top3[0]!).toString(16)}\n` +
      'Failure: (kernel) Kernel functionality NYI [SYS_ERR_NOT_IMPLEMENTED]\n' +
      'Failure: (vas) Not enough handles [VAS_ERR_OUT_OF_HANDLES]\n' +
      'Failure: (libbarrelfish) Malloc returned NULL [LIB_ERR_MALLOC_FAIL]\n');
    expect(readFileSync(join(dir, 'bferr.fin'), 'utf8')).toContain('pub const BITS: u32 = 10;');
  });
});
