import { describe, expect, it } from 'vitest';
import * as LAPIC from '../../vm/devices/gen/lapic.ts';
import { SVR_ENABLE } from '../../vm/devices/lapic.ts';
import { D, rig } from './fixtures.ts';

const P = D.uart16550Port;

describe('16550 UART', () => {
  it('sends THR bytes to the console with the writing core', () => {
    const r = rig(['x86', 'x86']);
    r.outb(r.cores[1], P, 0x41);
    r.outb(r.cores[0], P, 0x142); // only the low byte
    expect(r.bus.console.out).toEqual([{ byte: 0x41, core: 1 }, { byte: 0x42, core: 0 }]);
  });

  it('LSR: THRE and TEMT always set, DR only while input waits', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    expect(r.inb(c, P + 5)).toBe(0x60);
    expect(r.inb(c, P)).toBe(0); // nothing waiting: reads 0
    expect(r.inb(c, P + 5)).toBe(0x60);
    r.bus.console.input.push(0x7a, 0x31);
    expect(r.inb(c, P + 5)).toBe(0x61);
    expect(r.inb(c, P + 5)).toBe(0x61); // looking does not consume
    expect(r.inb(c, P)).toBe(0x7a);
    expect(r.inb(c, P + 5)).toBe(0x61);
    expect(r.inb(c, P)).toBe(0x31);
    expect(r.inb(c, P + 5)).toBe(0x60);
  });

  it('DLAB selects the divisor latches at ports 0 and 1', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    r.outb(c, P + 1, 0x05); // IER
    r.outb(c, P + 3, 0x83); // DLAB, 8 bits
    r.outb(c, P, 0x0c);
    r.outb(c, P + 1, 0x00);
    expect(r.inb(c, P)).toBe(0x0c);
    expect(r.inb(c, P + 1)).toBe(0);
    expect(r.bus.console.out).toEqual([]);
    r.outb(c, P + 3, 0x03);
    expect(r.inb(c, P + 3)).toBe(0x03);
    expect(r.inb(c, P + 1)).toBe(0x05);
    r.outb(c, P, 0x21);
    expect(r.bus.console.text()).toBe('!');
  });

  it('IIR reports FIFO state, RX data and the THR-empty interrupt', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    expect(r.inb(c, P + 2)).toBe(0x01);
    r.outb(c, P + 2, 0x07); // FCR: enable and clear FIFOs
    expect(r.inb(c, P + 2)).toBe(0xc1);
    r.outb(c, P + 1, 0x02); // ETBEI
    expect(r.inb(c, P + 2)).toBe(0xc2);
    expect(r.inb(c, P + 2)).toBe(0xc1); // reading IIR cleared it
    r.outb(c, P, 0x2e);
    expect(r.inb(c, P + 2)).toBe(0xc2);
    r.outb(c, P + 1, 0x03);
    r.bus.console.input.push(9);
    expect(r.inb(c, P + 2)).toBe(0xc4); // RX data outranks THRE
    r.inb(c, P);
    expect(r.inb(c, P + 2)).toBe(0xc1); // THRE was already reported before the byte came
    r.outb(c, P + 1, 0x01);
    r.outb(c, P + 1, 0x03); // enabling ETBEI again reports the empty THR
    expect(r.inb(c, P + 2)).toBe(0xc2);
  });

  it('MCR loopback routes THR to RBR and MCR outputs to MSR; SCR is scratch', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    expect(r.inb(c, P + 6)).toBe(0xb0);
    r.outb(c, P + 4, 0x1a); // loop, OUT2, RTS
    expect(r.inb(c, P + 4)).toBe(0x1a);
    expect(r.inb(c, P + 6)).toBe(0x90);
    r.outb(c, P, 0x55);
    expect(r.bus.console.out).toEqual([]);
    expect(r.inb(c, P + 5)).toBe(0x61);
    expect(r.inb(c, P)).toBe(0x55);
    r.outb(c, P + 7, 0xa5);
    expect(r.inb(c, P + 7)).toBe(0xa5);
  });

  it('RX interrupt: IER bit 0 and input waiting raise LINT0 of the x86 cores', () => {
    const r = rig(['x86', 'x86']);
    const [c0, c1] = r.cores;
    r.wr(c0, D.lapic + LAPIC.SVR.offset, SVR_ENABLE | 0xff);
    r.wr(c0, D.lapic + LAPIC.LVT_LINT0.offset, 0x8000 | 0x24); // level-triggered, fixed, vector 0x24
    r.outb(c0, P + 1, 0x01);
    r.intc(c1).tick(c1); // no input: nothing
    expect(r.intc(c0).pending(c0)).toBe(false);
    r.bus.console.input.push(0x71);
    r.intc(c1).tick(c1); // any core's tick polls the UART
    expect(r.intc(c0).pending(c0)).toBe(true);
    expect(r.intc(c1).pending(c1)).toBe(false); // its LINT0 is masked
    expect(r.intc(c0).ack(c0)).toBe(0x24);
    expect(r.inb(c0, P)).toBe(0x71); // line drops
    r.wr(c0, D.lapic + LAPIC.EOI.offset, 0);
    expect(r.intc(c0).pending(c0)).toBe(false);
  });

  it('a level LINT0 that stays high is raised again after EOI', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    r.wr(c, D.lapic + LAPIC.SVR.offset, SVR_ENABLE | 0xff);
    r.wr(c, D.lapic + LAPIC.LVT_LINT0.offset, 0x8000 | 0x24);
    r.outb(c, P + 1, 0x01);
    r.bus.console.input.push(1, 2);
    r.devs.poll();
    expect(r.intc(c).ack(c)).toBe(0x24);
    r.wr(c, D.lapic + LAPIC.EOI.offset, 0);
    expect(r.intc(c).pending(c)).toBe(true); // byte still unread
  });
});
