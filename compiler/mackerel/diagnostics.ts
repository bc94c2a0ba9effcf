// Every diagnostic Mackerel can report, ONCE, with a stable code. Tests and tools branch on the
// code (or the name); the message is prose and may change. `docs/mackerel.md` lists the table
// (a test checks every code is documented).
import type { Position } from './lexer.ts';

export const MACKEREL_DIAGNOSTICS = {
  'syntax': { code: 'M0001', summary: 'the text does not follow the grammar (includes bad characters and literals)' },
  'unterminated-comment': { code: 'M0002', summary: 'a `/*` comment without its matching `*/` (comments nest)' },
  'file-unreadable': { code: 'M0003', summary: 'the .dev file (or an imported one) cannot be read' },
  'import-not-found': { code: 'M0004', summary: '`import x;` finds no x.dev in the file\'s folder, its parent or a -I root' },
  'import-cycle': { code: 'M0005', summary: 'a device imports itself, directly or through others' },
  'name-mismatch': { code: 'M0100', summary: 'the device name differs from the file\'s base name (case-sensitive)' },
  'unusual-register-size': { code: 'M0101', summary: 'a register type that is not 8, 16, 32 or 64 bits wide (fields do not fill the width), or a constants type without width() used as a register type' },
  'unusual-data-size': { code: 'M0102', summary: 'a datatype whose fields do not total 8, 16, 32, 64, 96, 128, 160, 224, 256, 384 or 512 bits' },
  'undefined-field-type': { code: 'M0103', summary: 'a field `type(x)` that names no constants declaration' },
  'undefined-register-type': { code: 'M0104', summary: 'a register `type(x)` that names no type' },
  'duplicate-type': { code: 'M0105', summary: 'two types (regtype, datatype, constants, implicit register types) with one name' },
  'duplicate-register': { code: 'M0106', summary: 'two registers with one name' },
  'duplicate-constant': { code: 'M0107', summary: 'two constant values with one name anywhere in the device' },
  'overlap': { code: 'M0108', summary: 'two registers (neither declared `also`) share an address in the same space and base' },
  'undefined-space': { code: 'M0109', summary: 'a register in an address space that is not declared' },
  'bad-value': { code: 'M0110', summary: 'a number out of range for its use (width, offset, count) or a constant expression that cannot be evaluated' },
  'port-space-on-arm': { code: 'M0200', summary: 'Fin for a device with an `io` space requested for arm, which has no port I/O' },
} as const;

export type MackerelDiagName = keyof typeof MACKEREL_DIAGNOSTICS;

export interface MackerelDiagnostic {
  name: MackerelDiagName;
  code: string;
  file: string;
  pos: Position;
  message: string;
}

export const diag = (name: MackerelDiagName, file: string, pos: Position, message: string): MackerelDiagnostic =>
  ({ name, code: MACKEREL_DIAGNOSTICS[name].code, file, pos, message });

/** `path:line:col: error: message`, the form every shoal compiler prints. */
export const formatDiagnostic = (d: MackerelDiagnostic): string =>
  `${d.file}:${d.pos.line}:${d.pos.col}: error: ${d.message}`;
