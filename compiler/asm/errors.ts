// Diagnostics of the assemblers. Callers branch on `code`, which is part of the public contract;
// `message` is for humans. An assembly that fails throws one AsmError carrying every diagnostic
// found in the file (the assembler keeps going after an error wherever it sensibly can).

export type AsmErrorCode =
  | 'syntax'            // malformed line: bad character, unterminated string, stray tokens
  | 'bad-number'        // numeric literal malformed or wider than 32 bits
  | 'unknown-mnemonic'
  | 'bad-operand'       // operands that match no form of the mnemonic
  | 'bad-register'      // a name used where a register is required that is not one
  | 'imm-range'         // immediate or data value outside what the field holds
  | 'branch-range'      // branch target too far for the encoding (or misaligned on arm)
  | 'undefined-symbol'  // a symbol that must be defined here (constant contexts, local labels)
  | 'duplicate-label'   // a label or constant defined twice
  | 'bad-label'         // a label or constant named like a register or otherwise unusable
  | 'bad-directive'     // unknown directive, or a directive used wrongly
  | 'bad-expression'    // an expression that cannot be computed or relocated
  | 'not-constant'      // an expression that must be a constant (known at that point) is not
  | 'misaligned'        // an arm instruction at an offset that is not a multiple of 4
  | 'internal';         // a bug in the assembler, reported rather than thrown

export interface Diagnostic {
  path: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  code: AsmErrorCode;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}:${d.col}: error: ${d.message}`;
}

export class AsmError extends Error {
  override readonly name = 'AsmError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }

  /** code of the first diagnostic */
  get code(): AsmErrorCode {
    return this.diagnostics[0]?.code ?? 'internal';
  }
}

/** Raised inside the assembler for one problem at a column of the current line; the driver
 *  turns it into a Diagnostic and moves on to the next statement. Never escapes assemble(). */
export class LineError extends Error {
  constructor(readonly code: AsmErrorCode, readonly col: number, message: string) {
    super(message);
  }
}

export function fail(code: AsmErrorCode, col: number, message: string): never {
  throw new LineError(code, col, message);
}
