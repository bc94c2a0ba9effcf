// Builds every device of a machine from its config, and says where each is mapped.
//
//  MMIO (DeviceMap field, size)         ports (x86)
//  pl011   PL011 UART        4 KiB      uart16550Port  16550 UART  8 ports (0x3F8-0x3FF)
//  exit    exit device       4 KiB      exitPort       exit device 4 ports (0xF4-0xF7)
//  cpuctl  core power ctl    4 KiB
//  lapic   local APIC        4 KiB (banked per x86 core)
//  gicd    GIC distributor   4 KiB (SGI/PPI registers banked per arm core)
//  gicc    GIC CPU interface 4 KiB (banked per arm core)
//  gtimer  generic timer     4 KiB (banked per arm core)
//
// Interrupt wiring: the 16550's output goes to LINT0 of every x86 core's local APIC; the
// PL011's goes to GIC SPI 33; each arm core's generic timer drives its PPI 30. Every core's
// controller polls the UARTs for input (only while their RX interrupts are enabled) when the
// machine calls tick().
import type { Core } from '../core/core.ts';
import type { MachineConfig } from '../machine/config.ts';
import { CpuCtl, CPUCTL_SIZE } from './cpuctl.ts';
import { EXIT_MMIO_SIZE, EXIT_PORTS, ExitDevice } from './exit.ts';
import { GicCpuInterface, GicDistributor, GICC_SIZE, GICD_SIZE, UART_SPI } from './gic.ts';
import { GTimer, GTIMER_SIZE } from './gtimer.ts';
import { Lapic, LAPIC_SIZE } from './lapic.ts';
import { Pl011, PL011_SIZE } from './pl011.ts';
import type { CoreIntc, Device, MachineBus } from './types.ts';
import { Uart16550, UART16550_PORTS } from './uart16550.ts';

/** The 16550's interrupt number as a PC would have it (COM1 = IRQ 4); on shoal it feeds LINT0. */
export const UART16550_IRQ = 4;

export interface MappedDevice {
  base: number;
  size: number;
  dev: Device;
}

export interface MachineDevices {
  mmio: MappedDevice[];
  ports: MappedDevice[];
  /** the controller to install as core.intc (x86: LapicState, arm: GicCpuState) */
  intcFor(core: Core): CoreIntc;
  /** pull console input into UARTs whose RX interrupt is enabled (tick() already does this) */
  poll(): void;
  uart: Uart16550;
  pl011: Pl011;
  exit: ExitDevice;
  cpuctl: CpuCtl;
  lapic: Lapic;
  gicd: GicDistributor;
  gicc: GicCpuInterface;
  gtimer: GTimer;
}

export function createDevices(cfg: MachineConfig, bus: MachineBus): MachineDevices {
  const d = cfg.devices;
  const uart = new Uart16550(bus.console);
  const pl011 = new Pl011(bus.console);
  const exit = new ExitDevice(bus);
  const cpuctl = new CpuCtl(bus);
  const lapic = new Lapic(bus);
  const gtimer = new GTimer(bus.cores);
  const gicd = new GicDistributor(bus, gtimer.timers);
  const gicc = new GicCpuInterface(gicd);

  uart.irqLine = (level) => { for (const s of lapic.states) s?.line(UART16550_IRQ, level); };
  pl011.irqLine = (level) => gicd.setLine(UART_SPI, level);
  const poll = (): void => { uart.poll(); pl011.poll(); };
  for (const s of lapic.states) if (s) s.poll = poll;
  for (const s of gicd.cpus) if (s) s.poll = poll;

  return {
    mmio: [
      { base: d.pl011, size: PL011_SIZE, dev: pl011 },
      { base: d.exit, size: EXIT_MMIO_SIZE, dev: exit },
      { base: d.cpuctl, size: CPUCTL_SIZE, dev: cpuctl },
      { base: d.lapic, size: LAPIC_SIZE, dev: lapic },
      { base: d.gicd, size: GICD_SIZE, dev: gicd },
      { base: d.gicc, size: GICC_SIZE, dev: gicc },
      { base: d.gtimer, size: GTIMER_SIZE, dev: gtimer },
    ],
    ports: [
      { base: d.uart16550Port, size: UART16550_PORTS, dev: uart },
      { base: d.exitPort, size: EXIT_PORTS, dev: exit },
    ],
    intcFor(core: Core): CoreIntc {
      const intc = core.isX86 ? lapic.states[core.id] : gicd.cpus[core.id];
      if (!intc) throw new RangeError(`no interrupt controller for core ${core.id}`);
      return intc;
    },
    poll,
    uart, pl011, exit, cpuctl, lapic, gicd, gicc, gtimer,
  };
}
