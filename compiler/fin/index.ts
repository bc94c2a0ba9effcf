// The Fin front end's public API.
//
//   checkProgram({ mainFiles, roots, arch, readFile? }) → { program?, diagnostics }
//
// `roots` are the module search roots in order — pass the stdlib root first (stdlibRoot() gives
// the repository's `stdlib/`). `readFile` returns a file's text or undefined (default: the file
// system). `program` is present exactly when there are no errors (warnings allowed); its shape is
// documented in checked.ts. Diagnostics are data with stable codes (diagnostics.ts,
// docs/fin-diagnostics.md); formatDiagnostic prints `path:line:col: error: message`.
// Nothing here throws: a bug in the compiler becomes an E9999 internal-error diagnostic.
import { fileURLToPath } from 'node:url';
import type { Arch, CheckedProgram } from './checked.ts';
import { DiagSink, makeDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { loadModules, type ReadFile } from './modules.ts';
import { checkModules } from './check.ts';

export interface CheckOptions {
  mainFiles: string[];
  roots: string[];
  arch: Arch;
  readFile?: ReadFile;
}

export interface CheckResult {
  program?: CheckedProgram;
  diagnostics: Diagnostic[];
}

export function checkProgram(opts: CheckOptions): CheckResult {
  const diags = new DiagSink();
  try {
    const modules = loadModules(opts, diags);
    // Syntax errors or missing modules would only cause a cascade of follow-on errors.
    if (diags.errorCount > 0) return { diagnostics: sortDiagnostics(diags.list) };
    const program = checkModules(modules, opts.arch, diags);
    const diagnostics = sortDiagnostics(diags.list);
    return diags.errorCount > 0 ? { diagnostics } : { program, diagnostics };
  } catch (e) {
    const where = opts.mainFiles[0] ?? '<input>';
    const msg = e instanceof RangeError ? 'the program nests too deeply to be checked' : `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
    const name = e instanceof RangeError ? 'nesting-too-deep' : 'internal-error';
    diags.muted = 0;
    diags.list.push(makeDiagnostic(name, where, { line: 1, col: 1 }, msg));
    return { diagnostics: sortDiagnostics(diags.list) };
  }
}

/** The repository's `stdlib/` directory, the first search root of a normal compile. */
export function stdlibRoot(): string {
  return fileURLToPath(new URL('../../stdlib/', import.meta.url));
}

export { formatDiagnostic, DIAGNOSTICS, type Diagnostic, type DiagName, type Severity, type Span } from './diagnostics.ts';
export { parseSource } from './parse.ts';
export type * from './checked.ts';
export type * from './types.ts';
export * as types from './types.ts';
export { sizeOf, alignOf } from './layout.ts';
export { INTRINSICS } from './intrinsics.ts';
export { dumpProgram, dumpFunction } from './dump.ts';
