// Machine descriptions: cores and their personalities grouped in packages, RAM, device
// addresses. Presets ship with shoal; a JSON file of the same shape describes any other machine.
import type { Personality } from '../isa/table.ts';

export interface DeviceMap {
  /** x86 16550 UART base port */
  uart16550Port: number;
  /** arm PL011 UART MMIO base */
  pl011: number;
  /** exit (power-off) device: MMIO base, and an x86 port alias */
  exit: number;
  exitPort: number;
  /** core power control: start a core at an entry point */
  cpuctl: number;
  /** x86 local APIC MMIO base (banked per core) */
  lapic: number;
  /** arm GIC distributor, CPU interface (banked), generic timer frame (banked) */
  gicd: number;
  gicc: number;
  gtimer: number;
}

export interface MachineConfig {
  name: string;
  description: string;
  /** RAM in bytes, from physical address 0 */
  ram: number;
  /** cores per package, in order; core ids count through the packages */
  packages: Personality[][];
  devices: DeviceMap;
}

export const DEFAULT_DEVICES: DeviceMap = {
  uart16550Port: 0x3f8,
  pl011: 0xf9000000,
  exit: 0xf9100000,
  exitPort: 0xf4,
  cpuctl: 0xf9200000,
  lapic: 0xfee00000,
  gicd: 0xf8000000,
  gicc: 0xf8010000,
  gtimer: 0xf8020000,
};

const MiB = 1 << 20;
const preset = (name: string, description: string, ramMiB: number, packages: Personality[][]): MachineConfig =>
  ({ name, description, ram: ramMiB * MiB, packages, devices: { ...DEFAULT_DEVICES } });

export const PRESETS: readonly MachineConfig[] = [
  preset('x86-1', 'one x86 core', 32, [['x86']]),
  preset('arm-1', 'one arm core', 32, [['arm']]),
  preset('pc-2', 'a two-core x86 PC, like the one QEMU gives', 64, [['x86', 'x86']]),
  preset('hetero-2', 'one x86 and one arm core', 64, [['x86'], ['arm']]),
  preset('hetero-4', '2 x86 + 2 arm cores in two packages (the default)', 128, [['x86', 'x86'], ['arm', 'arm']]),
  preset('numa-32', '8 packages x 4 cores: packages 0-3 x86, 4-7 arm', 512, [
    ...Array.from({ length: 4 }, () => ['x86', 'x86', 'x86', 'x86'] as Personality[]),
    ...Array.from({ length: 4 }, () => ['arm', 'arm', 'arm', 'arm'] as Personality[]),
  ]),
];
export const DEFAULT_MACHINE = 'hetero-4';

export function presetNamed(name: string): MachineConfig | undefined {
  const p = PRESETS.find((m) => m.name === name);
  return p && structuredClone(p);
}

export class ConfigError extends Error {}

/** Validate a parsed JSON machine description; every problem names its JSON path. */
export function parseMachineConfig(json: unknown, where = 'machine'): MachineConfig {
  const errs: string[] = [];
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(json)) throw new ConfigError(`${where}: expected a JSON object`);
  const known = new Set(['name', 'description', 'ram', 'ramMiB', 'packages', 'devices']);
  for (const k of Object.keys(json)) if (!known.has(k)) errs.push(`${where}.${k}: unknown field (expected one of ${[...known].join(', ')})`);
  const name = typeof json.name === 'string' && json.name ? json.name : (errs.push(`${where}.name: expected a non-empty string`), '');
  const description = json.description === undefined ? '' : typeof json.description === 'string' ? json.description : (errs.push(`${where}.description: expected a string`), '');
  let ram = 0;
  if (json.ramMiB !== undefined) ram = Number(json.ramMiB) * MiB;
  else if (json.ram !== undefined) ram = Number(json.ram);
  else errs.push(`${where}.ramMiB: required (RAM size in MiB)`);
  if (!(Number.isInteger(ram) && ram >= MiB && ram <= 1024 * MiB && ram % 4096 === 0)) errs.push(`${where}.ramMiB: RAM must be a whole number of MiB between 1 and 1024`);
  const packages: Personality[][] = [];
  if (!Array.isArray(json.packages) || json.packages.length === 0) errs.push(`${where}.packages: expected a non-empty array of packages, e.g. [["x86", "x86"], ["arm"]]`);
  else json.packages.forEach((p, i) => {
    if (!Array.isArray(p) || p.length === 0) { errs.push(`${where}.packages[${i}]: expected a non-empty array of core personalities`); return; }
    packages.push(p.map((c, j) => {
      if (c !== 'x86' && c !== 'arm') errs.push(`${where}.packages[${i}][${j}]: expected "x86" or "arm", got ${JSON.stringify(c)}`);
      return c as Personality;
    }));
  });
  const cores = packages.reduce((n, p) => n + p.length, 0);
  if (cores > 64) errs.push(`${where}.packages: at most 64 cores (got ${cores})`);
  const devices: DeviceMap = { ...DEFAULT_DEVICES };
  if (json.devices !== undefined) {
    if (!obj(json.devices)) errs.push(`${where}.devices: expected an object`);
    else for (const [k, v] of Object.entries(json.devices)) {
      if (!(k in DEFAULT_DEVICES)) { errs.push(`${where}.devices.${k}: unknown device (expected one of ${Object.keys(DEFAULT_DEVICES).join(', ')})`); continue; }
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) { errs.push(`${where}.devices.${k}: expected an address (integer)`); continue; }
      (devices as unknown as Record<string, number>)[k] = v;
    }
  }
  for (const k of ['pl011', 'exit', 'cpuctl', 'lapic', 'gicd', 'gicc', 'gtimer'] as const) {
    if (devices[k] < ram) errs.push(`${where}.devices.${k}: 0x${devices[k].toString(16)} lies inside RAM`);
  }
  if (errs.length) throw new ConfigError(errs.join('\n'));
  return { name, description, ram, packages, devices };
}

export function coreList(cfg: MachineConfig): { id: number; pers: Personality; pkg: number }[] {
  const out: { id: number; pers: Personality; pkg: number }[] = [];
  cfg.packages.forEach((p, pkg) => p.forEach((pers) => out.push({ id: out.length, pers, pkg })));
  return out;
}
