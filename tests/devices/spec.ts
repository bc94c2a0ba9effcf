// Reads shoal's device specifications (os-src/devices/*.dev) through the Mackerel front end, so
// tests can state datasheet facts about them by register and field name.
import { fileURLToPath } from 'node:url';
import { loadDevice } from '../../compiler/mackerel/load.ts';
import type { Device, Field, Register } from '../../compiler/mackerel/model.ts';

const SPEC_DIR = fileURLToPath(new URL('../../os-src/devices/', import.meta.url));

export interface Spec {
  device: Device;
  reg(name: string): Register;
  /** a field's [lsb, width] */
  field(reg: string, field: string): [number, number];
  /** a constant's value, looked up across all the device's constants types */
  constant(name: string): number;
}

export function spec(name: string): Spec {
  const r = loadDevice(`${SPEC_DIR}${name}.dev`);
  if (!r.device) throw new Error(`${name}.dev: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const device = r.device;
  const reg = (n: string): Register => {
    const found = device.registers.find((x) => x.name === n);
    if (!found) throw new Error(`${name}.dev has no register ${n}`);
    return found;
  };
  return {
    device,
    reg,
    field(rn, fn) {
      const f: Field | undefined = reg(rn).fields.find((x) => x.name === fn);
      if (!f) throw new Error(`${name}.${rn} has no field ${fn}`);
      return [f.lsb, f.width];
    },
    constant(cn) {
      for (const t of device.types) {
        if (t.kind !== 'constants') continue;
        const v = t.values.find((x) => x.name === cn);
        if (v) return Number(v.value);
      }
      throw new Error(`${name}.dev has no constant ${cn}`);
    },
  };
}
