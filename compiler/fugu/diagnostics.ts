// Diagnostics of the Fugu compiler. Every diagnostic is listed ONCE in DIAGNOSTICS with a stable
// code (F = Fugu) and a kebab-case name; callers and tests branch on `code` or `name`, the
// message is prose and may change. docs/errors.md lists every code (a test checks it).

interface DiagSpec {
  readonly code: string;
  /** one line for the docs */
  readonly summary: string;
}

export const DIAGNOSTICS = {
  // --- reading and syntax (F00xx) ---
  'file-not-found': { code: 'F0001', summary: 'the .fugu file cannot be read' },
  'syntax-error': { code: 'F0002', summary: 'the text is not Fugu: the message says what was expected' },
  'bad-escape': { code: 'F0003', summary: 'a string escape naming a character beyond U+10FFFF' },
  'nesting-too-deep': { code: 'F0004', summary: 'comments nest too deeply to parse' },

  // --- meaning (F01xx) ---
  'duplicate-name': { code: 'F0100', summary: 'two codes with the same full name (prefix + acronym); the original tool emitted both' },
  'duplicate-default': { code: 'F0101', summary: 'a second `default success`: both would be code 0' },
  'nul-in-message': { code: 'F0102', summary: 'a message containing a NUL character, which ends a C or Fin string early' },

  // --- generating code (F02xx) ---
  'unusable-name': { code: 'F0200', summary: 'a full name that cannot be a TypeScript or Fin identifier (an apostrophe, a non-ASCII letter, a keyword, or a name the generated helpers use)' },
} as const satisfies Record<string, DiagSpec>;

export type DiagName = keyof typeof DIAGNOSTICS;

/** A source position, both 1-based; columns count characters. */
export interface Loc {
  line: number;
  col: number;
}

export interface Diagnostic {
  /** stable code from DIAGNOSTICS, e.g. `F0100` */
  code: string;
  name: DiagName;
  path: string;
  line: number;
  col: number;
  message: string;
}

export function diagnostic(name: DiagName, path: string, at: Loc, message: string): Diagnostic {
  return { code: DIAGNOSTICS[name].code, name, path, line: at.line, col: at.col, message };
}

/** `path:line:col: error: message` — every Fugu diagnostic is an error. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}:${d.col}: error: ${d.message}`;
}
