// Diagnostics of the Flounder compiler. Every diagnostic is listed ONCE here with a stable code;
// tests branch on `code`, and `message` is prose that may change. docs/flounder.md lists the
// codes (a test checks every code appears there).

export const FLOUNDER_DIAGNOSTICS = {
  // --- reading and syntax (F00xx) ---
  'file-unreadable': { code: 'F0001', summary: 'an interface or import file cannot be read' },
  'syntax-error': { code: 'F0002', summary: 'the text does not follow the Flounder grammar' },
  'unterminated-comment': { code: 'F0003', summary: 'a `/*` comment (comments nest) without its `*/`' },
  'bad-escape': { code: 'F0004', summary: 'an unknown or out-of-range escape in a string literal' },
  'number-too-large': { code: 'F0005', summary: 'an integer literal beyond 32 bits' },
  'nesting-too-deep': { code: 'F0006', summary: 'text the parser cannot take apart without exhausting its stack' },
  // --- interface structure (F01xx) ---
  'name-mismatch': { code: 'F0100', summary: 'the interface name differs from the file base name' },
  'decl-after-message': { code: 'F0101', summary: 'an alias or typedef after the first message or rpc' },
  'no-messages': { code: 'F0102', summary: 'an interface without any message or rpc' },
  'too-many-messages': { code: 'F0103', summary: 'more messages than the 15-bit wire message number holds' },
  'message-too-large': { code: 'F0104', summary: 'a message whose declared maxima can need more transport messages than a fragment index counts' },
  // --- names and types (F02xx) ---
  'unknown-type': { code: 'F0200', summary: 'a type name that is neither builtin nor declared before' },
  'duplicate-type': { code: 'F0201', summary: 'a typedef or alias declared twice with different meanings' },
  'duplicate-message': { code: 'F0202', summary: 'two messages with one name (an rpc `r` also takes `r_call` and `r_response`)' },
  'duplicate-argument': { code: 'F0203', summary: 'two arguments of one message with one name (dynamic array lengths included)' },
  'duplicate-member': { code: 'F0204', summary: 'a struct field or enum member declared twice' },
  'alias-not-builtin': { code: 'F0205', summary: '`alias NEW OLD` where OLD is not a builtin type' },
  'dynamic-array-element': { code: 'F0207', summary: 'a dynamic array whose element type is not uint8, int8 or char' },
  'string-without-max': { code: 'F0208', summary: 'a `String` argument without `[max]`' },
  'bad-size': { code: 'F0209', summary: 'a fixed array length or maximum size that is zero, negative or too large' },
  'recursive-type': { code: 'F0210', summary: 'a typedef that refers to itself' },
} as const;

export type FlounderDiagName = keyof typeof FLOUNDER_DIAGNOSTICS;

export interface FlounderDiagnostic {
  name: FlounderDiagName;
  code: string;
  path: string;
  line: number;
  col: number;
  message: string;
}

export const formatDiagnostic = (d: FlounderDiagnostic): string => `${d.path}:${d.line}:${d.col}: error: ${d.message}`;

/** Offset → 1-based line and column. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  loc(offset: number): { line: number; col: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
}

/** Collects located diagnostics for one file. */
export class Diags {
  readonly list: FlounderDiagnostic[] = [];
  private readonly lines: LineMap;
  constructor(readonly path: string, text: string) { this.lines = new LineMap(text); }
  loc(at: number) { return this.lines.loc(at); }
  error(name: FlounderDiagName, at: number, message: string): void {
    this.errorAt(name, this.lines.loc(at), message);
  }
  /** The same, at a line and column already worked out (from the model). */
  errorAt(name: FlounderDiagName, loc: { line: number; col: number }, message: string): void {
    this.list.push({ name, code: FLOUNDER_DIAGNOSTICS[name].code, path: this.path, line: loc.line, col: loc.col, message });
  }
}
