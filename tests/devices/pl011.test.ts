import { describe, expect, it } from 'vitest';
import * as R from '../../vm/devices/gen/pl011.ts';
import { FR_RXFE, FR_RXFF, FR_TXFE, INT_RX, INT_TX } from '../../vm/devices/pl011.ts';
import { D, rig } from './fixtures.ts';

const B = D.pl011;

describe('PL011 UART', () => {
  it('FR: TX always empty and not full, RXFE until input arrives', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    expect(r.rd(c, B + R.FR.offset)).toBe(FR_TXFE | FR_RXFE);
    r.bus.console.input.push(0x68);
    expect(r.rd(c, B + R.FR.offset)).toBe(FR_TXFE | FR_RXFF); // FIFOs off: the holding register is full
    r.wr(c, B + R.LCR_H.offset, 0x70); // FEN, 8 bits
    expect(r.rd(c, B + R.FR.offset)).toBe(FR_TXFE);
    expect(r.rd(c, B + R.DR.offset)).toBe(0x68);
    expect(r.rd(c, B + R.FR.offset)).toBe(FR_TXFE | FR_RXFE);
    expect(r.rd(c, B + R.DR.offset)).toBe(0);
  });

  it('DR writes of any width transmit the low byte', () => {
    const r = rig(['arm', 'arm']);
    r.wr(r.cores[1], B + R.DR.offset, 0x4f, 1);
    r.wr(r.cores[0], B + R.DR.offset, 0x34b);
    expect(r.bus.console.out).toEqual([{ byte: 0x4f, core: 1 }, { byte: 0x4b, core: 0 }]);
  });

  it('reset values, stored registers and identification', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    expect(r.rd(c, B + R.CR.offset)).toBe(0x300);
    expect(r.rd(c, B + R.IFLS.offset)).toBe(0x12);
    r.wr(c, B + R.IBRD.offset, 0x1234f);
    r.wr(c, B + R.FBRD.offset, 0xff);
    r.wr(c, B + R.CR.offset, 0x301);
    expect(r.rd(c, B + R.IBRD.offset)).toBe(0x234f);
    expect(r.rd(c, B + R.FBRD.offset)).toBe(0x3f);
    expect(r.rd(c, B + R.CR.offset)).toBe(0x301);
    expect(r.rd(c, B + R.RSR.offset)).toBe(0);
    const ids = [0xfe0, 0xfe4, 0xfe8, 0xfec, 0xff0, 0xff4, 0xff8, 0xffc].map((o) => r.rd(c, B + o));
    expect(ids).toEqual([0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1]);
    expect(r.rd(c, B + 0x800)).toBe(0);
  });

  it('RIS/MIS/ICR, and the RX interrupt on GIC SPI 33', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    r.wr(c, B + R.DR.offset, 0x41);
    expect(r.rd(c, B + R.RIS.offset)).toBe(INT_TX);
    expect(r.rd(c, B + R.MIS.offset)).toBe(0);
    r.wr(c, B + R.ICR.offset, INT_TX);
    expect(r.rd(c, B + R.RIS.offset)).toBe(0);

    // GIC: enable SPI 33 to core 0 at priority 0x80
    r.wr(c, D.gicd + 0x000, 1);
    r.wr(c, D.gicd + 0x104, 1 << 1);
    r.wr(c, D.gicd + 0x400 + 33, 0x80, 1);
    r.wr(c, D.gicd + 0x800 + 33, 1, 1);
    r.wr(c, D.gicc + 0x00, 1);
    r.wr(c, D.gicc + 0x04, 0xff);
    r.wr(c, B + R.IMSC.offset, INT_RX);
    r.intc(c).tick(c);
    expect(r.intc(c).pending(c)).toBe(false);
    r.bus.console.input.push(0x62);
    r.intc(c).tick(c);
    expect(r.rd(c, B + R.MIS.offset)).toBe(INT_RX);
    expect(r.intc(c).pending(c)).toBe(true);
    expect(r.rd(c, D.gicc + 0x0c)).toBe(33);
    expect(r.rd(c, B + R.DR.offset)).toBe(0x62);
    expect(r.rd(c, B + R.RIS.offset)).toBe(0);
    r.wr(c, D.gicc + 0x10, 33);
    expect(r.intc(c).pending(c)).toBe(false);
  });
});
