// docs/device-registers.md: the register map of every device, printed from the specs in this
// folder, so the documentation cannot disagree with the layouts the models and drivers use.
// One of the outputs generate.ts lists (and tools/gen/targets.ts registers).
import { fileURLToPath } from 'node:url';
import { loadDevice } from '../../compiler/mackerel/load.ts';
import type { Device, Register } from '../../compiler/mackerel/model.ts';

const SPEC_DIR = fileURLToPath(new URL('./', import.meta.url));
const hex = (n: number, digits: number) => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;
const cell = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

function location(r: Register, digits: number): string {
  const at = hex(r.offset, digits);
  if (!r.array) return at;
  const a = r.array;
  const stride = a.length > 1 ? a[1] - a[0] : r.width / 8;
  return `${at} + ${stride}·i, i < ${a.length}`;
}

function fields(r: Register): string {
  if (r.fields.length === 0) return r.type.kind === 'builtin' ? `(${r.type.name})` : '';
  return r.fields.filter((f) => !f.anonymous)
    .map((f) => `${f.name}${f.width === 1 ? ` [${f.lsb}]` : ` [${f.lsb}–${f.lsb + f.width - 1}]`}${f.access !== r.access ? ` ${f.access}` : ''}`)
    .join(', ');
}

function device(dev: Device): string[] {
  const args = dev.args.map((a) => `${a.space} ${a.name}`).join(', ');
  const digits = Math.max(...dev.registers.map((r) => r.offset)) > 0xff ? 3 : 2;
  const out = [`## ${dev.name} — ${cell(dev.desc)}`, '', `Spec \`os-src/devices/${dev.name}.dev\`; device arguments: ${args}.`, ''];
  out.push('| offset | register | access | bits | fields [bits] | description |', '| --- | --- | --- | --- | --- | --- |');
  for (const r of [...dev.registers].sort((a, b) => a.offset - b.offset)) {
    out.push(`| ${location(r, digits)} | ${r.name}${r.also ? ' (also)' : ''} | ${r.access} | ${r.width} | ${cell(fields(r))} | ${cell(r.desc)} |`);
  }
  const consts = dev.types.filter((t) => t.kind === 'constants');
  if (consts.length > 0) {
    out.push('', 'Named values:', '');
    for (const c of consts) out.push(`- ${c.name} (${cell(c.desc)}): ${c.values.map((v) => `${v.name} = ${hex(Number(v.value), 1)}`).join(', ')}`);
  }
  out.push('');
  return out;
}

/** The document for the specs `names` (device names, in the order to print them). */
export function generateDeviceRegistersDoc(names: readonly string[]): string {
  const out = [
    '# Device register maps',
    '',
    'Generated from `os-src/devices/*.dev` by `os-src/devices/doc.ts` (`npm run gen`); do not edit.',
    'What the specs are and how the VM and Fin drivers use them: `docs/devices.md`. What each',
    'model does with its registers: `docs/machine.md` and the top of each `vm/devices/*.ts`.',
    'Bits are numbered from 0 (least significant); an access differing from the register\'s is',
    'given after the field.',
    '',
  ];
  for (const name of names) {
    const r = loadDevice(`${SPEC_DIR}${name}.dev`);
    if (!r.device) throw new Error(`os-src/devices/${name}.dev does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    out.push(...device(r.device));
  }
  return out.join('\n');
}
