// The device specifications against the real parts' datasheets: offsets and bit positions
// quoted from the 16550D datasheet, the PL011 TRM (DDI 0183), the Intel SDM (xAPIC), the GICv2
// architecture specification (IHI 0048B) and the ARM ARM (CNTBaseN frame). The VM's models and
// the Fin drivers take their numbers from code generated from these specs, so a wrong spec is
// caught here rather than by a driver that happens to agree with a wrong model.
import { describe, expect, it } from 'vitest';
import { DEVICE_SPECS } from '../../os-src/devices/generate.ts';
import { spec } from './spec.ts';
import { rig } from './fixtures.ts';

describe('every emulated device has a spec', () => {
  it('one os-src/devices/<name>.dev per device the machine maps, named like the device', () => {
    const r = rig(['x86', 'arm']);
    const mapped = new Set([...r.devs.mmio, ...r.devs.ports].map((m) => m.dev.name));
    expect(DEVICE_SPECS).toEqual([...mapped].sort());
  });
});

describe('16550 UART (PC16550D datasheet)', () => {
  const s = spec('uart16550');
  it('lives in port space, one byte per register, DLAB-shared offsets declared `also`', () => {
    expect(s.device.args).toMatchObject([{ space: 'io' }]);
    const at = (n: string) => s.reg(n).offset;
    expect([at('rbr'), at('thr'), at('dll'), at('ier'), at('dlm'), at('iir'), at('fcr'), at('lcr'), at('mcr'), at('lsr'), at('msr'), at('scr')])
      .toEqual([0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 7]);
    for (const r of s.device.registers) expect(r.width, r.name).toBe(8);
  });
  it('LSR: DR bit 0, THRE bit 5, TEMT bit 6', () => {
    expect(s.field('lsr', 'dr')).toEqual([0, 1]);
    expect(s.field('lsr', 'thre')).toEqual([5, 1]);
    expect(s.field('lsr', 'temt')).toEqual([6, 1]);
    expect(s.reg('lsr').access).toBe('ro');
  });
  it('IER: ERBFI bit 0, ETBEI bit 1, ELSI bit 2, EDSSI bit 3', () => {
    expect(['erbfi', 'etbei', 'elsi', 'edssi'].map((f) => s.field('ier', f))).toEqual([[0, 1], [1, 1], [2, 1], [3, 1]]);
  });
  it('LCR: word length bits 0-1 (0b11 = 8 bits), DLAB bit 7; MCR: loopback bit 4', () => {
    expect(s.field('lcr', 'wls')).toEqual([0, 2]);
    expect(s.constant('bits8')).toBe(3);
    expect(s.field('lcr', 'dlab')).toEqual([7, 1]);
    expect(s.field('mcr', 'loopback')).toEqual([4, 1]);
  });
  it('IIR: bit 0 set when nothing is pending, RX data 0b0100, THR empty 0b0010, FIFOs bits 6-7', () => {
    expect(s.field('iir', 'iid')).toEqual([0, 4]);
    expect([s.constant('int_none'), s.constant('int_rda'), s.constant('int_thre')]).toEqual([1, 4, 2]);
    expect(s.field('iir', 'fifos')).toEqual([6, 2]);
  });
});

describe('PL011 UART (ARM DDI 0183)', () => {
  const s = spec('pl011');
  it('register offsets', () => {
    const at = (n: string) => s.reg(n).offset;
    expect([at('dr'), at('rsr'), at('fr'), at('ilpr'), at('ibrd'), at('fbrd'), at('lcr_h'), at('cr'), at('ifls'), at('imsc'), at('ris'), at('mis'), at('icr'), at('dmacr')])
      .toEqual([0x000, 0x004, 0x018, 0x020, 0x024, 0x028, 0x02c, 0x030, 0x034, 0x038, 0x03c, 0x040, 0x044, 0x048]);
    expect(s.reg('periphid').offset).toBe(0xfe0);
    expect(s.reg('pcellid').offset).toBe(0xff0);
  });
  it('FR: BUSY bit 3, RXFE bit 4, TXFF bit 5, RXFF bit 6, TXFE bit 7', () => {
    expect(['busy', 'rxfe', 'txff', 'rxff', 'txfe'].map((f) => s.field('fr', f))).toEqual([[3, 1], [4, 1], [5, 1], [6, 1], [7, 1]]);
  });
  it('DR: data bits 0-7, error flags 8-11; LCR_H: FEN bit 4, WLEN bits 5-6; CR: UARTEN 0, TXE 8, RXE 9', () => {
    expect(s.field('dr', 'data')).toEqual([0, 8]);
    expect(s.field('dr', 'oe')).toEqual([11, 1]);
    expect(s.field('lcr_h', 'fen')).toEqual([4, 1]);
    expect(s.field('lcr_h', 'wlen')).toEqual([5, 2]);
    expect([s.field('cr', 'uarten'), s.field('cr', 'txe'), s.field('cr', 'rxe')]).toEqual([[0, 1], [8, 1], [9, 1]]);
  });
  it('interrupt registers share one layout: RX bit 4, TX bit 5, OE bit 10', () => {
    for (const r of ['imsc', 'ris', 'mis', 'icr']) {
      expect(s.field(r, 'rx'), r).toEqual([4, 1]);
      expect(s.field(r, 'tx'), r).toEqual([5, 1]);
      expect(s.field(r, 'oe'), r).toEqual([10, 1]);
    }
  });
});

describe('x86 local APIC (Intel SDM vol. 3, xAPIC)', () => {
  const s = spec('lapic');
  it('register offsets', () => {
    const at = (n: string) => s.reg(n).offset;
    expect([at('id'), at('version'), at('tpr'), at('ppr'), at('eoi'), at('ldr'), at('dfr'), at('svr'), at('esr'), at('icr_lo'), at('icr_hi')])
      .toEqual([0x020, 0x030, 0x080, 0x0a0, 0x0b0, 0x0d0, 0x0e0, 0x0f0, 0x280, 0x300, 0x310]);
    expect([at('lvt_timer'), at('lvt_thermal'), at('lvt_perf'), at('lvt_lint0'), at('lvt_lint1'), at('lvt_error')])
      .toEqual([0x320, 0x330, 0x340, 0x350, 0x360, 0x370]);
    expect([at('timer_init'), at('timer_cur'), at('timer_div')]).toEqual([0x380, 0x390, 0x3e0]);
  });
  it('ISR, TMR, IRR: eight words 16 bytes apart from 0x100, 0x180, 0x200', () => {
    for (const [n, base] of [['isr', 0x100], ['tmr', 0x180], ['irr', 0x200]] as const) {
      expect(s.reg(n).offset, n).toBe(base);
      expect(s.reg(n).array, n).toEqual([0, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70]);
    }
  });
  it('ICR low: vector 0-7, delivery mode 8-10, destination mode 11, status 12, level 14, trigger 15, shorthand 18-19', () => {
    expect(s.field('icr_lo', 'vector')).toEqual([0, 8]);
    expect(s.field('icr_lo', 'dlv_mode')).toEqual([8, 3]);
    expect(s.field('icr_lo', 'dst_mode')).toEqual([11, 1]);
    expect(s.field('icr_lo', 'dlv_status')).toEqual([12, 1]);
    expect(s.field('icr_lo', 'assert')).toEqual([14, 1]);
    expect(s.field('icr_lo', 'trigger')).toEqual([15, 1]);
    expect(s.field('icr_lo', 'dst_short')).toEqual([18, 2]);
  });
  it('ICR high: destination bits 24-31; ID: APIC id bits 24-31', () => {
    expect(s.field('icr_hi', 'dest')).toEqual([24, 8]);
    expect(s.field('id', 'apicid')).toEqual([24, 8]);
  });
  it('delivery modes INIT 0b101, STARTUP 0b110; shorthands self 01, all 10, others 11', () => {
    expect([s.constant('dm_fixed'), s.constant('dm_init'), s.constant('dm_startup')]).toEqual([0, 5, 6]);
    expect([s.constant('sh_self'), s.constant('sh_all'), s.constant('sh_others')]).toEqual([1, 2, 3]);
  });
  it('SVR: enable bit 8; LVT: mask bit 16, timer mode bits 17-18; LINT trigger bit 15', () => {
    expect(s.field('svr', 'enable')).toEqual([8, 1]);
    for (const r of ['lvt_timer', 'lvt_thermal', 'lvt_perf', 'lvt_lint0', 'lvt_lint1', 'lvt_error']) expect(s.field(r, 'mask'), r).toEqual([16, 1]);
    expect(s.field('lvt_timer', 'mode')).toEqual([17, 2]);
    expect(s.constant('periodic')).toBe(1);
    expect(s.field('lvt_lint0', 'trigger')).toEqual([15, 1]);
  });
  it('DCR: divide value in bits 0, 1 and 3 (0b1011 divides by 1)', () => {
    expect(s.field('timer_div', 'div_lo')).toEqual([0, 2]);
    expect(s.field('timer_div', 'div_hi')).toEqual([3, 1]);
    expect(s.constant('div_by1')).toBe(0b1011);
    expect(s.constant('div_by2')).toBe(0);
  });
  it('ESR: send illegal vector bit 5, receive illegal vector bit 6', () => {
    expect(s.field('esr', 'send_illegal')).toEqual([5, 1]);
    expect(s.field('esr', 'recv_illegal')).toEqual([6, 1]);
  });
});

describe('GICv2 distributor and CPU interface (ARM IHI 0048B)', () => {
  const d = spec('gicd');
  const c = spec('gicc');
  it('distributor offsets', () => {
    const at = (n: string) => d.reg(n).offset;
    expect([at('ctlr'), at('typer'), at('iidr'), at('igroupr'), at('isenabler'), at('icenabler'), at('ispendr'), at('icpendr'), at('isactiver'), at('icactiver')])
      .toEqual([0x000, 0x004, 0x008, 0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380]);
    expect([at('ipriorityr'), at('itargetsr'), at('icfgr'), at('sgir')]).toEqual([0x400, 0x800, 0xc00, 0xf00]);
    expect([at('pidr_hi'), at('pidr_lo'), at('cidr')]).toEqual([0xfd0, 0xfe0, 0xff0]);
  });
  it('priority and target bytes: one per interrupt id, byte-accessible', () => {
    for (const n of ['ipriorityr', 'itargetsr']) {
      expect(d.reg(n).width, n).toBe(8);
      expect(d.reg(n).array?.length, n).toBe(64);
      expect(d.reg(n).array?.[33], n).toBe(33);
    }
  });
  it('TYPER: ITLinesNumber 0-4, CPUNumber 5-7; SGIR: INTID 0-3, target list 16-23, filter 24-25', () => {
    expect(d.field('typer', 'it_lines')).toEqual([0, 5]);
    expect(d.field('typer', 'cpu_number')).toEqual([5, 3]);
    expect(d.field('sgir', 'sgi_id')).toEqual([0, 4]);
    expect(d.field('sgir', 'target_list')).toEqual([16, 8]);
    expect(d.field('sgir', 'filter')).toEqual([24, 2]);
    expect([d.constant('sgi_list'), d.constant('sgi_others'), d.constant('sgi_self')]).toEqual([0, 1, 2]);
  });
  it('CPU interface offsets', () => {
    const at = (n: string) => c.reg(n).offset;
    expect([at('ctlr'), at('pmr'), at('bpr'), at('iar'), at('eoir'), at('rpr'), at('hppir'), at('iidr')])
      .toEqual([0x00, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0xfc]);
  });
  it('IAR/EOIR/HPPIR: interrupt id bits 0-9, source CPU bits 10-12; 1023 is spurious', () => {
    for (const r of ['iar', 'eoir', 'hppir']) {
      expect(c.field(r, 'int_id'), r).toEqual([0, 10]);
      expect(c.field(r, 'cpu_id'), r).toEqual([10, 3]);
    }
    expect(c.constant('spurious')).toBe(1023);
  });
  it('IIDR: implementer bits 0-11 (ARM = 0x43B), product bits 24-31 (distributor) / 20-31 (CPU interface)', () => {
    expect(d.field('iidr', 'implementer')).toEqual([0, 12]);
    expect(d.field('iidr', 'product_id')).toEqual([24, 8]);
    expect(c.field('iidr', 'product_id')).toEqual([20, 12]);
    expect(d.constant('gicd_iidr_gic400') & 0xfff).toBe(0x43b);
    expect(c.constant('gicc_iidr_gic400') & 0xfff).toBe(0x43b);
  });
});

describe('generic timer, CNTBaseN frame (ARM ARM)', () => {
  const s = spec('gtimer');
  it('offsets: CNTPCT 0x00, CNTVCT 0x08, CNTFRQ 0x10, CNTVOFF 0x18, CNTP_CVAL 0x20, CNTP_TVAL 0x28, CNTP_CTL 0x2C', () => {
    const at = (n: string) => s.reg(n).offset;
    expect([at('cntpct_lo'), at('cntpct_hi'), at('cntvct_lo'), at('cntfrq'), at('cntvoff_lo'), at('cntp_cval_lo'), at('cntp_cval_hi'), at('cntp_tval'), at('cntp_ctl')])
      .toEqual([0x00, 0x04, 0x08, 0x10, 0x18, 0x20, 0x24, 0x28, 0x2c]);
  });
  it('CNTP_CTL: ENABLE bit 0, IMASK bit 1, ISTATUS bit 2 (read-only)', () => {
    expect(['enable', 'imask', 'istatus'].map((f) => s.field('cntp_ctl', f))).toEqual([[0, 1], [1, 1], [2, 1]]);
    expect(s.reg('cntp_ctl').fields.find((f) => f.name === 'istatus')?.access).toBe('ro');
  });
});
