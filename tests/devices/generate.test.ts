// os-src/devices/generate.ts: every spec gets its outputs, and they are Mackerel's output as is
// (the generator is the one place a generated module's text comes from).
import { describe, expect, it } from 'vitest';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { DEVICE_GENERATED, DEVICE_SPECS } from '../../os-src/devices/generate.ts';

describe('device outputs', () => {
  it('each spec has a TS layout for the VM and a Fin module for drivers, plus the register-map doc', () => {
    expect(DEVICE_SPECS.length).toBeGreaterThan(0);
    const paths = DEVICE_GENERATED.map((g) => g.path);
    for (const n of DEVICE_SPECS) expect(paths).toEqual(expect.arrayContaining([`vm/devices/gen/${n}.ts`, `stdlib/dev/${n}.fin`]));
    expect(paths).toContain('docs/device-registers.md');
  });

  it('the Fin modules are exactly what mackerelGenerate produces, with no post-processing', () => {
    for (const n of DEVICE_SPECS) {
      const fin = DEVICE_GENERATED.find((g) => g.path === `stdlib/dev/${n}.fin`)!.generate();
      expect(fin).toBe(mackerelGenerate(`os-src/devices/${n}.dev`, { fin: true }).fin);
    }
  });
});
