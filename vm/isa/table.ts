// The one instruction table of shoal. Every operation is defined once here: its name, its
// semantics class, its cycle cost class, and the assembly forms each personality gives it.
// The internal micro-ops (uops.ts), both personalities' encoders/decoders (x86.ts, arm.ts),
// the assemblers, the disassemblers and the interpreter's cases (generated into
// vm/core/interp.generated.ts by tools/gen.ts) are all derived from these rows.
//
// Order matters only for encodings: opcode numbers are assigned by walking this table, so
// appending rows keeps old objects decodable; reordering changes every encoding (and the
// generated interpreter, which a test keeps in step).

/** Cycle cost classes; the cost model (COST) turns them into cycles charged per instruction. */
export type CostClass = 'alu' | 'mul' | 'div' | 'mem' | 'branch' | 'sys' | 'io';
export const COST: Readonly<Record<CostClass, number>> = {
  alu: 1, mul: 3, div: 12, mem: 2, branch: 1, sys: 8, io: 20,
};

/**
 * Operand kinds of an assembly form.
 * r: register; i: immediate (width from the form); m: x86 memory [base + index*scale + disp];
 * mo: arm memory [rn, #off]; mx: arm memory [rn, rm, lsl #s]; rel: branch target;
 * sr: system register name; rl: arm register list; cond: a condition (arm cset); cpsr: the word cpsr.
 */
export type ArgKind = 'r' | 'i8' | 'u8' | 'i16' | 'u16' | 'u5' | 'i32' | 'm' | 'mo' | 'mx' | 'rel' | 'sr' | 'rl' | 'cond' | 'cpsr';

/**
 * How an instruction's operands fill the uop fields. Slot fields: a, b, c (registers or small
 * values), d (32-bit immediate or displacement), e (shift count of a memory index).
 * Shapes are the engine's operand patterns; the generator writes one interpreter case per
 * (operation, shape, flag-setting) combination a personality actually uses.
 */
export type Shape =
  | 'rrr'   // a = b op c
  | 'rri'   // a = b op d
  | 'rm'    // a = a op mem          (x86)
  | 'mr'    // mem = mem op a        (x86)
  | 'mi'    // mem = mem op a(imm)   (x86)
  | 'none';

/** Conditions. The first ten mean the same on both personalities; the carry-based four are
 *  per personality because x86's CF is a borrow after a subtract while arm's C is its inverse. */
export const CONDS = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'mi', 'pl', 'vs', 'vc', 'x86b', 'x86ae', 'x86be', 'x86a', 'armlo', 'armhs', 'armls', 'armhi'] as const;
export type Cond = (typeof CONDS)[number];
/** Assembly spelling of each personality's conditional branches, mapped to the engine's conditions. */
export const X86_CONDS: Readonly<Record<string, Cond>> = {
  e: 'eq', z: 'eq', ne: 'ne', nz: 'ne', l: 'lt', ge: 'ge', le: 'le', g: 'gt', s: 'mi', ns: 'pl',
  o: 'vs', no: 'vc', b: 'x86b', c: 'x86b', nae: 'x86b', ae: 'x86ae', nb: 'x86ae', nc: 'x86ae', be: 'x86be', a: 'x86a',
};
export const ARM_CONDS: Readonly<Record<string, Cond>> = {
  eq: 'eq', ne: 'ne', lt: 'lt', ge: 'ge', le: 'le', gt: 'gt', mi: 'mi', pl: 'pl', vs: 'vs', vc: 'vc',
  lo: 'armlo', cc: 'armlo', hs: 'armhs', cs: 'armhs', ls: 'armls', hi: 'armhi',
};

/** Lazy flag kinds: what the last flag-setting operation was. The result is recomputed from the
 *  kind and the operands when a condition needs it, so a flag-setting uop stores three words. */
export const FLAG_KIND = { logic: 0, add: 1, sub: 2, raw: 3, or: 4, xor: 5 } as const;

/** System registers, shared by index; each personality names them its own way. */
export interface SysRegDef { name: string; x86: string; arm: string; userRead: boolean; writable: boolean; doc: string }
export const SYSREGS: readonly SysRegDef[] = [
  { name: 'ctrl', x86: 'cr0', arm: 'sctlr', userRead: false, writable: true, doc: 'control: paging enable (x86 bit 31, arm bit 0)' },
  { name: 'ptbr', x86: 'cr3', arm: 'ttbr0', userRead: false, writable: true, doc: 'page-table base (physical); writing it flushes the TLB' },
  { name: 'vbar', x86: 'idtr', arm: 'vbar', userRead: false, writable: true, doc: 'exception vector base; 0 means faults stop the machine' },
  { name: 'far', x86: 'cr2', arm: 'far', userRead: false, writable: true, doc: 'faulting address of the last page fault' },
  { name: 'esr', x86: 'esr', arm: 'esr', userRead: false, writable: true, doc: 'syndrome: cause code of the last exception (see CAUSES)' },
  { name: 'ksp', x86: 'esp0', arm: 'sp_svc', userRead: false, writable: true, doc: 'kernel stack pointer loaded on entry from user mode' },
  { name: 'usp', x86: 'usp', arm: 'sp_usr', userRead: false, writable: true, doc: 'arm: user stack pointer while in kernel mode' },
  { name: 'spsr', x86: 'spsr', arm: 'spsr', userRead: false, writable: true, doc: 'arm: saved status on exception entry' },
  { name: 'elr', x86: 'elr', arm: 'elr', userRead: false, writable: true, doc: 'arm: return address on exception entry' },
  { name: 'coreid', x86: 'coreid', arm: 'mpidr', userRead: true, writable: false, doc: 'this core\'s number' },
  { name: 'cycles', x86: 'tsc', arm: 'cntvct', userRead: true, writable: false, doc: 'low 32 bits of the cycle counter' },
  { name: 'cyclesh', x86: 'tsch', arm: 'cntvcth', userRead: true, writable: false, doc: 'high 32 bits of the cycle counter' },
  { name: 'scratch0', x86: 'kgs', arm: 'tpidrprw', userRead: false, writable: true, doc: 'kernel scratch (per-core data pointer)' },
  { name: 'scratch1', x86: 'kscratch', arm: 'tpidruro', userRead: true, writable: true, doc: 'scratch readable from user mode (thread pointer)' },
];
export const SR = Object.fromEntries(SYSREGS.map((s, i) => [s.name, i])) as Record<string, number>;

/** Exception causes, common to both personalities. x86 delivers them through IDT vectors
 *  (the number below); arm through its vector table slot, with the cause in esr. */
export interface CauseDef { name: string; code: number; x86Vector: number; armSlot: number; doc: string }
export const CAUSES: readonly CauseDef[] = [
  { name: 'divide', code: 0, x86Vector: 0, armSlot: 1, doc: 'integer divide or remainder by zero' },
  { name: 'breakpoint', code: 3, x86Vector: 3, armSlot: 3, doc: 'breakpoint instruction (int3 / bkpt)' },
  { name: 'bounds', code: 5, x86Vector: 5, armSlot: 1, doc: 'bound / chk failed' },
  { name: 'illegal', code: 6, x86Vector: 6, armSlot: 1, doc: 'undefined or malformed instruction' },
  { name: 'privilege', code: 13, x86Vector: 13, armSlot: 1, doc: 'privileged instruction or register in user mode' },
  { name: 'page', code: 14, x86Vector: 14, armSlot: 4, doc: 'translation or permission fault (far = address)' },
  { name: 'alignment', code: 17, x86Vector: 17, armSlot: 4, doc: 'misaligned access (not enforced by default)' },
  { name: 'trap', code: 18, x86Vector: -1, armSlot: 1, doc: 'software trap (int n / udf #n); x86 uses vector n' },
  { name: 'bus', code: 19, x86Vector: 19, armSlot: 4, doc: 'physical address with no RAM or device behind it' },
  { name: 'syscall', code: 32, x86Vector: 0x80, armSlot: 2, doc: 'system call (syscall / svc)' },
  { name: 'irq', code: 33, x86Vector: -1, armSlot: 6, doc: 'external interrupt (x86: vector from the local APIC)' },
];
export const CAUSE = Object.fromEntries(CAUSES.map((c) => [c.name, c.code])) as Record<string, number>;

/** One assembly form of an operation in one personality. */
export interface Form {
  /** mnemonic as written in assembly (lower case) */
  mn: string;
  /** operand kinds in assembly order */
  args: ArgKind[];
  /** the engine shape when the operation has several (ALU ops); defaults from args */
  shape?: Shape;
  /** this form updates the flags */
  flags?: boolean;
  /** assembler/disassembler hint: memory operand size prefix (x86 byte/word) */
  size?: 'byte' | 'word' | 'dword';
}

export type SemClass =
  | 'alu' | 'cmp' | 'unary' | 'mov' | 'movt' | 'load' | 'store' | 'storei' | 'lea'
  | 'push' | 'pushi' | 'pop' | 'pushm' | 'popm' | 'pushf' | 'popf' | 'rdflags' | 'wrflags'
  | 'jmp' | 'jcc' | 'jmpr' | 'call' | 'callr' | 'ret' | 'bl' | 'blr' | 'setcc'
  | 'syscall' | 'eret' | 'cli' | 'sti' | 'hlt' | 'nop' | 'brk' | 'trap' | 'udf'
  | 'in' | 'out' | 'rdsys' | 'wrsys' | 'tlbflush' | 'tlbflushva' | 'rdtsc' | 'bound' | 'xchg' | 'cas';

export interface OpDef {
  name: string;
  cls: SemClass;
  cost: CostClass;
  /** alu/unary: a JS expression over int32 x (and y) giving an int32; helpers may throw a fault */
  expr?: string;
  /** lazy-flag kind recorded by a flag-setting form */
  flagKind?: keyof typeof FLAG_KIND;
  /** load/store width in bytes and load sign extension */
  width?: 1 | 2 | 4;
  signed?: boolean;
  /** privileged: faults in user mode */
  priv?: boolean;
  x86?: Form[];
  arm?: Form[];
  doc: string;
}

const f = (mn: string, args: string, extra: Partial<Form> = {}): Form =>
  ({ mn, args: args === '' ? [] : (args.split(',') as ArgKind[]), ...extra });

// x86 ALU forms: two-address, optionally with a memory operand. imm8 forms come first so the
// assembler picks the short encoding when the value fits (variable-length encoding).
const x86Alu = (mn: string, flags: boolean, mem = true): Form[] => [
  f(mn, 'r,r', { shape: 'rrr', flags }), f(mn, 'r,i8', { shape: 'rri', flags }), f(mn, 'r,i32', { shape: 'rri', flags }),
  ...(mem ? [f(mn, 'r,m', { shape: 'rm', flags }), f(mn, 'm,r', { shape: 'mr', flags }),
    f(mn, 'm,i8', { shape: 'mi', flags }), f(mn, 'm,i32', { shape: 'mi', flags })] : []),
];
// arm ALU forms: three-address registers or a 16-bit immediate; an `s` suffix sets flags.
const armAlu = (mn: string, imm: ArgKind, withS: boolean): Form[] => [
  f(mn, `r,r,r`, { shape: 'rrr' }), f(mn, `r,r,${imm}`, { shape: 'rri' }),
  ...(withS ? [f(mn + 's', 'r,r,r', { shape: 'rrr', flags: true }), f(mn + 's', `r,r,${imm}`, { shape: 'rri', flags: true })] : []),
];
const x86Cmp = (mn: string): Form[] => [
  f(mn, 'r,r', { shape: 'rrr' }), f(mn, 'r,i8', { shape: 'rri' }), f(mn, 'r,i32', { shape: 'rri' }),
  f(mn, 'r,m', { shape: 'rm' }), f(mn, 'm,r', { shape: 'mr' }), f(mn, 'm,i8', { shape: 'mi' }), f(mn, 'm,i32', { shape: 'mi' }),
];

export const OPS: readonly OpDef[] = [
  // ---- integer ALU -------------------------------------------------------------------------
  { name: 'add', cls: 'alu', cost: 'alu', expr: '(x + y) | 0', flagKind: 'add', x86: x86Alu('add', true), arm: armAlu('add', 'i16', true), doc: 'add' },
  { name: 'sub', cls: 'alu', cost: 'alu', expr: '(x - y) | 0', flagKind: 'sub', x86: x86Alu('sub', true), arm: armAlu('sub', 'i16', true), doc: 'subtract' },
  { name: 'and', cls: 'alu', cost: 'alu', expr: 'x & y', flagKind: 'logic', x86: x86Alu('and', true), arm: armAlu('and', 'u16', true), doc: 'bitwise and' },
  { name: 'or', cls: 'alu', cost: 'alu', expr: 'x | y', flagKind: 'or', x86: x86Alu('or', true), arm: armAlu('orr', 'u16', true), doc: 'bitwise or' },
  { name: 'xor', cls: 'alu', cost: 'alu', expr: 'x ^ y', flagKind: 'xor', x86: x86Alu('xor', true), arm: armAlu('eor', 'u16', true), doc: 'bitwise exclusive or' },
  { name: 'shl', cls: 'alu', cost: 'alu', expr: 'x << y', x86: [f('shl', 'r,r', { shape: 'rrr' }), f('shl', 'r,i8', { shape: 'rri' })], arm: armAlu('lsl', 'u5', false), doc: 'shift left (count mod 32)' },
  { name: 'shr', cls: 'alu', cost: 'alu', expr: '(x >>> y) | 0', x86: [f('shr', 'r,r', { shape: 'rrr' }), f('shr', 'r,i8', { shape: 'rri' })], arm: armAlu('lsr', 'u5', false), doc: 'logical shift right (count mod 32)' },
  { name: 'sar', cls: 'alu', cost: 'alu', expr: 'x >> y', x86: [f('sar', 'r,r', { shape: 'rrr' }), f('sar', 'r,i8', { shape: 'rri' })], arm: armAlu('asr', 'u5', false), doc: 'arithmetic shift right (count mod 32)' },
  { name: 'mul', cls: 'alu', cost: 'mul', expr: 'Math.imul(x, y)', x86: x86Alu('imul', false, false).concat([f('imul', 'r,m', { shape: 'rm' })]), arm: armAlu('mul', 'i16', false), doc: 'multiply (low 32 bits)' },
  { name: 'udiv', cls: 'alu', cost: 'div', expr: 'udiv(x, y)', x86: [f('div', 'r,r', { shape: 'rrr' }), f('div', 'r,i32', { shape: 'rri' }), f('div', 'r,m', { shape: 'rm' })], arm: armAlu('udiv', 'i16', false), doc: 'unsigned divide; by zero faults' },
  { name: 'sdiv', cls: 'alu', cost: 'div', expr: 'sdiv(x, y)', x86: [f('idiv', 'r,r', { shape: 'rrr' }), f('idiv', 'r,i32', { shape: 'rri' }), f('idiv', 'r,m', { shape: 'rm' })], arm: armAlu('sdiv', 'i16', false), doc: 'signed divide, truncating; by zero faults' },
  { name: 'urem', cls: 'alu', cost: 'div', expr: 'urem(x, y)', x86: [f('mod', 'r,r', { shape: 'rrr' }), f('mod', 'r,i32', { shape: 'rri' }), f('mod', 'r,m', { shape: 'rm' })], arm: armAlu('urem', 'i16', false), doc: 'unsigned remainder; by zero faults' },
  { name: 'srem', cls: 'alu', cost: 'div', expr: 'srem(x, y)', x86: [f('imod', 'r,r', { shape: 'rrr' }), f('imod', 'r,i32', { shape: 'rri' }), f('imod', 'r,m', { shape: 'rm' })], arm: armAlu('srem', 'i16', false), doc: 'signed remainder (sign of the dividend); by zero faults' },
  { name: 'rsb', cls: 'alu', cost: 'alu', expr: '(y - x) | 0', flagKind: 'sub', arm: armAlu('rsb', 'i16', false), doc: 'reverse subtract (arm)' },
  { name: 'cmp', cls: 'cmp', cost: 'alu', flagKind: 'sub', x86: x86Cmp('cmp'), arm: [f('cmp', 'r,r', { shape: 'rrr' }), f('cmp', 'r,i16', { shape: 'rri' })], doc: 'compare: flags of x - y' },
  { name: 'test', cls: 'cmp', cost: 'alu', flagKind: 'logic', x86: x86Cmp('test'), arm: [f('tst', 'r,r', { shape: 'rrr' }), f('tst', 'r,u16', { shape: 'rri' })], doc: 'test: flags of x & y' },
  { name: 'neg', cls: 'unary', cost: 'alu', expr: '(-x) | 0', x86: [f('neg', 'r')], arm: [f('neg', 'r,r')], doc: 'two\'s complement negate' },
  { name: 'not', cls: 'unary', cost: 'alu', expr: '~x', x86: [f('not', 'r')], arm: [f('mvn', 'r,r')], doc: 'bitwise not' },
  // ---- moves, loads, stores ----------------------------------------------------------------
  { name: 'mov', cls: 'mov', cost: 'alu', x86: [f('mov', 'r,r'), f('mov', 'r,i32')], arm: [f('mov', 'r,r'), f('mov', 'r,i16'), f('movw', 'r,u16')], doc: 'move register or immediate' },
  { name: 'movt', cls: 'movt', cost: 'alu', arm: [f('movt', 'r,u16')], doc: 'arm: set the upper 16 bits, keep the lower' },
  { name: 'ld32', cls: 'load', cost: 'mem', width: 4, x86: [f('mov', 'r,m')], arm: [f('ldr', 'r,mo'), f('ldr', 'r,mx')], doc: 'load word' },
  { name: 'ld8u', cls: 'load', cost: 'mem', width: 1, x86: [f('movzx', 'r,m', { size: 'byte' })], arm: [f('ldrb', 'r,mo'), f('ldrb', 'r,mx')], doc: 'load byte, zero-extend' },
  { name: 'ld8s', cls: 'load', cost: 'mem', width: 1, signed: true, x86: [f('movsx', 'r,m', { size: 'byte' })], arm: [f('ldrsb', 'r,mo'), f('ldrsb', 'r,mx')], doc: 'load byte, sign-extend' },
  { name: 'ld16u', cls: 'load', cost: 'mem', width: 2, x86: [f('movzx', 'r,m', { size: 'word' })], arm: [f('ldrh', 'r,mo'), f('ldrh', 'r,mx')], doc: 'load halfword, zero-extend' },
  { name: 'ld16s', cls: 'load', cost: 'mem', width: 2, signed: true, x86: [f('movsx', 'r,m', { size: 'word' })], arm: [f('ldrsh', 'r,mo'), f('ldrsh', 'r,mx')], doc: 'load halfword, sign-extend' },
  { name: 'st32', cls: 'store', cost: 'mem', width: 4, x86: [f('mov', 'm,r')], arm: [f('str', 'r,mo'), f('str', 'r,mx')], doc: 'store word' },
  { name: 'st8', cls: 'store', cost: 'mem', width: 1, x86: [f('mov', 'm,r', { size: 'byte' })], arm: [f('strb', 'r,mo'), f('strb', 'r,mx')], doc: 'store low byte' },
  { name: 'st16', cls: 'store', cost: 'mem', width: 2, x86: [f('mov', 'm,r', { size: 'word' })], arm: [f('strh', 'r,mo'), f('strh', 'r,mx')], doc: 'store low halfword' },
  { name: 'sti32', cls: 'storei', cost: 'mem', width: 4, x86: [f('mov', 'm,i32')], doc: 'x86: store an immediate word' },
  { name: 'sti8', cls: 'storei', cost: 'mem', width: 1, x86: [f('mov', 'm,i32', { size: 'byte' })], doc: 'x86: store an immediate byte' },
  { name: 'sti16', cls: 'storei', cost: 'mem', width: 2, x86: [f('mov', 'm,i32', { size: 'word' })], doc: 'x86: store an immediate halfword' },
  { name: 'lea', cls: 'lea', cost: 'alu', x86: [f('lea', 'r,m')], doc: 'x86: load effective address' },
  // ---- stack -------------------------------------------------------------------------------
  { name: 'push', cls: 'push', cost: 'mem', x86: [f('push', 'r')], doc: 'x86: push a register' },
  { name: 'pushi', cls: 'pushi', cost: 'mem', x86: [f('push', 'i32')], doc: 'x86: push an immediate' },
  { name: 'pop', cls: 'pop', cost: 'mem', x86: [f('pop', 'r')], doc: 'x86: pop into a register' },
  { name: 'pushm', cls: 'pushm', cost: 'mem', arm: [f('push', 'rl')], doc: 'arm: push a register list (lowest register at the lowest address)' },
  { name: 'popm', cls: 'popm', cost: 'mem', arm: [f('pop', 'rl')], doc: 'arm: pop a register list; popping pc returns' },
  { name: 'pushf', cls: 'pushf', cost: 'mem', x86: [f('pushf', '')], doc: 'x86: push eflags' },
  { name: 'popf', cls: 'popf', cost: 'mem', x86: [f('popf', '')], doc: 'x86: pop eflags (IF only in kernel mode)' },
  { name: 'rdflags', cls: 'rdflags', cost: 'alu', arm: [f('mrs', 'r,cpsr')], doc: 'arm: read cpsr' },
  { name: 'wrflags', cls: 'wrflags', cost: 'sys', arm: [f('msr', 'cpsr,r')], doc: 'arm: write cpsr (flags; I and mode only in kernel mode)' },
  // ---- control flow ------------------------------------------------------------------------
  { name: 'jmp', cls: 'jmp', cost: 'branch', x86: [f('jmp', 'rel')], arm: [f('b', 'rel')], doc: 'jump' },
  { name: 'jcc', cls: 'jcc', cost: 'branch', x86: [f('j', 'rel')], arm: [f('b', 'rel,cond')], doc: 'conditional jump (x86: condition in the opcode; arm: in a field, written as a suffix)' },
  { name: 'jmpr', cls: 'jmpr', cost: 'branch', x86: [f('jmp', 'r')], arm: [f('bx', 'r')], doc: 'jump to a register' },
  { name: 'call', cls: 'call', cost: 'branch', x86: [f('call', 'rel')], doc: 'x86: push the return address and jump' },
  { name: 'callr', cls: 'callr', cost: 'branch', x86: [f('call', 'r')], doc: 'x86: call through a register' },
  { name: 'ret', cls: 'ret', cost: 'branch', x86: [f('ret', '')], doc: 'x86: pop the return address' },
  { name: 'bl', cls: 'bl', cost: 'branch', arm: [f('bl', 'rel')], doc: 'arm: branch and link (lr = return address)' },
  { name: 'blr', cls: 'blr', cost: 'branch', arm: [f('blx', 'r')], doc: 'arm: branch and link to a register' },
  { name: 'setcc', cls: 'setcc', cost: 'alu', x86: [f('set', 'r')], arm: [f('cset', 'r,cond')], doc: 'register = condition ? 1 : 0' },
  // ---- system ------------------------------------------------------------------------------
  { name: 'syscall', cls: 'syscall', cost: 'sys', x86: [f('syscall', '')], arm: [f('svc', 'u16')], doc: 'system call exception' },
  { name: 'eret', cls: 'eret', cost: 'sys', priv: true, x86: [f('iret', '')], arm: [f('eret', '')], doc: 'return from exception' },
  { name: 'cli', cls: 'cli', cost: 'sys', priv: true, x86: [f('cli', '')], arm: [f('cpsid', '')], doc: 'mask interrupts' },
  { name: 'sti', cls: 'sti', cost: 'sys', priv: true, x86: [f('sti', '')], arm: [f('cpsie', '')], doc: 'unmask interrupts' },
  { name: 'hlt', cls: 'hlt', cost: 'sys', priv: true, x86: [f('hlt', '')], arm: [f('wfi', '')], doc: 'wait for an interrupt' },
  { name: 'nop', cls: 'nop', cost: 'alu', x86: [f('nop', '')], arm: [f('nop', '')], doc: 'no operation' },
  { name: 'brk', cls: 'brk', cost: 'sys', x86: [f('int3', '')], arm: [f('bkpt', 'u16')], doc: 'breakpoint exception' },
  { name: 'trap', cls: 'trap', cost: 'sys', x86: [f('int', 'u8')], arm: [f('udf', 'u16')], doc: 'software trap with a code' },
  { name: 'udf', cls: 'udf', cost: 'sys', x86: [f('ud2', '')], doc: 'x86: guaranteed illegal instruction' },
  { name: 'in8', cls: 'in', cost: 'io', width: 1, priv: true, x86: [f('inb', 'r,r'), f('inb', 'r,i32')], doc: 'x86: read a port byte' },
  { name: 'in16', cls: 'in', cost: 'io', width: 2, priv: true, x86: [f('inw', 'r,r'), f('inw', 'r,i32')], doc: 'x86: read a port halfword' },
  { name: 'in32', cls: 'in', cost: 'io', width: 4, priv: true, x86: [f('ind', 'r,r'), f('ind', 'r,i32')], doc: 'x86: read a port word' },
  { name: 'out8', cls: 'out', cost: 'io', width: 1, priv: true, x86: [f('outb', 'r,r'), f('outb', 'i32,r')], doc: 'x86: write a port byte (port, value)' },
  { name: 'out16', cls: 'out', cost: 'io', width: 2, priv: true, x86: [f('outw', 'r,r'), f('outw', 'i32,r')], doc: 'x86: write a port halfword' },
  { name: 'out32', cls: 'out', cost: 'io', width: 4, priv: true, x86: [f('outd', 'r,r'), f('outd', 'i32,r')], doc: 'x86: write a port word' },
  { name: 'rdsys', cls: 'rdsys', cost: 'sys', x86: [f('mov', 'r,sr')], arm: [f('mrs', 'r,sr')], doc: 'read a system register (privileged unless user-readable)' },
  { name: 'wrsys', cls: 'wrsys', cost: 'sys', priv: true, x86: [f('mov', 'sr,r')], arm: [f('msr', 'sr,r')], doc: 'write a system register' },
  { name: 'tlbflush', cls: 'tlbflush', cost: 'sys', priv: true, arm: [f('tlbiall', '')], doc: 'flush this core\'s TLB (x86: write cr3)' },
  { name: 'tlbflushva', cls: 'tlbflushva', cost: 'sys', priv: true, x86: [f('invlpg', 'm')], arm: [f('tlbimva', 'r')], doc: 'flush one page from this core\'s TLB' },
  { name: 'rdtsc', cls: 'rdtsc', cost: 'alu', x86: [f('rdtsc', '')], doc: 'x86: edx:eax = cycle counter' },
  // ---- atomics: every instruction is indivisible under the interleaving scheduler ----------
  { name: 'xchg', cls: 'xchg', cost: 'mem', x86: [f('xchg', 'r,m')], arm: [f('swp', 'r,mo')], doc: 'swap a register with a memory word' },
  { name: 'cas', cls: 'cas', cost: 'mem', flagKind: 'sub', x86: [f('cmpxchg', 'm,r', { flags: true })], arm: [f('cas', 'r,r,r', { flags: true })], doc: 'compare and swap: if [m] == expected (x86 eax; arm first operand) store the new value; expected := old; flags of old - expected. x86 memory operand has no index; arm form is cas expected, new, address' },
  { name: 'bound', cls: 'bound', cost: 'alu', x86: [f('bound', 'r,r'), f('bound', 'r,i32')], arm: [f('chk', 'r,r'), f('chk', 'r,i16')], doc: 'bounds fault unless x < y (unsigned)' },
];

export type Personality = 'x86' | 'arm';
export const PERSONALITIES: readonly Personality[] = ['x86', 'arm'];
