// Physical memory: one RAM buffer shared by every core, the device map behind it, the x86
// port space, and the decoded-code caches (one per personality, keyed by physical page).
//
// Invariant for the caches: a decoded slot is valid only while the bytes it came from are
// unchanged. Every RAM store to a page marked in codeMark goes through codeWrite, which clears
// the page's slots (and the previous page's, whose last instruction may straddle into this one)
// when the store hits the decoded range. Instructions that straddle a page boundary also depend
// on the virtual mapping of the next page, so their pages are cleared on every TLB flush.
import { CAUSE } from '../isa/table.ts';
import type { Core } from '../core/core.ts';
import { PF_WRITE } from '../core/fault.ts';
import { SLOT_SHIFT } from '../isa/uops.ts';

export interface Device {
  readonly name: string;
  read(core: Core, offset: number, size: number): number;
  write(core: Core, offset: number, size: number, value: number): void;
}

interface Mapping { base: number; size: number; dev: Device }

export const PAGE = 4096;
const SLOTS_PER_PAGE = PAGE << SLOT_SHIFT;

export class PhysMem {
  readonly ramSize: number;
  readonly buf: ArrayBuffer;
  readonly ram8: Uint8Array;
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  readonly dv: DataView;
  private readonly mmio: Mapping[] = [];
  private readonly ports: Mapping[] = [];
  /** per physical page: bit 0 = decoded x86 code, bit 1 = decoded arm code */
  readonly codeMark: Uint8Array;
  private readonly caches: (Int32Array | undefined)[][] = [[], []];
  /** decoded byte range [lo, hi) per page, over both personalities; hi may exceed PAGE */
  private readonly codeLo: Int32Array;
  private readonly codeHi: Int32Array;
  private readonly straddlers = new Set<number>();

  constructor(ramSize: number) {
    if (ramSize <= 0 || ramSize % PAGE !== 0 || ramSize > 0x40000000) throw new RangeError('RAM size must be a positive multiple of 4 KiB, at most 1 GiB');
    this.ramSize = ramSize;
    this.buf = new ArrayBuffer(ramSize);
    this.ram8 = new Uint8Array(this.buf);
    this.ram16 = new Uint16Array(this.buf);
    this.ram32 = new Int32Array(this.buf);
    this.dv = new DataView(this.buf);
    const pages = ramSize / PAGE;
    this.codeMark = new Uint8Array(pages + 1);
    this.codeLo = new Int32Array(pages).fill(PAGE);
    this.codeHi = new Int32Array(pages);
  }

  mapMmio(base: number, size: number, dev: Device): void {
    this.checkOverlap(this.mmio, base, size, dev.name);
    if (base < this.ramSize) throw new RangeError(`device ${dev.name} at 0x${base.toString(16)} overlaps RAM`);
    this.mmio.push({ base, size, dev });
  }
  mapPorts(base: number, size: number, dev: Device): void {
    this.checkOverlap(this.ports, base, size, dev.name);
    this.ports.push({ base, size, dev });
  }
  private checkOverlap(list: Mapping[], base: number, size: number, name: string): void {
    for (const m of list) {
      if (base < m.base + m.size && m.base < base + size) throw new RangeError(`device ${name} overlaps ${m.dev.name}`);
    }
  }

  /** Slow-path load: unaligned RAM, devices, or a bus fault. Returns the zero-extended value. */
  load(core: Core, pa: number, size: number): number {
    const a = pa >>> 0;
    if (a + size <= this.ramSize) {
      return size === 4 ? this.dv.getInt32(a, true) : size === 2 ? this.dv.getUint16(a, true) : this.ram8[a];
    }
    const m = find(this.mmio, a);
    if (!m) return core.raise(CAUSE.bus, pa, 0);
    return m.dev.read(core, a - m.base, size);
  }

  store(core: Core, pa: number, size: number, v: number): void {
    const a = pa >>> 0;
    if (a + size <= this.ramSize) {
      if (this.codeMark[a >>> 12] !== 0 || this.codeMark[(a + size - 1) >>> 12] !== 0) this.codeWrite(a, size);
      if (size === 4) this.dv.setInt32(a, v, true);
      else if (size === 2) this.dv.setUint16(a, v, true);
      else this.ram8[a] = v;
      return;
    }
    const m = find(this.mmio, a);
    if (!m) return core.raise(CAUSE.bus, pa, PF_WRITE);
    m.dev.write(core, a - m.base, size, v);
  }

  portRead(core: Core, port: number, size: number): number {
    const m = find(this.ports, port & 0xffff);
    return m ? m.dev.read(core, (port & 0xffff) - m.base, size) : size === 1 ? 0xff : size === 2 ? 0xffff : -1;
  }
  portWrite(core: Core, port: number, size: number, v: number): void {
    const m = find(this.ports, port & 0xffff);
    if (m) m.dev.write(core, (port & 0xffff) - m.base, size, v);
  }

  /** The decoded-code page for a personality (0 x86, 1 arm), created empty on first use. */
  codePage(pers: number, ppn: number): Int32Array {
    let page = this.caches[pers][ppn];
    if (!page) {
      page = new Int32Array(SLOTS_PER_PAGE);
      this.caches[pers][ppn] = page;
      this.codeMark[ppn] |= 1 << pers;
    }
    return page;
  }

  /** Record that an instruction of `len` bytes at page offset `off` was decoded. */
  noteDecoded(ppn: number, off: number, len: number): void {
    if (off < this.codeLo[ppn]) this.codeLo[ppn] = off;
    if (off + len > this.codeHi[ppn]) this.codeHi[ppn] = off + len;
    if (off + len > PAGE) this.straddlers.add(ppn);
  }

  codeWrite(pa: number, size: number): void {
    const ppn = pa >>> 12;
    const off = pa & 0xfff;
    if (off + size > this.codeLo[ppn] && off < this.codeHi[ppn]) this.invalidate(ppn);
    if (ppn > 0 && this.codeHi[ppn - 1] > PAGE && off < this.codeHi[ppn - 1] - PAGE) this.invalidate(ppn - 1);
  }

  invalidate(ppn: number): void {
    for (const c of this.caches) c[ppn]?.fill(0);
    this.codeLo[ppn] = PAGE;
    this.codeHi[ppn] = 0;
    this.straddlers.delete(ppn);
  }

  flushStraddlers(): void {
    if (this.straddlers.size === 0) return;
    for (const ppn of [...this.straddlers]) this.invalidate(ppn);
  }

  /** Copy bytes into RAM from the host (loader), keeping the code caches honest. */
  writeBytes(pa: number, bytes: Uint8Array): void {
    if (pa < 0 || pa + bytes.length > this.ramSize) throw new RangeError(`0x${pa.toString(16)}+${bytes.length} is outside RAM`);
    this.ram8.set(bytes, pa);
    for (let p = pa >>> 12; p <= (pa + Math.max(bytes.length, 1) - 1) >>> 12; p++) if (this.codeMark[p]) this.invalidate(p);
  }
}

function find(list: Mapping[], a: number): Mapping | undefined {
  for (const m of list) if (a >= m.base && a < m.base + m.size) return m;
  return undefined;
}
