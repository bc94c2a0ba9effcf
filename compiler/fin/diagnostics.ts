// Diagnostics of the Fin front end. Every diagnostic the compiler can produce is listed ONCE in
// DIAGNOSTICS below, with a stable code (E = error, W = warning) and a kebab-case name. Callers
// and tests branch on `code` (or `name`); `message` is prose for humans and may change.
// ORDER: keep docs/fin-diagnostics.md in sync with this table (a test checks every code is there).

export type Severity = 'error' | 'warning';

interface DiagSpec {
  readonly code: string;
  readonly severity: Severity;
  /** one line for the docs */
  readonly summary: string;
}

export const DIAGNOSTICS = {
  // --- lexical and syntax (E00xx) ---
  'unexpected-token': { code: 'E0001', severity: 'error', summary: 'the parser found a token it cannot use here' },
  'unexpected-character': { code: 'E0002', severity: 'error', summary: 'a character that starts no token' },
  'unterminated-string': { code: 'E0003', severity: 'error', summary: 'a string literal without its closing quote on the same line' },
  'bad-char-literal': { code: 'E0004', severity: 'error', summary: "a character literal that is unterminated or not exactly one byte" },
  'bad-escape': { code: 'E0005', severity: 'error', summary: 'an unknown or malformed escape sequence' },
  'unterminated-comment': { code: 'E0006', severity: 'error', summary: 'a `/*` comment without its `*/`' },
  'bad-number': { code: 'E0007', severity: 'error', summary: 'a malformed integer literal (bad digit, missing digits)' },
  'chained-comparison': { code: 'E0008', severity: 'error', summary: 'comparisons are non-associative: `a < b < c` needs parentheses' },
  'nesting-too-deep': { code: 'E0009', severity: 'error', summary: 'the source nests too deeply to parse' },
  'missing-body': { code: 'E0010', severity: 'error', summary: 'a function without a body that is not `extern`' },
  'extern-with-body': { code: 'E0011', severity: 'error', summary: 'an `extern fn` with a body' },
  'misplaced-module-decl': { code: 'E0012', severity: 'error', summary: '`module` declaration that is not the first item of the file' },

  // --- modules (E01xx) ---
  'module-not-found': { code: 'E0100', severity: 'error', summary: 'an imported module has no file under any search root' },
  'module-name-mismatch': { code: 'E0101', severity: 'error', summary: "a file's `module` declaration differs from the path it was imported by" },
  'duplicate-module': { code: 'E0102', severity: 'error', summary: 'two files claim the same module name' },
  'file-not-found': { code: 'E0103', severity: 'error', summary: 'a main file cannot be read' },
  'not-exported': { code: 'E0104', severity: 'error', summary: 'a name used from another module is not `pub`' },
  'unknown-member': { code: 'E0105', severity: 'error', summary: 'a module has no declaration of that name' },
  'module-not-value': { code: 'E0106', severity: 'error', summary: 'a module name used where a value or type is needed' },

  // --- names and declarations (E02xx) ---
  'undefined-name': { code: 'E0200', severity: 'error', summary: 'a name that is not declared in scope' },
  'duplicate-definition': { code: 'E0201', severity: 'error', summary: 'a name declared twice in the same scope (or a builtin type redefined)' },
  'not-a-type': { code: 'E0202', severity: 'error', summary: 'a value name used where a type is needed' },
  'not-a-value': { code: 'E0203', severity: 'error', summary: 'a type name used where a value is needed' },
  'recursive-type': { code: 'E0204', severity: 'error', summary: 'a struct that contains itself by value, or a type alias cycle' },
  'unknown-field': { code: 'E0205', severity: 'error', summary: 'a struct has no field of that name' },
  'unknown-enum-member': { code: 'E0206', severity: 'error', summary: 'an enum has no member of that name' },
  'duplicate-field': { code: 'E0207', severity: 'error', summary: 'a struct field or enum member declared twice' },
  'invalid-type': { code: 'E0208', severity: 'error', summary: 'a type used where it is not allowed (void storage, bad enum base, bad array size)' },

  // --- types and expressions (E03xx) ---
  'type-mismatch': { code: 'E0300', severity: 'error', summary: 'a value of one type where another is required' },
  'literal-out-of-range': { code: 'E0301', severity: 'error', summary: 'an integer literal that does not fit the type its context gives it' },
  'invalid-operands': { code: 'E0302', severity: 'error', summary: 'an operator applied to types it does not accept' },
  'invalid-cast': { code: 'E0303', severity: 'error', summary: 'an `as` conversion the language does not allow' },
  'not-an-lvalue': { code: 'E0304', severity: 'error', summary: 'assignment to, or address of, something that is not a place' },
  'assign-to-const': { code: 'E0305', severity: 'error', summary: 'assignment to a constant or a `for` loop variable' },
  'not-a-pointer': { code: 'E0306', severity: 'error', summary: '`*p` on a value that is not a pointer' },
  'not-indexable': { code: 'E0307', severity: 'error', summary: '`a[i]` on a value that is neither an array nor a pointer, or a non-integer index' },
  'not-callable': { code: 'E0308', severity: 'error', summary: 'a call of something that is not a function' },
  'wrong-arg-count': { code: 'E0309', severity: 'error', summary: 'a call with the wrong number of arguments' },
  'no-fields': { code: 'E0310', severity: 'error', summary: '`.f` on a value that is not a struct or a pointer to one' },
  'void-value': { code: 'E0311', severity: 'error', summary: 'the result of a void function used as a value' },
  'null-without-type': { code: 'E0312', severity: 'error', summary: '`null` where no pointer type is known' },
  'useless-statement': { code: 'E0313', severity: 'error', summary: 'an expression statement that is not a call' },
  'cannot-infer': { code: 'E0314', severity: 'error', summary: 'a declaration with neither a type nor an initialiser' },

  // --- control flow (E04xx) ---
  'break-outside-loop': { code: 'E0400', severity: 'error', summary: '`break` not inside a loop (a switch alone does not count)' },
  'continue-outside-loop': { code: 'E0401', severity: 'error', summary: '`continue` not inside a loop' },
  'missing-return': { code: 'E0402', severity: 'error', summary: 'a non-void function whose end can be reached' },
  'return-mismatch': { code: 'E0403', severity: 'error', summary: '`return;` in a non-void function or `return x;` in a void one' },
  'duplicate-case': { code: 'E0404', severity: 'error', summary: 'two switch cases with the same value, or two `default`s' },
  'invalid-switch': { code: 'E0405', severity: 'error', summary: 'a switch over a value that is not an integer or an enum' },

  // --- constants (E05xx) ---
  'not-constant': { code: 'E0500', severity: 'error', summary: 'an expression that must be a compile-time constant is not' },
  'const-division-by-zero': { code: 'E0501', severity: 'error', summary: 'division or remainder by zero in a constant expression' },
  'const-cycle': { code: 'E0502', severity: 'error', summary: 'a constant whose value depends on itself' },

  // --- intrinsics (E06xx) ---
  'unknown-intrinsic': { code: 'E0600', severity: 'error', summary: 'an `@name` that is not an intrinsic' },
  'intrinsic-wrong-arch': { code: 'E0601', severity: 'error', summary: 'an intrinsic that does not exist on the target personality (`@port_*` on arm)' },
  'bad-intrinsic-args': { code: 'E0602', severity: 'error', summary: 'an intrinsic called with the wrong number or kind of arguments' },

  // --- warnings (W00xx) ---
  'unused-variable': { code: 'W0001', severity: 'warning', summary: 'a local `var`/`const` that is never read (names starting with `_` are exempt)' },

  // --- the compiler itself (E99xx) ---
  'internal-error': { code: 'E9999', severity: 'error', summary: 'a bug in the compiler, reported instead of thrown' },
} as const satisfies Record<string, DiagSpec>;

export type DiagName = keyof typeof DIAGNOSTICS;

export interface Diagnostic {
  /** stable code from DIAGNOSTICS, e.g. `E0300` */
  code: string;
  /** the table's name for the code, e.g. `type-mismatch` */
  name: DiagName;
  severity: Severity;
  path: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  message: string;
}

/** A source position: the start of a node or token. Both 1-based. */
export interface Span {
  line: number;
  col: number;
}

/** `path:line:col: error: message` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

export function makeDiagnostic(name: DiagName, path: string, at: Span, message: string): Diagnostic {
  const spec = DIAGNOSTICS[name];
  return { code: spec.code, name, severity: spec.severity, path, line: at.line, col: at.col, message };
}

/** Collects diagnostics. `muted > 0` drops them: the checker mutes itself while it walks a branch
 *  that an `if` on a compile-time constant (e.g. `@is_arch`) drops. */
export class DiagSink {
  readonly list: Diagnostic[] = [];
  muted = 0;

  report(name: DiagName, path: string, at: Span, message: string): void {
    if (this.muted > 0) return;
    this.list.push(makeDiagnostic(name, path, at, message));
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.list) if (d.severity === 'error') n++;
    return n;
  }
}

/** Sorts by path, then position, keeping the report order of equal positions. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort((a, b) =>
      a.d.path < b.d.path ? -1 : a.d.path > b.d.path ? 1 : a.d.line - b.d.line || a.d.col - b.d.col || a.i - b.i)
    .map((x) => x.d);
}
