// Diagnostics of Hake. Every diagnostic Hake can produce is listed ONCE here, with a stable code
// (H + number) and a kebab-case name; callers and tests branch on `code`, `message` is prose.
// ORDER: keep the table in docs/hake.md in sync (a test checks every code is listed there).

interface DiagSpec {
  readonly code: string;
  /** one line for the docs */
  readonly summary: string;
}

export const HAKE_DIAGNOSTICS = {
  // --- Hakefile syntax (H00xx) ---
  'syntax': { code: 'H0001', summary: 'the Hakefile is not an expression of the supported Haskell subset' },
  'unsupported-syntax': { code: 'H0002', summary: 'valid Haskell that shoal\'s Hake does not evaluate (e.g. `do`, `data`)' },
  // --- evaluation (H01xx) ---
  'unknown-name': { code: 'H0100', summary: 'a name that is neither bound in the Hakefile nor a Hake builtin' },
  'type-error': { code: 'H0101', summary: 'a value of the wrong kind (e.g. a number where a list is needed)' },
  'no-match': { code: 'H0102', summary: 'no clause of a function or `case` matches the value' },
  'self-reference': { code: 'H0103', summary: 'a `let` binding whose value needs itself' },
  'unknown-field': { code: 'H0104', summary: 'a record field Hake does not know' },
  'unsupported-field': { code: 'H0105', summary: 'a Barrelfish record field shoal does not support (e.g. `cFiles`: shoal has no C compiler)' },
  'not-a-rule': { code: 'H0106', summary: 'an element of the Hakefile\'s list that is not a `build …` record' },
  'bad-architecture': { code: 'H0107', summary: 'an architecture other than `x86` and `arm`' },
  'missing-field': { code: 'H0108', summary: 'a record without a field it needs (`target`, `machine`, `kernel`)' },
  'too-deep': { code: 'H0109', summary: 'evaluation recursed too deeply (probably unbounded recursion)' },
  // --- the build graph (H02xx) ---
  'missing-input': { code: 'H0200', summary: 'a source file a rule names does not exist' },
  'unknown-library': { code: 'H0201', summary: '`addLibraries` names a library no Hakefile builds for that architecture' },
  'library-cycle': { code: 'H0202', summary: 'libraries that depend on each other in a cycle' },
  'duplicate-target': { code: 'H0203', summary: 'two rules build the same target for the same architecture' },
  'unknown-target': { code: 'H0204', summary: 'a target, kernel or module name no Hakefile builds' },
  'unknown-machine': { code: 'H0205', summary: 'a machine name that is not a preset, or has no boot image' },
  'missing-definition': { code: 'H0207', summary: 'an interface, device or error file named by a rule that does not exist' },
  // --- running steps (H03xx) ---
  'io': { code: 'H0302', summary: 'a file that cannot be read or written' },
} as const satisfies Record<string, DiagSpec>;

export type HakeDiagName = keyof typeof HAKE_DIAGNOSTICS;

export interface Loc { line: number; col: number }

export interface HakeDiagnostic {
  code: string;
  name: HakeDiagName;
  /** the Hakefile (or source) the problem is in, as given to Hake */
  file: string;
  line: number;
  col: number;
  message: string;
}

export function hakeDiag(name: HakeDiagName, file: string, at: Loc, message: string): HakeDiagnostic {
  return { code: HAKE_DIAGNOSTICS[name].code, name, file, line: at.line, col: at.col, message };
}

export function formatHakeDiag(d: HakeDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: error: ${d.message}`;
}

/** Carries a diagnostic out of deep evaluation; caught at the Hakefile boundary, never escapes Hake. */
export class HakeFailure extends Error {
  constructor(readonly diag: HakeDiagnostic) { super(diag.message); }
}
