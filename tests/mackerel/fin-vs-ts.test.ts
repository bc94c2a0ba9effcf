// The two backends agree on real bytes: for a corpus device (AMD's VMCB, an in-memory control block
// with 8/16/32/64-bit registers and rw/ro/rsvd/mbz fields), a Fin program generated from the model
// reads every readable register and field through the generated Fin accessors over a RAM buffer on the VM, then
// writes every writable field and reads its register back; the generated TS accessor does the same
// over a DataView of the same bytes. Both personalities must print exactly what TS computes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevice, mackerelGenerate, type Device, type Register } from '../../compiler/mackerel/index.ts';
import { namedFields, readable, regReadable, regWritable, writable } from '../../compiler/mackerel/access.ts';
import { plain } from '../../compiler/mackerel/names.ts';
import { DataViewSpace } from '../../compiler/mackerel/runtime/space.ts';
import { execProgram } from '../../tools/actions/exec.ts';
import { CORPUS } from './corpus.ts';

const OUT = 'tmp/mackerel-fin-vs-ts/';
const DEV = 'amd_vmcb';
const pattern = (i: number) => (i * 37 + 11) & 0xff;
/** the value written to a field: a fixed bit pattern cut to the field's width (at most 32 bits) */
const writeValue = (width: number, k: number) => Number(BigInt.asUintN(Math.min(width, 32), 0xa5c396e1n ^ BigInt(k * 0x01010101)));

type Step = { kind: 'rd' | 'rdf' | 'wrf'; r: Register; f: string; width: number; value?: number };
let dev: Device;
let fin = '';
let steps: Step[] = [];
let size = 0;

beforeAll(() => {
  const loaded = loadDevice(`${CORPUS}devices/${DEV}.dev`);
  if (!loaded.device) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  dev = loaded.device;
  const g = mackerelGenerate(`${CORPUS}devices/${DEV}.dev`, { ts: true, fin: true, tsRuntimeImport: '../../compiler/mackerel/runtime/' });
  mkdirSync(`${OUT}dev`, { recursive: true });
  writeFileSync(`${OUT}${DEV}.ts`, g.ts!);
  writeFileSync(`${OUT}dev/${DEV}.fin`, g.fin!);
  fin = g.fin!;
  size = Math.max(...dev.registers.map((r) => r.offset + r.width / 8)) + 8;
  const regs = dev.registers.filter((r) => !r.array);
  steps = [
    ...regs.filter(regReadable).map((r): Step => ({ kind: 'rd', r, f: '', width: r.width })),
    ...regs.filter(regReadable).flatMap((r) => namedFields(r).filter((f) => readable(f.access)).map((f): Step => ({ kind: 'rdf', r, f: plain(f.name), width: f.width }))),
    ...regs.filter((r) => regReadable(r) && regWritable(r)).flatMap((r) => namedFields(r).filter((f) => writable(f.access) && f.width <= 32)
      .map((f, k): Step => ({ kind: 'wrf', r, f: plain(f.name), width: f.width, value: writeValue(f.width, k) }))),
  ];
});

/** The Fin program: fill the buffer with the pattern, then each step, printing values in hex. */
function finProgram(): string {
  const m = DEV;
  const lines = ['import std.io;', `import dev.${m};`, '', `var mem: [${size}]u8;`, '',
    'fn show(v: u32) { io.print_hex(v); io.print_char(32); }', '',
    'pub fn main() -> i32 {', `    for i in 0..${size} { mem[i] = ((i * 37 + 11) & 0xff) as u8; }`,
    `    var d: ${m}.Dev;`, `    ${m}.initialize(&d, (&mem[0]) as usize);`];
  for (const s of steps) {
    const r = plain(s.r.name);
    if (s.kind === 'rd') lines.push(s.r.width === 64 ? `    { var v = ${m}.${r}_rd(&d); show(v.lo); show(v.hi); }` : `    show(${m}.${r}_rd(&d) as u32);`);
    else if (s.kind === 'rdf') {
      if (s.r.width === 64 && s.width > 32) lines.push(`    { var w = ${m}.${r}_${s.f}_rdf(&d); show(w.lo); show(w.hi); }`);
      else lines.push(`    show(${m}.${r}_${s.f}_rdf(&d) as u32);`);
    } else {
      lines.push(`    ${m}.${r}_${s.f}_wrf(&d, 0x${s.value!.toString(16)});`);
      if (s.r.width === 64) lines.push(`    { var v = ${m}.${r}_rd(&d); show(v.lo); show(v.hi); }`);
      else lines.push(`    show(${m}.${r}_rd(&d) as u32);`);
    }
  }
  lines.push('    io.println("");', '    return 0;', '}', '');
  return lines.join('\n');
}

/** What the TS accessor gives over the same bytes, in the same format. */
async function tsOutput(): Promise<string> {
  const mod = (await import(pathToFileURL(resolve(`${OUT}${DEV}.ts`)).href)) as Record<string, unknown>;
  const bytes = new Uint8Array(size).map((_, i) => pattern(i));
  const Cls = mod.AmdVmcb as new (s: Record<string, DataViewSpace>) => Record<string, (...a: unknown[]) => number | bigint>;
  const a = new Cls({ [dev.args[0].name]: new DataViewSpace(new DataView(bytes.buffer)) });
  const hex = (v: number | bigint) => `0x${(typeof v === 'bigint' ? v : BigInt(v >>> 0)).toString(16)} `;
  const halves = (v: bigint) => hex(v & 0xffffffffn) + hex(v >> 32n);
  let out = '';
  for (const s of steps) {
    const r = plain(s.r.name);
    if (s.kind === 'rd') {
      const v = a[`${r}_rd`]();
      out += typeof v === 'bigint' ? halves(v) : hex(v);
    } else if (s.kind === 'rdf') {
      const v = a[`${r}_${s.f}_rdf`]();
      out += typeof v === 'bigint' && s.width > 32 ? halves(v) : hex(v);
    } else {
      a[`${r}_${s.f}_wrf`](s.r.width === 64 ? BigInt(s.value!) : s.value!);
      const v = a[`${r}_rd`]();
      out += typeof v === 'bigint' ? halves(v) : hex(v);
    }
  }
  return `${out}\n`;
}

describe(`generated Fin and TS accessors agree (${DEV})`, () => {
  it('the program covers the device: every step names an accessor both backends generated', () => {
    expect(steps.filter((s) => s.kind === 'rdf').length).toBeGreaterThan(150);
    expect(steps.filter((s) => s.kind === 'wrf').length).toBeGreaterThan(100);
    expect(new Set(steps.map((s) => s.r.width))).toEqual(new Set([8, 16, 32, 64]));
    for (const s of steps) expect(fin).toContain(`pub fn ${plain(s.r.name)}_${s.kind === 'rd' ? '' : `${s.f}_`}${s.kind}(`);
  });

  it.each(['x86', 'arm'] as const)('%s: the Fin accessors print what the TS accessor computes over the same bytes', async (arch) => {
    const prog = `${OUT}main_${arch}.fin`;
    writeFileSync(prog, finProgram());
    const r = execProgram({ files: [prog], arch, maxCycles: 200_000_000 });
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.console).toBe(await tsOutput());
  });
});
