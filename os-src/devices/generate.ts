// shoal's device specifications — the `.dev` files beside this one — are the one source of truth
// for device register layouts. From each spec NAME.dev, Mackerel generates:
//   vm/devices/gen/NAME.ts   layout descriptors (offsets, field lsb/width/mask, constants) that
//                            the VM's device model implements, and a typed accessor class;
//   stdlib/dev/NAME.fin      the Fin accessor module drivers import as `dev.NAME`;
// and from all of them docs/device-registers.md (doc.ts). Every spec in this folder gets all
// three. The Fin modules are generated without an `arch`, so a device in the io space (the
// 16550) still imports on arm, where its port accessors trap (docs/mackerel.md). The outputs are registered in tools/gen/targets.ts, so `npm run gen` rewrites them and
// tests/gen.test.ts fails when one is stale.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { generateDeviceRegistersDoc } from './doc.ts';

const SPEC_DIR = fileURLToPath(new URL('./', import.meta.url));
/** compiler/mackerel/runtime/ as seen from vm/devices/gen/ */
const RUNTIME_FROM_VM_GEN = '../../../compiler/mackerel/runtime/';

/** The device names, one per spec file (Mackerel requires device name = file name). */
export const DEVICE_SPECS: readonly string[] = readdirSync(SPEC_DIR).filter((f) => f.endsWith('.dev')).map((f) => f.slice(0, -4)).sort();

function generate(name: string, kind: 'ts' | 'fin'): string {
  const r = mackerelGenerate(`${SPEC_DIR}${name}.dev`, kind === 'ts' ? { ts: true, tsRuntimeImport: RUNTIME_FROM_VM_GEN } : { fin: true });
  const text = r[kind];
  if (text === undefined) throw new Error(`os-src/devices/${name}.dev does not compile:\n${r.diagnostics.join('\n')}`);
  return text;
}

export interface DeviceTarget { path: string; generate: () => string }

export const DEVICE_GENERATED: DeviceTarget[] = [
  ...DEVICE_SPECS.flatMap((name) => [
    { path: `vm/devices/gen/${name}.ts`, generate: () => generate(name, 'ts') },
    { path: `stdlib/dev/${name}.fin`, generate: () => generate(name, 'fin') },
  ]),
  { path: 'docs/device-registers.md', generate: () => generateDeviceRegistersDoc(DEVICE_SPECS) },
];
