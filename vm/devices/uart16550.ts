// NS16550A-compatible UART (x86 port space, 8 ports from the DeviceMap's uart16550Port, 0x3F8).
//
//  port  DLAB=0 read / write      DLAB=1
//  +0    RBR      / THR           DLL
//  +1    IER (bits 0-3)           DLM
//  +2    IIR      / FCR
//  +3    LCR (bit 7 = DLAB)
//  +4    MCR (bits 0-4; bit 4 = loopback)
//  +5    LSR (bit 0 DR, bit 5 THRE, bit 6 TEMT; no errors ever)
//  +6    MSR (DCD|DSR|CTS = 0xB0 when not in loopback)
//  +7    SCR
//
// Output is instant: writing THR hands the byte to the console and THRE/TEMT stay set. Input
// comes from console.read() through a one-byte receive holding register, filled when software
// looks (LSR, IIR, RBR) or, while the RX interrupt is enabled, by poll() (the machine calls it
// through the interrupt controllers' tick()). Only a UART that software polls or enabled for
// input interrupts takes bytes from the console, so the 16550 and the PL011 do not steal each
// other's input.
//
// Interrupt output (irqLine): IER.ERBFI and a byte waiting, or IER.ETBEI and the THR-empty
// interrupt (set when ETBEI is enabled and after each THR write, cleared by reading IIR while it
// is the reported source or by writing THR). The line is not gated by MCR.OUT2 (that gate is
// on the PC board, not in the chip). The machine wires the line to the x86 cores' LINT0.
import type { Core } from '../core/core.ts';
import type { ConsoleSink, Device } from './types.ts';

export const UART16550_PORTS = 8;

/** register offsets (several share a port; see the table above) */
export const UART_REG = { RBR: 0, THR: 0, DLL: 0, IER: 1, DLM: 1, IIR: 2, FCR: 2, LCR: 3, MCR: 4, LSR: 5, MSR: 6, SCR: 7 } as const;

export const LSR_DR = 0x01;
export const LSR_THRE = 0x20;
export const LSR_TEMT = 0x40;
export const LCR_DLAB = 0x80;
export const MCR_LOOP = 0x10;
export const IER_ERBFI = 0x01;
export const IER_ETBEI = 0x02;

export class Uart16550 implements Device {
  readonly name = 'uart16550';
  /** set by the machine: called with the interrupt output level whenever it changes */
  irqLine: ((level: boolean) => void) | null = null;
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private fcr = 0;
  private scr = 0;
  private dll = 0;
  private dlm = 0;
  /** receive holding register: a byte, or -1 when empty */
  private rx = -1;
  /** THR-empty interrupt pending */
  private thri = false;
  private level = false;

  constructor(private readonly console: ConsoleSink) {}

  read(_core: Core, offset: number, _size: number): number {
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case 0: return dlab ? this.dll : this.takeRx();
      case 1: return dlab ? this.dlm : this.ier;
      case 2: return this.readIir();
      case 3: return this.lcr;
      case 4: return this.mcr;
      case 5: return (this.fill() ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
      case 6: return this.msr();
      case 7: return this.scr;
      default: return 0;
    }
  }

  write(core: Core, offset: number, _size: number, value: number): void {
    const v = value & 0xff;
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case 0:
        if (dlab) { this.dll = v; return; }
        if (this.mcr & MCR_LOOP) this.rx = v;
        else this.console.write(v, core);
        this.thri = true;
        break;
      case 1:
        if (dlab) { this.dlm = v; return; }
        if ((v & IER_ETBEI) && !(this.ier & IER_ETBEI)) this.thri = true;
        this.ier = v & 0x0f;
        break;
      case 2:
        this.fcr = v & 0xc9;
        if (v & 0x02) this.rx = -1; // clear receive FIFO
        break;
      case 3: this.lcr = v; return;
      case 4: this.mcr = v & 0x1f; break;
      case 7: this.scr = v; return;
      default: return; // LSR, MSR: read-only
    }
    this.update();
  }

  /** Pull waiting console input while the RX interrupt is enabled (called often; cheap). */
  poll(): void {
    if ((this.ier & IER_ERBFI) && this.rx < 0) this.fill();
  }

  /** True when a received byte is waiting (reads the console into the holding register). */
  private fill(): boolean {
    if (this.rx < 0 && !(this.mcr & MCR_LOOP)) {
      this.rx = this.console.read();
      if (this.rx >= 0) this.update();
    }
    return this.rx >= 0;
  }

  private takeRx(): number {
    this.fill();
    const b = this.rx;
    this.rx = -1;
    this.update();
    return b < 0 ? 0 : b & 0xff;
  }

  private readIir(): number {
    const fifo = this.fcr & 1 ? 0xc0 : 0;
    if ((this.ier & IER_ERBFI) && this.fill()) return fifo | 0x04;
    if ((this.ier & IER_ETBEI) && this.thri) {
      this.thri = false;
      this.update();
      return fifo | 0x02;
    }
    return fifo | 0x01;
  }

  private msr(): number {
    if (!(this.mcr & MCR_LOOP)) return 0xb0;
    const m = this.mcr;
    return ((m & 2) ? 0x10 : 0) | ((m & 1) ? 0x20 : 0) | ((m & 4) ? 0x40 : 0) | ((m & 8) ? 0x80 : 0);
  }

  private update(): void {
    const level = ((this.ier & IER_ERBFI) !== 0 && this.rx >= 0) || ((this.ier & IER_ETBEI) !== 0 && this.thri);
    if (level !== this.level) {
      this.level = level;
      this.irqLine?.(level);
    }
  }
}
