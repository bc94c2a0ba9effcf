import { describe, expect, it } from 'vitest';
import type { Core } from '../../vm/core/core.ts';
import {
  ESR_SEND_ILLEGAL, ICR_ALL, ICR_INIT, ICR_LOGICAL, ICR_OTHERS, ICR_SELF, ICR_STARTUP, LapicState, LVT_MASKED,
  LVT_PERIODIC, lapicDivide, SVR_ENABLE,
} from '../../vm/devices/lapic.ts';
import * as R from '../../vm/devices/gen/lapic.ts';
import { D, rig, type Rig } from './fixtures.ts';

const A = D.lapic;
const enable = (r: Rig, c: Core) => r.wr(c, A + R.SVR.offset, SVR_ENABLE | 0xff);
const irr = (r: Rig, c: Core) => (c.intc as LapicState).irr;
const hasIrr = (r: Rig, c: Core, v: number) => (irr(r, c)[v >> 5] & (1 << (v & 31))) !== 0;

describe('local APIC registers', () => {
  it('ID, version, reset values; banked per core', () => {
    const r = rig(['x86', 'x86', 'arm']);
    const [c0, c1, c2] = r.cores;
    expect(r.rd(c0, A + R.ID.offset)).toBe(0);
    expect(r.rd(c1, A + R.ID.offset)).toBe(1 << 24);
    expect(r.rd(c0, A + R.VERSION.offset)).toBe(0x00050014);
    expect(r.rd(c0, A + R.SVR.offset)).toBe(0xff);
    expect(r.rd(c0, A + R.DFR.offset)).toBe(0xffffffff);
    r.wr(c0, A + R.DFR.offset, 0); // cluster model: only bits 28-31 are writable
    expect(r.rd(c0, A + R.DFR.offset)).toBe(0x0fffffff);
    r.wr(c0, A + R.DFR.offset, -1);
    for (const o of [R.LVT_TIMER.offset, R.LVT_LINT0.offset, R.LVT_LINT1.offset, R.LVT_ERROR.offset]) expect(r.rd(c0, A + o)).toBe(LVT_MASKED);
    r.wr(c1, A + R.TPR.offset, 0x1ab);
    expect(r.rd(c1, A + R.TPR.offset)).toBe(0xab);
    expect(r.rd(c0, A + R.TPR.offset)).toBe(0);
    expect(r.rd(c2, A + R.VERSION.offset)).toBe(0); // an arm core has no local APIC
    expect(r.rd(c0, A + R.VERSION.offset + 4)).toBe(0); // between registers
    expect(r.rd(c1, A + R.ID.offset + 3, 1)).toBe(1); // narrow read of the top byte
  });

  it('divide configuration uses the real encoding', () => {
    expect([0, 1, 2, 3, 8, 9, 10, 11].map(lapicDivide)).toEqual([2, 4, 8, 16, 32, 64, 128, 1]);
  });
});

describe('local APIC IPIs', () => {
  it('fixed IPI to one core, to self, to all, to all but self', () => {
    const r = rig(['x86', 'x86', 'x86', 'arm']);
    const [c0, c1, c2] = r.cores;
    r.wr(c0, A + R.ICR_HI.offset, 2 << 24);
    r.wr(c0, A + R.ICR_LO.offset, 0x40);
    expect(r.bus.ipis).toEqual([{ from: 0, to: 2, num: 0x40 }]);
    expect(hasIrr(r, c2, 0x40)).toBe(true);
    expect(r.rd(c0, A + R.ICR_LO.offset)).toBe(0x40);
    expect(r.rd(c0, A + R.ICR_HI.offset)).toBe(2 << 24);

    r.bus.ipis.length = 0;
    r.wr(c1, A + R.ICR_LO.offset, ICR_SELF | 0x51);
    expect(r.bus.ipis).toEqual([{ from: 1, to: 1, num: 0x51 }]);
    expect(hasIrr(r, c1, 0x51)).toBe(true);

    r.bus.ipis.length = 0;
    r.wr(c1, A + R.ICR_LO.offset, ICR_OTHERS | 0x60);
    expect(r.bus.ipis.map((i) => i.to)).toEqual([0, 2]); // x86 cores only
    r.bus.ipis.length = 0;
    r.wr(c1, A + R.ICR_LO.offset, ICR_ALL | 0x61);
    expect(r.bus.ipis.map((i) => i.to)).toEqual([0, 1, 2]);
    r.bus.ipis.length = 0;
    r.wr(c1, A + R.ICR_HI.offset, 0xff << 24);
    r.wr(c1, A + R.ICR_LO.offset, 0x62); // physical broadcast
    expect(r.bus.ipis.map((i) => i.to)).toEqual([0, 1, 2]);
  });

  it('logical (flat) destinations match LDR', () => {
    const r = rig(['x86', 'x86', 'x86']);
    const [c0, c1, c2] = r.cores;
    r.wr(c1, A + R.LDR.offset, 0x02 << 24);
    r.wr(c2, A + R.LDR.offset, 0x04 << 24);
    r.wr(c0, A + R.ICR_HI.offset, 0x06 << 24);
    r.wr(c0, A + R.ICR_LO.offset, ICR_LOGICAL | 0x70);
    expect(r.bus.ipis.map((i) => i.to)).toEqual([1, 2]);
  });

  it('delivery status reads 0 and illegal vectors set ESR', () => {
    const r = rig(['x86', 'x86']);
    const c0 = r.cores[0];
    r.wr(c0, A + R.ICR_HI.offset, 1 << 24);
    r.wr(c0, A + R.ICR_LO.offset, 0x1000 | 5); // vector 5, delivery status bit written
    expect(r.rd(c0, A + R.ICR_LO.offset) & 0x1000).toBe(0);
    expect(r.bus.ipis).toEqual([]);
    expect(r.rd(c0, A + R.ESR.offset)).toBe(0);
    r.wr(c0, A + R.ESR.offset, 0); // latch
    expect(r.rd(c0, A + R.ESR.offset)).toBe(ESR_SEND_ILLEGAL);
    r.wr(c0, A + R.ESR.offset, 0);
    expect(r.rd(c0, A + R.ESR.offset)).toBe(0);
  });

  it('STARTUP starts an off core at vector << 12; INIT is harmless; fixed IPIs to off cores are dropped', () => {
    const r = rig(['x86', 'x86', 'x86'], [1, 2]);
    const [c0, c1] = r.cores;
    r.wr(c0, A + R.ICR_HI.offset, 1 << 24);
    r.wr(c0, A + R.ICR_LO.offset, 0x45);
    expect(hasIrr(r, c1, 0x45)).toBe(false);
    r.wr(c0, A + R.ICR_LO.offset, ICR_INIT | 0x4000);
    expect(r.bus.started).toEqual([]);
    r.wr(c0, A + R.ICR_LO.offset, ICR_STARTUP | 0x08);
    expect(r.bus.started).toEqual([{ id: 1, entry: 0x8000 }]);
    expect(c1.off).toBe(false);
    r.wr(c0, A + R.ICR_LO.offset, ICR_STARTUP | 0x09); // already running: ignored
    expect(r.bus.started.length).toBe(1);
    r.wr(c0, A + R.ICR_LO.offset, ICR_OTHERS | ICR_STARTUP | 0x0a); // INIT-SIPI-SIPI broadcast
    expect(r.bus.started).toEqual([{ id: 1, entry: 0x8000 }, { id: 2, entry: 0xa000 }]);
  });

  it('STARTUP works while the APIC is software-disabled', () => {
    const r = rig(['x86', 'x86'], [1]);
    r.wr(r.cores[0], A + R.ICR_HI.offset, 1 << 24);
    r.wr(r.cores[0], A + R.ICR_LO.offset, ICR_STARTUP | 0x10);
    expect(r.bus.started).toEqual([{ id: 1, entry: 0x10000 }]);
  });
});

describe('local APIC priorities', () => {
  it('nothing is pending while software-disabled', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    r.wr(c, A + R.ICR_LO.offset, ICR_SELF | 0x40);
    expect(r.intc(c).pending(c)).toBe(false);
    expect(r.intc(c).ack(c)).toBe(-1);
    enable(r, c);
    expect(r.intc(c).pending(c)).toBe(true);
    expect(r.intc(c).ack(c)).toBe(0x40);
    expect(r.intc(c).ack(c)).toBe(-1);
  });

  it('TPR and in-service classes mask lower vectors; EOI clears the highest in-service', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    const intc = r.intc(c);
    enable(r, c);
    r.wr(c, A + R.ICR_LO.offset, ICR_SELF | 0x45);
    r.wr(c, A + R.ICR_LO.offset, ICR_SELF | 0x32);
    r.wr(c, A + R.TPR.offset, 0x50);
    expect(intc.pending(c)).toBe(false);
    expect(r.rd(c, A + R.PPR.offset)).toBe(0x50);
    r.wr(c, A + R.TPR.offset, 0x40);
    expect(intc.pending(c)).toBe(false); // class 4 is not above TPR class 4
    r.wr(c, A + R.TPR.offset, 0x3f);
    expect(intc.pending(c)).toBe(true);
    r.wr(c, A + R.TPR.offset, 0);
    expect(intc.ack(c)).toBe(0x45);
    expect(r.rd(c, A + R.ISR.offset + 0x20) >>> 0).toBe(1 << 5); // 0x45 in ISR word 2
    expect(r.rd(c, A + R.PPR.offset)).toBe(0x40);
    expect(intc.pending(c)).toBe(false); // 0x32 is below the in-service class
    r.wr(c, A + R.ICR_LO.offset, ICR_SELF | 0x47);
    expect(intc.pending(c)).toBe(false); // same class as in service
    r.wr(c, A + R.ICR_LO.offset, ICR_SELF | 0x51);
    expect(intc.ack(c)).toBe(0x51); // nests
    r.wr(c, A + R.EOI.offset, 0);
    expect(r.rd(c, A + R.ISR.offset + 0x20)).toBe(1 << 5); // 0x51 ended, 0x45 still in service
    expect(intc.pending(c)).toBe(false);
    r.wr(c, A + R.EOI.offset, 0);
    expect(intc.ack(c)).toBe(0x47);
    r.wr(c, A + R.EOI.offset, 0);
    expect(intc.ack(c)).toBe(0x32);
    expect(r.rd(c, A + R.IRR.offset + 0x10)).toBe(0);
  });

  it('clearing the software enable masks every LVT', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    enable(r, c);
    r.wr(c, A + R.LVT_TIMER.offset, 0x30);
    expect(r.rd(c, A + R.LVT_TIMER.offset)).toBe(0x30);
    r.wr(c, A + R.SVR.offset, 0xff);
    expect(r.rd(c, A + R.LVT_TIMER.offset)).toBe(LVT_MASKED | 0x30);
    r.wr(c, A + R.LVT_TIMER.offset, 0x30);
    expect(r.rd(c, A + R.LVT_TIMER.offset)).toBe(LVT_MASKED | 0x30);
  });
});

describe('local APIC timer', () => {
  it('one-shot with divide 16', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    const intc = r.intc(c);
    enable(r, c);
    r.wr(c, A + R.TIMER_DIV.offset, 0x3);
    r.wr(c, A + R.LVT_TIMER.offset, 0x30);
    c.cycles = 1000;
    r.wr(c, A + R.TIMER_INIT.offset, 100);
    expect(r.rd(c, A + R.TIMER_INIT.offset)).toBe(100);
    expect(intc.nextDeadline(c)).toBe(1000 + 1600);
    c.cycles = 1160;
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(90);
    c.cycles = 2599;
    intc.tick(c);
    expect(intc.pending(c)).toBe(false);
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(1);
    c.cycles = 2600;
    intc.tick(c);
    expect(intc.pending(c)).toBe(true);
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(0);
    expect(intc.nextDeadline(c)).toBe(Infinity);
    expect(intc.ack(c)).toBe(0x30);
    r.wr(c, A + R.EOI.offset, 0);
    c.cycles = 10_000;
    intc.tick(c);
    expect(intc.pending(c)).toBe(false);
  });

  it('periodic reloads keep exact phase, however late tick() comes', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    const intc = r.intc(c);
    enable(r, c);
    r.wr(c, A + R.TIMER_DIV.offset, 0x0); // divide by 2
    r.wr(c, A + R.LVT_TIMER.offset, LVT_PERIODIC | 0x31);
    c.cycles = 0;
    r.wr(c, A + R.TIMER_INIT.offset, 10); // period 20 cycles
    c.cycles = 25;
    intc.tick(c);
    expect(intc.ack(c)).toBe(0x31);
    r.wr(c, A + R.EOI.offset, 0);
    expect(intc.nextDeadline(c)).toBe(40);
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(8);
    c.cycles = 95; // three more expiries (40, 60, 80) collapse into one request
    intc.tick(c);
    expect(intc.ack(c)).toBe(0x31);
    expect(intc.ack(c)).toBe(-1);
    r.wr(c, A + R.EOI.offset, 0);
    expect(intc.nextDeadline(c)).toBe(100);
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(3);
    r.wr(c, A + R.TIMER_INIT.offset, 0); // stop
    expect(intc.nextDeadline(c)).toBe(Infinity);
  });

  it('a masked timer counts but raises nothing; divide changes rebase the count', () => {
    const r = rig(['x86']);
    const c = r.cores[0];
    const intc = r.intc(c);
    enable(r, c);
    r.wr(c, A + R.TIMER_DIV.offset, 0xb); // divide by 1
    r.wr(c, A + R.LVT_TIMER.offset, LVT_MASKED | 0x30);
    r.wr(c, A + R.TIMER_INIT.offset, 50);
    expect(intc.nextDeadline(c)).toBe(Infinity);
    c.cycles = 20;
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(30);
    r.wr(c, A + R.LVT_TIMER.offset, 0x30);
    r.wr(c, A + R.TIMER_DIV.offset, 0x8); // divide by 32 from here
    expect(r.rd(c, A + R.TIMER_CUR.offset)).toBe(30);
    expect(intc.nextDeadline(c)).toBe(20 + 30 * 32);
    c.cycles = 20 + 30 * 32;
    intc.tick(c);
    expect(intc.ack(c)).toBe(0x30);
  });
});
