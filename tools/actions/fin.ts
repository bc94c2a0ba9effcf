// Fin sources in the command line: `shoal compile`, and the .fin path of `shoal exec`.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { compileFin, finExecutable } from '../../compiler/fin/driver/compile.ts';
import { writeExecutable, writeObject, type Executable } from '../../compiler/link/index.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { BuildError, guard, objectFrom } from './build.ts';
import { fail, ok, type ActionResult } from './result.ts';

export const isFin = (p: string) => extname(p) === '.fin';

/** Compile the .fin files among `files` (other files are assembly sources or objects to link
 *  with them, e.g. for `extern fn`) into an executable with the bare-metal runtime. */
export function finProgram(files: string[], arch: Personality, roots: string[] = []): { exe: Executable; warnings: string[] } {
  const fin = files.filter(isFin);
  const r = compileFin({ files: fin, arch, roots });
  if (!r.object) throw new BuildError(r.messages, 1);
  const others = files.filter((f) => !isFin(f)).map((f) => objectFrom(f, arch));
  return { exe: guard(() => finExecutable(r.object!, arch, others)), warnings: r.messages };
}

export interface CompileActionOptions { files: string[]; arch: Personality; output: string; roots?: string[]; emitAsm?: boolean }

export function compileAction(o: CompileActionOptions): ActionResult {
  try {
    const fin = o.files.filter(isFin);
    if (fin.length === 0) return fail(['error: no .fin file given']);
    if (o.output.endsWith('.elf')) {
      const { exe, warnings } = finProgram(o.files, o.arch, o.roots);
      writeFileSync(o.output, writeExecutable(exe, o.output));
      return { code: 0, out: [], err: warnings };
    }
    const r = compileFin({ files: fin, arch: o.arch, roots: o.roots });
    if (!r.object) return fail(r.messages);
    writeFileSync(o.output, writeObject(r.object, o.output));
    if (o.emitAsm && r.asm) writeFileSync(o.output.replace(/\.o$/, '') + '.s', r.asm);
    return { ...ok(), err: r.messages };
  } catch (e) {
    if (e instanceof BuildError) return fail(e.lines, e.code);
    throw e;
  }
}
