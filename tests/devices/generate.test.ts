// os-src/devices/generate.ts: every spec gets its outputs, and the port-I/O guard that lets the
// 16550's Fin module compile on arm rewrites exactly the raw accessors and refuses anything else.
import { describe, expect, it } from 'vitest';
import { DEVICE_GENERATED, DEVICE_SPECS, portIoOnBothPersonalities } from '../../os-src/devices/generate.ts';

describe('device outputs', () => {
  it('each spec has a TS layout for the VM and a Fin module for drivers, plus the register-map doc', () => {
    expect(DEVICE_SPECS.length).toBeGreaterThan(0);
    const paths = DEVICE_GENERATED.map((g) => g.path);
    for (const n of DEVICE_SPECS) expect(paths).toEqual(expect.arrayContaining([`vm/devices/gen/${n}.ts`, `stdlib/dev/${n}.fin`]));
    expect(paths).toContain('docs/device-registers.md');
  });
});

describe('port I/O guard', () => {
  it('wraps raw port reads and writes in @is_arch("x86") and leaves everything else alone', () => {
    const src = [
      'pub fn lsr_rawrd(d: *Dev) -> u8 { return @port_in8(d.base + ((5) as u16)); }',
      'pub fn thr_rawwr(d: *Dev, v: u8) { @port_out8(d.base + ((0) as u16), v); }',
      'pub fn lsr_rd(d: *Dev) -> u8 { return lsr_rawrd(d); }',
    ].join('\n');
    expect(portIoOnBothPersonalities(src).split('\n')).toEqual([
      'pub fn lsr_rawrd(d: *Dev) -> u8 { if @is_arch("x86") { return @port_in8(d.base + ((5) as u16)); } return 0; }',
      'pub fn thr_rawwr(d: *Dev, v: u8) { if @is_arch("x86") { @port_out8(d.base + ((0) as u16), v); } }',
      'pub fn lsr_rd(d: *Dev) -> u8 { return lsr_rawrd(d); }',
    ]);
  });

  it('is idempotent on guarded code and refuses a port access of another shape', () => {
    const guarded = 'pub fn a_rawrd(d: *Dev) -> u8 { if @is_arch("x86") { return @port_in8(d.base); } return 0; }';
    expect(portIoOnBothPersonalities(guarded)).toBe(guarded);
    expect(() => portIoOnBothPersonalities('    var x = @port_in8(d.base);')).toThrow(/unexpected port access/);
  });
});
