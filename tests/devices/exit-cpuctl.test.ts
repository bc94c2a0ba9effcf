import { describe, expect, it } from 'vitest';
import * as R from '../../vm/devices/gen/cpuctl.ts';
import { D, ExitSignal, rig } from './fixtures.ts';

describe('exit device', () => {
  it('ends the run with the written status, from MMIO or the x86 port', () => {
    const r = rig(['x86', 'arm']);
    expect(() => r.wr(r.cores[1], D.exit, 42)).toThrow(new ExitSignal(42));
    try { r.outb(r.cores[0], D.exitPort, 0x1ff); } catch (e) { expect((e as ExitSignal).status).toBe(0xff); }
    expect(() => r.mem.portWrite(r.cores[0], D.exitPort, 4, 7)).toThrow(ExitSignal);
    expect(r.rd(r.cores[0], D.exit)).toBe(0);
    expect(r.inb(r.cores[0], D.exitPort)).toBe(0);
    r.wr(r.cores[0], D.exit + 4, 1); // not STATUS: ignored
  });
});

describe('cpuctl', () => {
  it('reports the machine and the accessing core', () => {
    const r = rig(['x86', 'x86', 'arm']);
    const [c0, , c2] = r.cores;
    expect(r.rd(c0, D.cpuctl + R.NCORES.offset)).toBe(3);
    expect(r.rd(c2, D.cpuctl + R.SELF_ID.offset)).toBe(2);
    expect(r.rd(c0, D.cpuctl + R.PERS.offset)).toBe(0);
    expect(r.rd(c2, D.cpuctl + R.PERS.offset)).toBe(1);
    expect([0, 1, 2, 3].map((i) => r.rd(c0, D.cpuctl + R.PERS_OF.offset + 4 * i))).toEqual([0, 0, 1, 0]);
  });

  it('starts an off core at ENTRY and reports errors in STATUS', () => {
    const r = rig(['x86', 'x86', 'arm'], [1, 2]);
    const [c0] = r.cores;
    r.wr(c0, D.cpuctl + R.ENTRY.offset, 0x8000);
    expect(r.rd(c0, D.cpuctl + R.ENTRY.offset)).toBe(0x8000);
    r.wr(c0, D.cpuctl + R.START.offset, 2);
    expect(r.bus.started).toEqual([{ id: 2, entry: 0x8000 }]);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(0);
    r.wr(c0, D.cpuctl + R.START.offset, 2);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(2);
    r.wr(c0, D.cpuctl + R.START.offset, 0);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(2);
    r.wr(c0, D.cpuctl + R.START.offset, 3);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(1);
    r.wr(c0, D.cpuctl + R.START.offset, -1);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(1);
    expect(r.bus.started.length).toBe(1);
  });

  it('ENTRY and STATUS are per accessing core', () => {
    const r = rig(['x86', 'arm', 'x86'], [2]);
    const [c0, c1] = r.cores;
    r.wr(c0, D.cpuctl + R.ENTRY.offset, 0x1000);
    r.wr(c1, D.cpuctl + R.ENTRY.offset, 0x2000);
    r.wr(c1, D.cpuctl + R.START.offset, 9);
    r.wr(c0, D.cpuctl + R.START.offset, 2);
    expect(r.bus.started).toEqual([{ id: 2, entry: 0x1000 }]);
    expect(r.rd(c0, D.cpuctl + R.STATUS.offset)).toBe(0);
    expect(r.rd(c1, D.cpuctl + R.STATUS.offset)).toBe(1);
    expect(r.rd(c1, D.cpuctl + R.ENTRY.offset)).toBe(0x2000);
  });
});
