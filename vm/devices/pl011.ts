// ARM PrimeCell PL011 UART (MMIO, 4 KiB). The register map is os-src/devices/pl011.dev;
// offsets and bits come from its generated layout (vm/devices/gen/pl011.ts).
//
// Behaviour: DR's error bits and RSR read 0 (no errors), ECR writes clear nothing. FR reports
// TXFE=1, TXFF=0, BUSY=0 (transmission is instant and, like QEMU's model, does not depend on
// CR.UARTEN/TXE), RXFE/RXFF from the holding register. ILPR, IBRD, FBRD, LCR_H, CR (reset
// TXE|RXE), IFLS (reset 1/2 and 1/2) and DMACR store their writable bits and do nothing else.
// The identification words read PeriphID 0x11 0x10 0x14 0x00 and PCellID 0x0D 0xF0 0x05 0xB1.
//
// Input comes from console.read() through a one-byte holding register (filled when software
// reads FR/DR or, while IMSC.RX is set, by poll()). RIS.RX is set when a byte lands in the
// holding register and cleared by reading DR or by ICR; RIS.TX is set by every DR write (the
// FIFO drains at once) and cleared by ICR. The interrupt output (irqLine) is MIS != 0; the
// machine wires it to GIC SPI 33. Registers accept any access width at their aligned offset
// (narrow reads see the low bytes).
import type { Core } from '../core/core.ts';
import { sub, widthOf, writableBits } from './access.ts';
import * as L from './gen/pl011.ts';
import type { ConsoleSink, Device } from './types.ts';

export const PL011_SIZE = 0x1000;

export const FR_RXFE = L.FR.fields.rxfe.mask;
export const FR_RXFF = L.FR.fields.rxff.mask;
export const FR_TXFE = L.FR.fields.txfe.mask;
/** interrupt bits, one layout for IMSC, RIS, MIS and ICR */
export const INT_RX = L.IMSC.fields.rx.mask;
export const INT_TX = L.IMSC.fields.tx.mask;
const LCRH_FEN = L.LCR_H.fields.fen.mask;
const DATA = L.DR.fields.data.mask;

const [ILPR_BITS, IBRD_BITS, FBRD_BITS, LCRH_BITS, CR_BITS, IFLS_BITS, IMSC_BITS, DMACR_BITS] =
  [L.ILPR, L.IBRD, L.FBRD, L.LCR_H, L.CR, L.IFLS, L.IMSC, L.DMACR].map(writableBits);
const CR_RESET = L.CR.fields.txe.mask | L.CR.fields.rxe.mask;
const { half } = L.C_FIFO_LEVEL.values;
const IFLS_RESET = (half << L.IFLS.fields.txiflsel.lsb) | (half << L.IFLS.fields.rxiflsel.lsb);

/** the identification words from PeriphID0 (PCellID3 is the last) */
const ID_BASE = L.PERIPHID.offset;
const ID_END = L.PCELLID.offset + L.PCELLID.count * L.PCELLID.stride;
const ID_REGS = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements Device {
  readonly name = 'pl011';
  /** set by the machine: called with the interrupt output level whenever it changes */
  irqLine: ((level: boolean) => void) | null = null;
  private ilpr = 0;
  private ibrd = 0;
  private fbrd = 0;
  private lcrh = 0;
  private cr = CR_RESET;
  private ifls = IFLS_RESET;
  private imsc = 0;
  private ris = 0;
  private dmacr = 0;
  /** receive holding register: a byte, or -1 when empty */
  private rx = -1;
  private level = false;

  constructor(private readonly console: ConsoleSink) {}

  read(_core: Core, offset: number, size: number): number {
    return sub(this.reg(offset & ~3), offset, size);
  }

  private reg(off: number): number {
    switch (off) {
      case L.DR.offset: {
        this.fill();
        const b = this.rx;
        this.rx = -1;
        this.ris &= ~INT_RX;
        this.update();
        return b < 0 ? 0 : b & DATA;
      }
      case L.FR.offset: {
        const has = this.fill();
        return FR_TXFE | (has ? 0 : FR_RXFE) | (has && !(this.lcrh & LCRH_FEN) ? FR_RXFF : 0);
      }
      case L.ILPR.offset: return this.ilpr;
      case L.IBRD.offset: return this.ibrd;
      case L.FBRD.offset: return this.fbrd;
      case L.LCR_H.offset: return this.lcrh;
      case L.CR.offset: return this.cr;
      case L.IFLS.offset: return this.ifls;
      case L.IMSC.offset: return this.imsc;
      case L.RIS.offset: return this.ris;
      case L.MIS.offset: return this.ris & this.imsc;
      case L.DMACR.offset: return this.dmacr;
      default:
        return off >= ID_BASE && off < ID_END ? ID_REGS[(off - ID_BASE) >> 2] : 0;
    }
  }

  write(core: Core, offset: number, size: number, value: number): void {
    if (offset & 3) return;
    const v = widthOf(value, size);
    switch (offset) {
      case L.DR.offset:
        this.console.write(v & DATA, core);
        this.ris |= INT_TX;
        break;
      case L.ILPR.offset: this.ilpr = v & ILPR_BITS; return;
      case L.IBRD.offset: this.ibrd = v & IBRD_BITS; return;
      case L.FBRD.offset: this.fbrd = v & FBRD_BITS; return;
      case L.LCR_H.offset: this.lcrh = v & LCRH_BITS; return;
      case L.CR.offset: this.cr = v & CR_BITS; return;
      case L.IFLS.offset: this.ifls = v & IFLS_BITS; return;
      case L.IMSC.offset: this.imsc = v & IMSC_BITS; break;
      case L.ICR.offset: this.ris &= ~v; break;
      case L.DMACR.offset: this.dmacr = v & DMACR_BITS; return;
      default: return; // RSR/ECR write clears nothing; FR, RIS, MIS, IDs are read-only
    }
    this.update();
  }

  /** Pull waiting console input while the RX interrupt is unmasked (called often; cheap). */
  poll(): void {
    if ((this.imsc & INT_RX) && this.rx < 0) this.fill();
  }

  private fill(): boolean {
    if (this.rx < 0) {
      this.rx = this.console.read();
      if (this.rx >= 0) { this.ris |= INT_RX; this.update(); }
    }
    return this.rx >= 0;
  }

  private update(): void {
    const level = (this.ris & this.imsc) !== 0;
    if (level !== this.level) {
      this.level = level;
      this.irqLine?.(level);
    }
  }
}
