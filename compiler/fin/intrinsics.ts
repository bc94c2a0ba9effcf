// The `@name(...)` intrinsics that survive into the checked program (IntrinsicExpr.name is the key
// here, without `@`). Compile-time ones are handled elsewhere: `@sizeof/@alignof/@offsetof`
// become constants, `@is_arch("x86"|"arm")` becomes a bool constant.
//
// Argument kinds:
//   - a Type: the argument must have exactly this type (an untyped literal takes it);
//   - 'word': any integer type (extended to 32 bits by its own signedness) or any pointer type;
//     an untyped literal becomes a usize. Used for addresses and system-call arguments.
import { U16, U32, U8, USIZE, VOID, type Type } from './types.ts';

export type IntrinsicArg = Type | 'word';

export interface IntrinsicSig {
  args: IntrinsicArg[];
  /** for @syscall: the number of trailing arguments that may be left out */
  optional?: number;
  result: Type;
  /** only on this personality; a compile error elsewhere */
  arch?: 'x86';
  doc: string;
}

export const INTRINSICS: Record<string, IntrinsicSig> = {
  mmio_read8: { args: ['word'], result: U8, doc: 'load a byte from a device register' },
  mmio_read16: { args: ['word'], result: U16, doc: 'load 16 bits from a device register' },
  mmio_read32: { args: ['word'], result: U32, doc: 'load 32 bits from a device register' },
  mmio_write8: { args: ['word', U8], result: VOID, doc: 'store a byte to a device register' },
  mmio_write16: { args: ['word', U16], result: VOID, doc: 'store 16 bits to a device register' },
  mmio_write32: { args: ['word', U32], result: VOID, doc: 'store 32 bits to a device register' },
  port_in8: { args: [U16], result: U8, arch: 'x86', doc: 'x86 port input' },
  port_in16: { args: [U16], result: U16, arch: 'x86', doc: 'x86 port input' },
  port_in32: { args: [U16], result: U32, arch: 'x86', doc: 'x86 port input' },
  port_out8: { args: [U16, U8], result: VOID, arch: 'x86', doc: 'x86 port output' },
  port_out16: { args: [U16, U16], result: VOID, arch: 'x86', doc: 'x86 port output' },
  port_out32: { args: [U16, U32], result: VOID, arch: 'x86', doc: 'x86 port output' },
  irq_enable: { args: [], result: VOID, doc: 'unmask interrupts on this core' },
  irq_disable: { args: [], result: VOID, doc: 'mask interrupts on this core' },
  halt: { args: [], result: VOID, doc: 'stop this core until an interrupt' },
  wait_for_interrupt: { args: [], result: VOID, doc: 'sleep until an interrupt arrives' },
  core_id: { args: [], result: U32, doc: "this core's number" },
  cycles: { args: [], result: U32, doc: "this core's cycle counter (low 32 bits)" },
  syscall: { args: ['word', 'word', 'word', 'word', 'word', 'word', 'word'], optional: 6, result: USIZE, doc: 'trap into the CPU driver: number, then up to six arguments' },
  trap: { args: [U32], result: VOID, doc: 'raise a software fault with this code' },
};

/** Handled by the checker as compile-time constants, not listed above. */
export const COMPILE_TIME_INTRINSICS = ['sizeof', 'alignof', 'offsetof', 'is_arch'] as const;
