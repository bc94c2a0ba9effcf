// What devices may rely on from the machine, and what the machine asks of devices.
// Devices are host code: they never throw at a guest except through core.raise() (e.g. a bus
// fault for an unimplemented access width) and the machine's exit(), which unwinds with STOP.
import type { Core, IntController } from '../core/core.ts';
import type { Device } from '../machine/memory.ts';

export type { Device };

/** Console output from any UART goes here (the CLI streams it to stdout); input comes from it. */
export interface ConsoleSink {
  write(byte: number, core: Core): void;
  /** next input byte, or -1 when none is waiting */
  read(): number;
}

/** The machine as devices see it. */
export interface MachineBus {
  readonly cores: readonly Core[];
  readonly console: ConsoleSink;
  /** End the run with an exit status; never returns (unwinds the current core with STOP). */
  exit(status: number): never;
  /** Start a core that is still off: kernel mode, paging off, interrupts masked, pc = entry. */
  startCore(id: number, entry: number): void;
  /** Deliver an inter-processor interrupt; the target's controller maps `num` (see ipi.ts). */
  sendIpi(from: Core, to: number, num: number): void;
}

/**
 * A core's interrupt controller (x86: local APIC state; arm: GIC CPU interface + banked
 * SGI/PPI state). The core asks it pending()/ack(); devices and the machine's sendIpi raise lines.
 */
export interface CoreIntc extends IntController {
  /** an IPI arrived from core `from` with number `num` as the sender wrote it (see ipiToX86/ipiToArm) */
  ipi(num: number, from: Core): void;
  /** a shared device line (UART) asserted or deasserted */
  line(irq: number, level: boolean): void;
  /** advance per-core timers to the core's current cycle count; called after every slice */
  tick(core: Core): void;
  /** earliest cycle at which a timer of this core will fire, or Infinity (lets the machine end
   *  a run whose cores all wait for nothing) */
  nextDeadline(core: Core): number;
}

/** Inter-personality IPI numbering: x86 vector v <-> GIC SGI n, documented in docs/machine.md. */
export const IPI_X86_BASE = 0x40;
/** An arm core receives any IPI as the SGI numbered by its low four bits. */
export function ipiToArm(num: number): number {
  return num & 15;
}
/** An x86 core receives an x86 sender's vector as is, and arm SGI n as vector 0x40 + n. */
export function ipiToX86(num: number, fromPers: 'x86' | 'arm'): number {
  return fromPers === 'x86' ? num & 0xff : IPI_X86_BASE + (num & 15);
}
