// The devices' side of the IPI fabric. The contract's CoreIntc.ipi(num, fromPers) does not say
// which core sent an IPI, but a GIC reports the source of an SGI in GICC_IAR. So every device
// that sends IPIs (LAPIC ICR, GICD_SGIR) goes through one IpiFabric, which notes the sender's
// core id while the machine's sendIpi() runs; a receiving GicCpuState reads it from here.
// (Everything is synchronous, so the note cannot leak to another sender.)
import type { Core } from '../core/core.ts';
import type { MachineBus } from './types.ts';

export class IpiFabric {
  /** id of the core whose IPI is being delivered, or -1 outside a delivery */
  sender = -1;
  constructor(private readonly bus: MachineBus) {}

  send(from: Core, to: number, num: number): void {
    const outer = this.sender;
    this.sender = from.id;
    try {
      this.bus.sendIpi(from, to, num);
    } finally {
      this.sender = outer;
    }
  }
}
