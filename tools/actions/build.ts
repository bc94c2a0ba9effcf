// Turning files into objects and executables: the steps `asm`, `link` and `exec` share.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { assemble, AsmError } from '../../compiler/asm/index.ts';
import { isElf, link, LinkError, readExecutable, readObject, type Executable, type ObjectFile } from '../../compiler/link/index.ts';
import type { Personality } from '../../vm/isa/table.ts';

/** A failure that already carries its user-facing lines. */
export class BuildError extends Error {
  constructor(readonly lines: string[], readonly code = 1) { super(lines.join('\n')); }
}

export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new BuildError([`${path}: error: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
}

/** Assemble a source file, or read an ELF object. */
export function objectFrom(path: string, arch: Personality | undefined): ObjectFile {
  const bytes = readInput(path);
  if (isElf(bytes)) return guard(() => readObject(bytes, path));
  if (!arch) throw new BuildError([`${path}: error: --arch x86|arm is required to assemble`]);
  return guard(() => assemble(Buffer.from(bytes).toString('utf8'), arch, path));
}

/** An executable from an ELF executable, or from sources/objects linked at `base`. */
export function executableFrom(paths: string[], arch: Personality | undefined, opts: { entry?: string; base?: number } = {}): Executable {
  if (paths.length === 1 && extname(paths[0]) !== '.s') {
    const bytes = readInput(paths[0]);
    if (isElf(bytes) && bytes[16] === 2) return guard(() => readExecutable(bytes, paths[0]));
  }
  const objects = paths.map((p) => objectFrom(p, arch));
  return guard(() => link(objects, { ...opts, paths }));
}

export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AsmError) throw new BuildError(e.diagnostics.map((d) => `${d.path}:${d.line}:${d.col}: error: ${d.message}`));
    if (e instanceof LinkError) throw new BuildError([`error: ${e.message}`]);
    throw e;
  }
}
