// The exit (power-off) device, shoal's own; its register map is os-src/devices/exit.dev (one
// write-only STATUS word). Writing it ends the run with the written value as exit status
// (bus.exit: the machine reports status & 0xff); it reads as 0.
//
// Mapped in MMIO (DeviceMap.exit, 4 KiB) and, for x86, at ports exitPort..exitPort+3 (0xF4):
// the same instance serves both. Any access width; the status is the value zero-extended from
// that width. Other offsets are RAZ/WI.
import type { Core } from '../core/core.ts';
import { widthOf } from './access.ts';
import * as L from './gen/exit.ts';
import type { Device, MachineBus } from './types.ts';

export const EXIT_MMIO_SIZE = 0x1000;
/** the port alias covers the STATUS word */
export const EXIT_PORTS = L.STATUS.width / 8;

export class ExitDevice implements Device {
  readonly name = 'exit';
  constructor(private readonly bus: MachineBus) {}

  read(_core: Core, _offset: number, _size: number): number {
    return 0;
  }

  write(_core: Core, offset: number, size: number, value: number): void {
    if (offset === L.STATUS.offset) this.bus.exit(widthOf(value, size) | 0);
  }
}
