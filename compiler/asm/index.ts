// The shoal assemblers and disassemblers (x86 and arm personalities).
export { assemble } from './assemble.ts';
export { AsmError, formatDiagnostic, type AsmErrorCode, type Diagnostic } from './errors.ts';
export { disassemble, formatInstr, type DisasmLine } from './disasm.ts';
