// ARM PrimeCell PL011 UART (MMIO, 4 KiB), the registers of the real part:
//
//  0x000 DR      write: transmit (bits 0-7); read: received byte, error bits 8-11 always 0
//  0x004 RSR/ECR read 0 (no errors); write clears (nothing to clear)
//  0x018 FR      ro: bit 7 TXFE=1, bit 6 RXFF, bit 5 TXFF=0, bit 4 RXFE, bit 3 BUSY=0
//  0x020 ILPR    IrDA low-power counter (8 bits, stored)
//  0x024 IBRD    integer baud divisor (16 bits, stored)
//  0x028 FBRD    fractional baud divisor (6 bits, stored)
//  0x02C LCR_H   line control (8 bits; bit 4 FEN)
//  0x030 CR      control (16 bits, reset 0x300 = TXE|RXE)
//  0x034 IFLS    FIFO levels (6 bits, reset 0x12)
//  0x038 IMSC    interrupt mask set/clear (11 bits)
//  0x03C RIS     raw interrupt status (ro): bit 4 RXRIS, bit 5 TXRIS
//  0x040 MIS     masked interrupt status (ro) = RIS & IMSC
//  0x044 ICR     interrupt clear (wo)
//  0x048 DMACR   DMA control (3 bits, stored; no DMA)
//  0xFE0-0xFEC   UARTPeriphID0-3 = 0x11 0x10 0x14 0x00
//  0xFF0-0xFFC   UARTPCellID0-3  = 0x0D 0xF0 0x05 0xB1
//
// Transmission is instant and, like QEMU's model, does not depend on CR.UARTEN/TXE. Input comes
// from console.read() through a one-byte holding register (filled when software reads FR/DR or,
// while IMSC.RXIM is set, by poll()). RXRIS is set when a byte lands in the holding register and
// cleared by reading DR or by ICR; TXRIS is set by every DR write (the FIFO drains at once) and
// cleared by ICR. The interrupt output (irqLine) is MIS != 0; the machine wires it to GIC SPI 33.
// Registers accept any access width at their aligned offset (narrow reads see the low bytes).
import type { Core } from '../core/core.ts';
import { sub, widthOf } from './access.ts';
import type { ConsoleSink, Device } from './types.ts';

export const PL011_SIZE = 0x1000;

export const PL011_REG = {
  DR: 0x000, RSR: 0x004, ECR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c,
  CR: 0x030, IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048,
} as const;

export const FR_BUSY = 1 << 3;
export const FR_RXFE = 1 << 4;
export const FR_TXFF = 1 << 5;
export const FR_RXFF = 1 << 6;
export const FR_TXFE = 1 << 7;
export const INT_RX = 1 << 4;
export const INT_TX = 1 << 5;
const LCRH_FEN = 1 << 4;

const ID_REGS = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements Device {
  readonly name = 'pl011';
  /** set by the machine: called with the interrupt output level whenever it changes */
  irqLine: ((level: boolean) => void) | null = null;
  private ilpr = 0;
  private ibrd = 0;
  private fbrd = 0;
  private lcrh = 0;
  private cr = 0x300;
  private ifls = 0x12;
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
      case 0x000: {
        this.fill();
        const b = this.rx;
        this.rx = -1;
        this.ris &= ~INT_RX;
        this.update();
        return b < 0 ? 0 : b & 0xff;
      }
      case 0x018: {
        const has = this.fill();
        return FR_TXFE | (has ? 0 : FR_RXFE) | (has && !(this.lcrh & LCRH_FEN) ? FR_RXFF : 0);
      }
      case 0x020: return this.ilpr;
      case 0x024: return this.ibrd;
      case 0x028: return this.fbrd;
      case 0x02c: return this.lcrh;
      case 0x030: return this.cr;
      case 0x034: return this.ifls;
      case 0x038: return this.imsc;
      case 0x03c: return this.ris;
      case 0x040: return this.ris & this.imsc;
      case 0x048: return this.dmacr;
      default:
        return off >= 0xfe0 && off <= 0xffc ? ID_REGS[(off - 0xfe0) >> 2] : 0;
    }
  }

  write(core: Core, offset: number, size: number, value: number): void {
    if (offset & 3) return;
    const v = widthOf(value, size);
    switch (offset) {
      case 0x000:
        this.console.write(v & 0xff, core);
        this.ris |= INT_TX;
        break;
      case 0x020: this.ilpr = v & 0xff; return;
      case 0x024: this.ibrd = v & 0xffff; return;
      case 0x028: this.fbrd = v & 0x3f; return;
      case 0x02c: this.lcrh = v & 0xff; return;
      case 0x030: this.cr = v & 0xffff; return;
      case 0x034: this.ifls = v & 0x3f; return;
      case 0x038: this.imsc = v & 0x7ff; break;
      case 0x044: this.ris &= ~v; break;
      case 0x048: this.dmacr = v & 7; return;
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
