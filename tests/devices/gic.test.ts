import { describe, expect, it } from 'vitest';
import type { Core } from '../../vm/core/core.ts';
import * as C from '../../vm/devices/gen/gicc.ts';
import * as G from '../../vm/devices/gen/gicd.ts';
import { SGIR_CORE, SGIR_OTHERS, SGIR_SELF, type GicCpuState } from '../../vm/devices/gic.ts';
import { D, rig, type Rig } from './fixtures.ts';

const gd = (o: number) => D.gicd + o;
const gc = (o: number) => D.gicc + o;

/** Distributor and this core's CPU interface on, every priority let through. */
function on(r: Rig, c: Core, pmr = 0xff): void {
  r.wr(c, gd(G.CTLR.offset), 1);
  r.wr(c, gc(C.CTLR.offset), 1);
  r.wr(c, gc(C.PMR.offset), pmr);
}
/** Enable SPI/PPI `id` at `prio`, targeting core `c` (SPIs). */
function route(r: Rig, c: Core, id: number, prio: number): void {
  r.wr(c, gd(G.ISENABLER.offset + 4 * (id >> 5)), 1 << (id & 31));
  r.wr(c, gd(G.IPRIORITYR.offset + id), prio, 1);
  if (id >= 32) r.wr(c, gd(G.ITARGETSR.offset + id), 1 << c.id, 1);
}
const pend = (r: Rig, c: Core, id: number) => r.wr(c, gd(G.ISPENDR.offset + 4 * (id >> 5)), 1 << (id & 31));
const iar = (r: Rig, c: Core) => r.rd(c, gc(C.IAR.offset));
const eoi = (r: Rig, c: Core, v: number) => r.wr(c, gc(C.EOIR.offset), v);

describe('GIC distributor registers', () => {
  it('TYPER, IIDR, identification', () => {
    const r = rig(['x86', 'x86', 'arm', 'arm']);
    const c = r.cores[2];
    expect(r.rd(c, gd(G.TYPER.offset))).toBe(1 | (3 << 5));
    expect(r.rd(c, gd(G.IIDR.offset))).toBe(0x0200143b);
    expect(r.rd(c, gd(0xfe8))).toBe(0x2b);
    expect(r.rd(c, gd(0xff0))).toBe(0x0d);
    expect(r.rd(c, gd(G.ICFGR.offset))).toBe(0xaaaaaaaa);
    expect(r.rd(c, gc(C.IIDR.offset))).toBe(0x0202143b);
    const big = rig(Array.from({ length: 12 }, () => 'arm' as const));
    expect(big.rd(big.cores[0], gd(G.TYPER.offset))).toBe(1 | (7 << 5));
  });

  it('SGIs always enabled; PPI enables banked; SPI enables shared', () => {
    const r = rig(['arm', 'arm']);
    const [a, b] = r.cores;
    expect(r.rd(a, gd(G.ISENABLER.offset))).toBe(0xffff);
    r.wr(a, gd(G.ISENABLER.offset), 0xffffffff);
    expect(r.rd(a, gd(G.ISENABLER.offset))).toBe(0xffffffff);
    expect(r.rd(b, gd(G.ISENABLER.offset))).toBe(0xffff);
    r.wr(a, gd(G.ICENABLER.offset), 0xffffffff);
    expect(r.rd(a, gd(G.ICENABLER.offset))).toBe(0xffff);
    r.wr(a, gd(G.ISENABLER.offset + 4), 0x80000001);
    expect(r.rd(b, gd(G.ISENABLER.offset + 4))).toBe(0x80000001);
    r.wr(b, gd(G.ICENABLER.offset + 4), 1);
    expect(r.rd(a, gd(G.ISENABLER.offset + 4))).toBe(0x80000000);
  });

  it('priorities and targets are byte-accessible; SGI/PPI targets read the own bit', () => {
    const r = rig(['arm', 'arm', 'arm']);
    const [a, , c] = r.cores;
    r.wr(a, gd(G.IPRIORITYR.offset + 4), 0xa0b0c0d0);
    expect(r.rd(a, gd(G.IPRIORITYR.offset + 6), 1)).toBe(0xb0);
    expect(r.rd(c, gd(G.IPRIORITYR.offset + 4))).toBe(0); // banked
    r.wr(a, gd(G.IPRIORITYR.offset + 40), 0x55, 1);
    expect(r.rd(c, gd(G.IPRIORITYR.offset + 40))).toBe(0x55);
    expect(r.rd(c, gd(G.ITARGETSR.offset))).toBe(0x04040404);
    r.wr(c, gd(G.ITARGETSR.offset), 0x01010101); // read-only
    expect(r.rd(a, gd(G.ITARGETSR.offset + 28))).toBe(0x01010101);
    r.wr(a, gd(G.ITARGETSR.offset + 33), 0x06, 1);
    expect(r.rd(c, gd(G.ITARGETSR.offset + 32))).toBe(0x0600);
  });
});

describe('GIC CPU interface', () => {
  it('pend, acknowledge, end; spurious 1023', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    const intc = r.intc(c);
    route(r, c, 40, 0x80);
    pend(r, c, 40);
    expect(r.rd(c, gd(G.ISPENDR.offset + 4))).toBe(1 << 8);
    expect(intc.pending(c)).toBe(false); // nothing enabled yet
    expect(iar(r, c)).toBe(1023);
    on(r, c);
    expect(intc.ack(c)).toBe(-1); // arm: software reads IAR
    expect(r.rd(c, gc(C.HPPIR.offset))).toBe(40);
    expect(intc.pending(c)).toBe(true);
    expect(iar(r, c)).toBe(40);
    expect(r.rd(c, gd(G.ISACTIVER.offset + 4))).toBe(1 << 8);
    expect(r.rd(c, gd(G.ISPENDR.offset + 4))).toBe(0);
    expect(r.rd(c, gc(C.RPR.offset))).toBe(0x80);
    expect(intc.pending(c)).toBe(false);
    expect(iar(r, c)).toBe(1023);
    eoi(r, c, 40);
    expect(r.rd(c, gd(G.ISACTIVER.offset + 4))).toBe(0);
    expect(r.rd(c, gc(C.RPR.offset))).toBe(0xff);
    pend(r, c, 40);
    r.wr(c, gd(G.ICPENDR.offset + 4), 1 << 8);
    expect(iar(r, c)).toBe(1023);
  });

  it('highest priority first, lowest id on ties; SPIs only reach their targets', () => {
    const r = rig(['arm', 'arm']);
    const [a, b] = r.cores;
    on(r, a);
    on(r, b);
    route(r, a, 50, 0x60);
    route(r, a, 45, 0x40);
    route(r, a, 44, 0x40);
    for (const id of [50, 45, 44]) pend(r, a, id);
    expect(iar(r, b)).toBe(1023);
    expect(iar(r, a)).toBe(44);
    eoi(r, a, 44);
    expect(iar(r, a)).toBe(45);
    eoi(r, a, 45);
    expect(iar(r, a)).toBe(50);
  });

  it('PMR masks priorities at or above it; reset PMR 0 masks everything', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    const intc = r.intc(c);
    route(r, c, 33, 0x80);
    pend(r, c, 33);
    on(r, c, 0);
    expect(r.rd(c, gc(C.PMR.offset))).toBe(0);
    expect(intc.pending(c)).toBe(false);
    r.wr(c, gc(C.PMR.offset), 0x80);
    expect(intc.pending(c)).toBe(false);
    expect(iar(r, c)).toBe(1023);
    expect(r.rd(c, gc(C.HPPIR.offset))).toBe(33); // HPPIR ignores the mask
    r.wr(c, gc(C.PMR.offset), 0x81);
    expect(intc.pending(c)).toBe(true);
    expect(iar(r, c)).toBe(33);
  });

  it('only a higher group priority preempts the running one (BPR)', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    const intc = r.intc(c);
    on(r, c);
    expect(r.rd(c, gc(C.BPR.offset))).toBe(2);
    route(r, c, 32, 0x80);
    route(r, c, 34, 0xa0);
    route(r, c, 35, 0x7c); // group 0x78 with BPR 2 (bits 7:3): above 0x80
    route(r, c, 36, 0x84);
    pend(r, c, 32);
    expect(iar(r, c)).toBe(32);
    pend(r, c, 34);
    pend(r, c, 36);
    expect(intc.pending(c)).toBe(false); // lower priorities wait
    pend(r, c, 35);
    expect(iar(r, c)).toBe(35); // 0x78 group < 0x80 group: preempts
    r.wr(c, gc(C.BPR.offset), 7); // no preemption at all
    eoi(r, c, 35);
    expect(intc.pending(c)).toBe(false);
    r.wr(c, gc(C.BPR.offset), 2);
    eoi(r, c, 32);
    expect(iar(r, c)).toBe(36);
  });

  it('level SPIs follow their line; edge SPIs latch the rising edge', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    const intc = r.intc(c);
    on(r, c);
    route(r, c, 33, 0x80);
    route(r, c, 34, 0x80);
    r.wr(c, gd(G.ICFGR.offset + 8), 2 << 4); // id 34 edge-triggered
    expect(r.rd(c, gd(G.ICFGR.offset + 8))).toBe(0x20);
    intc.line(33, true);
    intc.line(34, true);
    intc.line(34, false);
    expect(r.rd(c, gd(G.ISPENDR.offset + 4))).toBe(0b110);
    r.wr(c, gd(G.ICPENDR.offset + 4), 0b10); // a high level line stays pending
    expect(r.rd(c, gd(G.ISPENDR.offset + 4))).toBe(0b110);
    expect(iar(r, c)).toBe(33);
    eoi(r, c, 33);
    expect(iar(r, c)).toBe(33); // still high
    intc.line(33, false);
    eoi(r, c, 33);
    expect(iar(r, c)).toBe(34);
    eoi(r, c, 34);
    expect(iar(r, c)).toBe(1023);
  });
});

describe('GIC SGIs', () => {
  it('SGIR target list, all-but-self, self and the core-id extension', () => {
    const r = rig(['x86', 'x86', 'arm', 'arm', 'arm']);
    const a = r.cores[2];
    r.wr(a, gd(G.SGIR.offset), (0b11000 << 16) | 5);
    expect(r.bus.ipis).toEqual([{ from: 2, to: 3, num: 5 }, { from: 2, to: 4, num: 5 }]);
    r.bus.ipis.length = 0;
    r.wr(a, gd(G.SGIR.offset), SGIR_OTHERS | 6);
    expect(r.bus.ipis.map((i) => i.to)).toEqual([3, 4]);
    r.bus.ipis.length = 0;
    r.wr(a, gd(G.SGIR.offset), SGIR_SELF | (0xff << 16) | 7);
    expect(r.bus.ipis).toEqual([{ from: 2, to: 2, num: 7 }]);
    r.bus.ipis.length = 0;
    r.wr(a, gd(G.SGIR.offset), SGIR_CORE | (1 << 16) | 8);
    expect(r.bus.ipis).toEqual([{ from: 2, to: 1, num: 8 }]);
    expect(r.rd(a, gd(G.ISPENDR.offset))).toBe(1 << 7);
    expect(r.rd(r.cores[3], gd(G.ISPENDR.offset))).toBe((1 << 5) | (1 << 6));
  });

  it('IAR reports the source core; other sources stay pending until EOI', () => {
    const r = rig(['arm', 'arm', 'arm', 'arm']);
    const [a, b, c, d] = r.cores;
    on(r, b);
    r.wr(b, gd(G.IPRIORITYR.offset), 0x20400000); // SGI 3 at 0x40, SGI 4 at 0x20
    r.wr(c, gd(G.SGIR.offset), (1 << 17) | 3);
    r.wr(a, gd(G.SGIR.offset), (1 << 17) | 3);
    expect((b.intc as GicCpuState).sgiSrc[3]).toBe(0b101);
    expect(iar(r, b)).toBe(3 | (0 << 10));
    expect(r.rd(b, gd(G.ISPENDR.offset))).toBe(1 << 3); // active and still pending from core 2
    expect(iar(r, b)).toBe(1023); // but not signalled while active
    r.wr(d, gd(G.SGIR.offset), (1 << 17) | 4);
    expect(iar(r, b)).toBe(4 | (3 << 10)); // higher priority preempts
    eoi(r, b, 4 | (3 << 10));
    eoi(r, b, 3);
    expect(iar(r, b)).toBe(3 | (2 << 10));
    eoi(r, b, 3 | (2 << 10));
    expect(iar(r, b)).toBe(1023);
  });

  it('sources beyond core 7 report 0', () => {
    const r = rig(Array.from({ length: 10 }, () => 'arm' as const));
    const [a] = r.cores;
    on(r, a);
    r.wr(r.cores[9], gd(G.SGIR.offset), SGIR_CORE | (0 << 16) | 1);
    expect(iar(r, a)).toBe(1);
  });
});

describe('arm generic timer', () => {
  const T = D.gtimer;
  it('counter, frequency, CVAL/TVAL/CTL, banked per core', () => {
    const r = rig(['arm', 'arm']);
    const [a, b] = r.cores;
    a.cycles = 0x1_2345_6789;
    expect(r.rd(a, T + 0x000)).toBe(0x2345_6789);
    expect(r.rd(a, T + 0x004)).toBe(1);
    expect(r.rd(a, T + 0x008)).toBe(0x2345_6789);
    expect(r.rd(a, T + 0x010)).toBe(100_000_000);
    r.wr(a, T + 0x028, 1000);
    expect(r.rd(a, T + 0x020)).toBe(0x2345_6789 + 1000);
    expect(r.rd(a, T + 0x024)).toBe(1);
    expect(r.rd(a, T + 0x028)).toBe(1000);
    a.cycles += 1500;
    expect(r.rd(a, T + 0x028) | 0).toBe(-500);
    expect(r.rd(a, T + 0x02c)).toBe(0); // disabled: no ISTATUS
    r.wr(a, T + 0x02c, 0xff);
    expect(r.rd(a, T + 0x02c)).toBe(0b111);
    expect(r.rd(b, T + 0x02c)).toBe(0);
    r.wr(a, T + 0x024, 2); // CVAL far in the future
    expect(r.rd(a, T + 0x02c)).toBe(0b011);
    r.wr(b, T + 0x020, 50);
    expect(r.rd(b, T + 0x020)).toBe(50);
    expect(r.rd(b, T + 0x024)).toBe(0);
  });

  it('drives PPI 30 as a level; nextDeadline', () => {
    const r = rig(['arm']);
    const c = r.cores[0];
    const intc = r.intc(c);
    on(r, c);
    route(r, c, 30, 0x20);
    c.cycles = 100;
    expect(intc.nextDeadline(c)).toBe(Infinity);
    r.wr(c, D.gtimer + 0x028, 400); // CVAL 500
    r.wr(c, D.gtimer + 0x02c, 1);
    expect(intc.nextDeadline(c)).toBe(500);
    c.cycles = 499;
    intc.tick(c);
    expect(intc.pending(c)).toBe(false);
    c.cycles = 500;
    intc.tick(c);
    expect(intc.pending(c)).toBe(true);
    expect(intc.nextDeadline(c)).toBe(Infinity); // already fired
    expect(r.rd(c, gd(G.ISPENDR.offset))).toBe(1 << 30);
    expect(iar(r, c)).toBe(30);
    r.wr(c, D.gtimer + 0x028, 1000); // handler moves CVAL: line drops
    eoi(r, c, 30);
    expect(intc.pending(c)).toBe(false);
    expect(intc.nextDeadline(c)).toBe(1500);
    c.cycles = 1600;
    expect(intc.pending(c)).toBe(true);
    r.wr(c, D.gtimer + 0x02c, 3); // IMASK
    expect(intc.pending(c)).toBe(false);
    expect(r.rd(c, D.gtimer + 0x02c)).toBe(0b111);
    expect(intc.nextDeadline(c)).toBe(Infinity);
  });
});

describe('IPIs across personalities', () => {
  it('x86 vector 0x41 to arm is SGI 1, with the x86 core as source', () => {
    const r = rig(['x86', 'x86', 'arm']);
    const [, x1, a] = r.cores;
    on(r, a);
    r.wr(x1, D.lapic + 0x310, 2 << 24);
    r.wr(x1, D.lapic + 0x300, 0x41);
    expect(r.bus.ipis).toEqual([{ from: 1, to: 2, num: 0x41 }]);
    expect(r.intc(a).pending(a)).toBe(true);
    expect(iar(r, a)).toBe(1 | (1 << 10));
  });

  it('arm SGI 2 to x86 is vector 0x42', () => {
    const r = rig(['x86', 'arm']);
    const [x, a] = r.cores;
    r.wr(x, D.lapic + 0xf0, 0x1ff);
    r.wr(a, gd(G.SGIR.offset), (1 << 16) | 2);
    expect(r.intc(x).pending(x)).toBe(true);
    expect(r.intc(x).ack(x)).toBe(0x42);
  });
});
