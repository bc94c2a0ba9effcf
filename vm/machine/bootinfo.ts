// The boot-info block: what a booting core learns about itself and the machine. The machine
// writes one block per core into low RAM before starting it, and passes its address in a
// register (x86: ebx, with BOOT_MAGIC in eax; arm: r0, with BOOT_MAGIC in r1).
import type { Core } from '../core/core.ts';
import type { MachineConfig } from './config.ts';

export const BOOT_MAGIC = 0x49424853; // "SHBI" in little-endian bytes
export const BOOTINFO_BASE = 0x1000;
export const BOOTINFO_SIZE = 0x80;
/** Each core gets a 64 KiB boot stack, from the top of RAM down. */
export const BOOT_STACK = 0x10000;

/** Word offsets of the block's fields (byte offset = index * 4). */
export const BOOTINFO_FIELDS = [
  'magic', 'version', 'coreId', 'personality', 'ncores', 'packageId', 'ramSize', 'stackTop',
  'uart', 'exitMmio', 'exitPort', 'cpuctl', 'lapic', 'gicd', 'gicc', 'gtimer', 'coresPerPackage', 'npackages',
] as const;

export function bootInfoAddr(coreId: number): number {
  return BOOTINFO_BASE + coreId * BOOTINFO_SIZE;
}
export function bootStackTop(cfg: MachineConfig, coreId: number): number {
  return cfg.ram - coreId * BOOT_STACK;
}

export function writeBootInfo(cfg: MachineConfig, core: Core, pkg: number): number {
  const d = cfg.devices;
  const values: Record<(typeof BOOTINFO_FIELDS)[number], number> = {
    magic: BOOT_MAGIC, version: 1, coreId: core.id, personality: core.isX86 ? 0 : 1,
    ncores: cfg.packages.reduce((n, p) => n + p.length, 0), packageId: pkg, ramSize: cfg.ram,
    stackTop: bootStackTop(cfg, core.id), uart: core.isX86 ? d.uart16550Port : d.pl011,
    exitMmio: d.exit, exitPort: d.exitPort, cpuctl: d.cpuctl, lapic: d.lapic, gicd: d.gicd, gicc: d.gicc,
    gtimer: d.gtimer, coresPerPackage: cfg.packages[pkg].length, npackages: cfg.packages.length,
  };
  const at = bootInfoAddr(core.id);
  BOOTINFO_FIELDS.forEach((f, i) => core.mem.dv.setUint32(at + i * 4, values[f] >>> 0, true));
  return at;
}
