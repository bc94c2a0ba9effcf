// Register layouts of real devices against their datasheets, the generated TypeScript accessor
// driving a register file in memory, the original's write rules, and bit order.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDevice, mackerelGenerate, type Device } from '../../compiler/mackerel/index.ts';
import { DataViewSpace } from '../../compiler/mackerel/runtime/space.ts';
import { CORPUS } from './corpus.ts';

const OUT = 'tmp/mackerel-layout/';
mkdirSync(OUT, { recursive: true });

function model(file: string): Device {
  const r = loadDevice(CORPUS + file);
  if (!r.device) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.device;
}
const reg = (d: Device, name: string) => d.registers.find((r) => r.name === name)!;
const fieldMap = (d: Device, name: string) => Object.fromEntries(reg(d, name).fields.filter((f) => !f.anonymous).map((f) => [f.name, [f.lsb, f.width]]));

/** Generate the TS for a .dev file into the temp folder and import it. */
async function importTs(devPath: string): Promise<Record<string, unknown>> {
  const r = mackerelGenerate(devPath, { ts: true, tsRuntimeImport: '../../compiler/mackerel/runtime/' });
  if (!r.ts) throw new Error(r.diagnostics.join('\n'));
  const out = `${OUT}${devPath.split('/').pop()!.replace('.dev', '')}.ts`;
  writeFileSync(out, r.ts);
  return import(pathToFileURL(resolve(out)).href) as Promise<Record<string, unknown>>;
}

describe('layouts of real devices (datasheet facts)', () => {
  it('16550 UART: LSR is port base+5, DR..error-in-FIFO are bits 0..7', () => {
    const d = model('devices/pc16550d.dev');
    const lsr = reg(d, 'lsr');
    expect([lsr.builtin, lsr.offset, lsr.width]).toEqual(['io', 5, 8]);
    expect(fieldMap(d, 'lsr')).toEqual({ dr: [0, 1], oe: [1, 1], pe: [2, 1], fe: [3, 1], bi: [4, 1], thre: [5, 1], temt: [6, 1], erfifo: [7, 1] });
  });

  it('local xAPIC: ICR low at 0x300 and high at 0x310 with the SDM\'s fields', () => {
    const d = model('devices/xapic.dev');
    expect([reg(d, 'icr_lo').offset, reg(d, 'icr_hi').offset]).toEqual([0x300, 0x310]);
    expect(fieldMap(d, 'icr_lo')).toEqual({ vector: [0, 8], dlv_mode: [8, 3], dst_mode: [11, 1], dlv_stat: [12, 1], level: [14, 1], trig_mode: [15, 1], dst_short: [18, 2] });
    expect(fieldMap(d, 'icr_hi')).toEqual({ dest: [24, 8] });
    expect(reg(d, 'icr_lo').fields.find((f) => f.name === 'dlv_stat')!.access).toBe('ro');
    // `also` registers may share an address: the Xeon Phi's variant of ICR high
    expect(reg(d, 'icr_hi_xeon_phi').also).toBe(true);
  });

  it('PL011 UART: flag register at 0x18 with TXFF at bit 5 (the bit the console driver polls)', () => {
    const d = model('devices/pl011_uart.dev');
    const fr = d.registers.find((r) => r.offset === 0x18 && r.builtin === 'addr')!;
    expect(fr.fields.find((f) => f.name === 'txff')).toMatchObject({ lsb: 5, width: 1 });
  });
});

describe('generated TypeScript accessor', () => {
  it('reads fields from a register file and pretty-prints with constant names', async () => {
    const m = await importTs(CORPUS + 'devices/xapic.dev');
    const mem = new DataView(new ArrayBuffer(0x400));
    const Xapic = m.Xapic as new (s: Record<string, DataViewSpace>) => Record<string, (...a: number[]) => unknown>;
    const apic = new Xapic({ base: new DataViewSpace(mem) });
    mem.setUint32(0x300, 0x30 | (0b101 << 8) | (1 << 14), true);
    expect(apic.icr_lo_vector_rdf()).toBe(0x30);
    expect(apic.icr_lo_dlv_mode_rdf()).toBe(0b101);
    expect(apic.icr_lo_pr()).toBe('icr_lo: vector=48 dlv_mode=init(5) dst_mode=dst_phys(0) dlv_stat=0 level=lvl_set(1) trig_mode=edge(0) dst_short=none(0)');
    apic.icr_hi_dest_wrf(7);
    expect(mem.getUint32(0x310, true)).toBe(7 << 24);
    const ICR_LO = m.ICR_LO as { offset: number; fields: Record<string, { lsb: number; mask: number }> };
    expect(ICR_LO.offset).toBe(0x300);
    expect(ICR_LO.fields.dlv_mode).toMatchObject({ lsb: 8, mask: 0x700 });
  });

  it('writes as the original: mbz bits 0, mb1 bits 1, rsvd bits preserved by a read first', async () => {
    const dev = `${OUT}toyrules.dev`;
    writeFileSync(dev, `device toyrules lsbfirst (addr base) "write rules" {
      register ctrl addr(base, 0x4) "control" {
        enable 1 "enable";
        _      3;            // rsvd by default
        zero   4 mbz;
        one    4 mb1;
        mode   4 "mode";
        _     16 mbz;
      };
    };`);
    const m = await importTs(dev);
    const mem = new DataView(new ArrayBuffer(16));
    mem.setUint32(4, 0xffff_ffff, true);
    const T = m.Toyrules as new (s: Record<string, DataViewSpace>) => Record<string, (...a: number[]) => unknown>;
    const t = new T({ base: new DataViewSpace(mem) });
    t.ctrl_wr(0);
    // enable 0, rsvd bits 1..3 kept (1), zero field 0, one field 1, mode 0, top 16 bits 0
    expect(mem.getUint32(4, true)).toBe(0b1111_0000_1110);
    t.ctrl_mode_wrf(0xa);
    expect(mem.getUint32(4, true)).toBe(0b1010_1111_0000_1110);
  });
});

describe('bit order and arrays', () => {
  it('msbfirst devices lay the first declared field on top; regarray elements step by the stride', () => {
    const dev = `${OUT}toyorder.dev`;
    writeFileSync(dev, `device toyorder msbfirst (addr base) "order" {
      register r addr(base, 0) { top 4; mid 8; low 4; };
      regarray q rw addr(base, 0x100) [4; 0x10] "counters" type(uint32);
      regarray p rw addr(base, 0x200) [3] "packed" type(uint16);
      regarray l rw addr(base, 0x300) [0x0, 0x8, 0x20] "listed" type(uint8);
    };`);
    const r = loadDevice(dev);
    expect(r.diagnostics).toEqual([]);
    const d = r.device!;
    expect(fieldMap(d, 'r')).toEqual({ top: [12, 4], mid: [4, 8], low: [0, 4] });
    expect(reg(d, 'q').array).toEqual([0, 0x10, 0x20, 0x30]);
    expect(reg(d, 'p').array).toEqual([0, 2, 4]);
    expect(reg(d, 'l').array).toEqual([0, 8, 0x20]);
  });

  it('keywords match in any case, reserved words are refused as names, comments nest, 1s and 0b literals', () => {
    const dev = `${OUT}toylex.dev`;
    writeFileSync(dev, `/* outer /* inner */ still comment */
    DEVICE toylex LsbFirst (ADDR base) "lexical" {
      constants c WIDTH(4) "c" { all = 1s; two = 0b10; };
      Register r RW addr(base, 0) { f 4 type(c); _ 4; };
    };`);
    const r = loadDevice(dev);
    expect(r.diagnostics).toEqual([]);
    const c = r.device!.types.find((t) => t.kind === 'constants');
    expect(c && c.kind === 'constants' ? c.values.map((v) => v.value) : []).toEqual([-1n, 2n]);
    writeFileSync(dev, 'device toylex (addr base) "x" { register Type addr(base, 0) type(uint8); };');
    expect(loadDevice(dev).diagnostics[0]).toMatchObject({ name: 'syntax', pos: { line: 1, col: 42 } });
  });

  it('reports fields that do not fill the register, unknown types and duplicates, each located', () => {
    const dev = `${OUT}toybad.dev`;
    writeFileSync(dev, `device toybad (addr base) "bad" {
  register a addr(base, 0) { f 3; };
  register b addr(base, 4) { g 8 type(nosuch); };
  register b addr(base, 8) type(uint8);
  register c addr(base, 12) type(nosuchtype);
};`);
    const names = loadDevice(dev).diagnostics.map((d) => `${d.name}@${d.pos.line}`);
    expect(names).toEqual(['unusual-register-size@2', 'duplicate-register@3', 'undefined-field-type@3', 'undefined-register-type@5']);
  });
});
