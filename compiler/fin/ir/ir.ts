// Fin's intermediate representation: what the checker's typed AST is lowered into, and what
// each personality's code generator reads. Functions of basic blocks over virtual registers
// holding 32-bit words; memory widths and signedness live on loads, stores and extensions,
// so the IR knows nothing of Fin's types beyond that. Every value is an int32 (pointers,
// bools and enums included); bool is 0 or 1.
//
// Invariants a producer must keep (irVerify checks them):
// - every block ends in exactly one terminator; block 0 is the entry;
// - a vreg is defined before use on every path (the lowering defines each vreg once, except
//   vregs of local variables, which it assigns with 'copy' and may redefine);
// - vreg numbers are < fn.nvregs; slot numbers are < fn.slots.length;
// - call arguments are vregs; immediates appear only where an operand is `Operand`.

export type VReg = number;
/** A source operand: a virtual register or a 32-bit immediate. */
export type Operand = { r: VReg } | { imm: number };

export type BinKind = 'add' | 'sub' | 'mul' | 'udiv' | 'sdiv' | 'urem' | 'srem' | 'and' | 'or' | 'xor' | 'shl' | 'shr' | 'sar';
export type CmpKind = 'eq' | 'ne' | 'slt' | 'sle' | 'sgt' | 'sge' | 'ult' | 'ule' | 'ugt' | 'uge';
export type ExtKind = 'sext8' | 'sext16' | 'zext8' | 'zext16';
export type Width = 1 | 2 | 4;

/** Intrinsics the backends implement (names as in Fin without the @). */
export type IntrinsicName =
  | 'mmio_read8' | 'mmio_read16' | 'mmio_read32' | 'mmio_write8' | 'mmio_write16' | 'mmio_write32'
  | 'port_in8' | 'port_in16' | 'port_in32' | 'port_out8' | 'port_out16' | 'port_out32'
  | 'irq_enable' | 'irq_disable' | 'halt' | 'wait_for_interrupt' | 'core_id' | 'cycles' | 'syscall' | 'trap';

export type Inst =
  | { op: 'const'; dst: VReg; value: number }
  /** address of a global symbol (global variable, string literal, function) plus an offset */
  | { op: 'addr'; dst: VReg; symbol: string; offset: number }
  /** address of a stack slot plus an offset */
  | { op: 'slot'; dst: VReg; slot: number; offset: number }
  | { op: 'copy'; dst: VReg; src: Operand }
  | { op: 'bin'; kind: BinKind; dst: VReg; a: VReg; b: Operand }
  | { op: 'neg' | 'not'; dst: VReg; a: VReg }
  /** dst = (a cmp b) ? 1 : 0 */
  | { op: 'cmp'; kind: CmpKind; dst: VReg; a: VReg; b: Operand }
  | { op: 'ext'; kind: ExtKind; dst: VReg; a: VReg }
  | { op: 'load'; width: Width; signed: boolean; dst: VReg; addr: VReg; offset: number }
  | { op: 'store'; width: Width; src: Operand; addr: VReg; offset: number }
  /** call a named function or a function pointer; args in order; dst gets the result word */
  | { op: 'call'; dst: VReg | null; target: { symbol: string } | { r: VReg }; args: VReg[] }
  | { op: 'intrinsic'; name: IntrinsicName; dst: VReg | null; args: Operand[] }
  /** fault with `bounds` unless index <u length */
  | { op: 'bounds'; index: VReg; length: Operand }
  /** copy `size` bytes between non-overlapping addresses (struct and array assignment) */
  | { op: 'memcpy'; dst: VReg; src: VReg; size: number }
  /** record the source position of what follows (line table) */
  | { op: 'loc'; file: string; line: number; col: number };

export type Terminator =
  | { op: 'jmp'; target: number }
  /** branch on (a cmp b) */
  | { op: 'br'; kind: CmpKind; a: VReg; b: Operand; then: number; else: number }
  | { op: 'ret'; value: Operand | null }
  /** never falls through (after a trap, or the end of a function proven unreachable) */
  | { op: 'unreachable' };

export interface Block { id: number; insts: Inst[]; term: Terminator }

export interface Slot { size: number; align: number }

export interface IrFunction {
  name: string;
  /** visible to other objects (pub, main, or address taken across modules) */
  global: boolean;
  /** one vreg per parameter word, in order */
  params: VReg[];
  /** does the function return a value (in the return register) */
  returnsValue: boolean;
  nvregs: number;
  /** stack memory: locals whose address is taken, arrays, structs */
  slots: Slot[];
  blocks: Block[];
  /** source file, for diagnostics and the line table */
  file: string;
}

export type DataItem =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'word'; value: number }
  /** a 32-bit word holding symbol + offset (pointer initialisers) */
  | { kind: 'symbol'; symbol: string; offset: number }
  | { kind: 'zero'; size: number };

export interface IrGlobal {
  name: string;
  global: boolean;
  align: number;
  size: number;
  /** read-only data (string literals, consts with addresses taken) */
  readonly: boolean;
  /** absent: zero-initialised (bss) */
  init?: DataItem[];
}

export interface IrModule {
  /** object-level name, for messages */
  name: string;
  functions: IrFunction[];
  globals: IrGlobal[];
  /** functions defined elsewhere (extern fn, other modules) */
  externs: string[];
}
