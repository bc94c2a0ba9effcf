// The Fin compiler as one call: check (front end), lower to IR, generate assembly for the
// personality, assemble into an ELF32 object. `finExecutable` also links the bare-metal
// runtime's start-up code, giving a program `shoal exec` can boot.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, AsmError } from '../../asm/index.ts';
import { link, type Executable, type ObjectFile } from '../../link/index.ts';
import { emitAsm } from '../codegen/emit.ts';
import { checkProgram, formatDiagnostic, stdlibRoot, type Diagnostic } from '../index.ts';
import { lowerProgram } from '../lower/program.ts';
import { optimize } from '../opt/index.ts';
import { dropUnreachable } from '../opt/reach.ts';

export type Arch = 'x86' | 'arm';

const VERIFY_PASSES = !!process.env.SHOAL_VERIFY_IR;

export interface CompileOptions {
  files: string[];
  arch: Arch;
  /** extra module search roots; the main file's directory and the stdlib are always searched */
  roots?: string[];
}

export interface CompileResult {
  object?: ObjectFile;
  /** the generated assembly, for --emit-asm and debugging */
  asm?: string;
  diagnostics: Diagnostic[];
  /** formatted `path:line:col: severity: message` lines */
  messages: string[];
}

export function compileFin(opts: CompileOptions): CompileResult {
  // the stdlib root first (the language reference's rule), then the main files' folders, then -I
  const roots = [...new Set([stdlibRoot(), ...opts.files.map((f) => dirname(f)), ...(opts.roots ?? [])])];
  const checked = checkProgram({ mainFiles: opts.files, roots, arch: opts.arch });
  const messages = checked.diagnostics.map(formatDiagnostic);
  if (!checked.program) return { diagnostics: checked.diagnostics, messages };
  // the lowered module is ours alone: optimise it in place; verifying after every IR pass is for
  // debugging the optimiser (emitAsm still verifies each function it is given)
  const prog = checked.program;
  // What assembly beside the program may name: main and every pub symbol of the program's own
  // modules. The standard library contributes only what the program reaches (docs/fin.md).
  const stdlib = stdlibRoot();
  const symbolRoots = ['main', ...prog.modules.filter((m) => !m.path.startsWith(stdlib)).flatMap((m) =>
    [...m.functions, ...m.globals].filter((d) => d.pub).map((d) => d.linkName))];
  const ir = optimize(dropUnreachable(lowerProgram(prog, opts.files[0]), symbolRoots), { inPlace: true, verify: VERIFY_PASSES });
  const asm = emitAsm(ir, opts.arch);
  try {
    const object = assemble(asm, opts.arch, `${opts.files[0]}.s`);
    return { object, asm, diagnostics: checked.diagnostics, messages };
  } catch (e) {
    // generated assembly the assembler rejects is a compiler bug; say so plainly
    if (e instanceof AsmError) throw new Error(`internal compiler error: generated assembly rejected:\n${e.message}`);
    throw e;
  }
}

const RUNTIME = fileURLToPath(new URL('../../../stdlib/rt/', import.meta.url));

/** The bare-metal start-up object of a personality. */
export function runtimeObject(arch: Arch): ObjectFile {
  const path = `${RUNTIME}start.${arch}.s`;
  return assemble(readFileSync(path, 'utf8'), arch, path);
}

export function finExecutable(object: ObjectFile, arch: Arch, extra: ObjectFile[] = []): Executable {
  return link([runtimeObject(arch), object, ...extra]);
}

export { stdlibRoot };
