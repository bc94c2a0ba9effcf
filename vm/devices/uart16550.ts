// NS16550A-compatible UART (x86 port space, 8 ports from the DeviceMap's uart16550Port, 0x3F8).
// The register map is os-src/devices/uart16550.dev; offsets and bits come from its generated
// layout (vm/devices/gen/uart16550.ts). LCR.DLAB switches offsets 0 and 1 to the divisor latch.
//
// Output is instant: writing THR hands the byte to the console and LSR.THRE/TEMT stay set; LSR
// never reports errors. MSR reads DCD|DSR|CTS outside loopback; in loopback it reflects MCR
// (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD) and THR bytes land in the receive register. Input
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
import { writableBits } from './access.ts';
import * as L from './gen/uart16550.ts';
import type { ConsoleSink, Device } from './types.ts';

/** ports the UART occupies: up to its last register (8) */
export const UART16550_PORTS = Math.max(...Object.values(L.REGISTERS).map((r) => r.offset)) + 1;

// Offsets: RBR, THR and DLL share one, IER and DLM another, IIR and FCR a third.
const DATA = L.RBR.offset;
const IER = L.IER.offset;
const IIR = L.IIR.offset;
const LCR = L.LCR.offset;
const MCR = L.MCR.offset;
const LSR = L.LSR.offset;
const MSR = L.MSR.offset;
const SCR = L.SCR.offset;

export const LSR_DR = L.LSR.fields.dr.mask;
export const LSR_THRE = L.LSR.fields.thre.mask;
export const LSR_TEMT = L.LSR.fields.temt.mask;
export const LCR_DLAB = L.LCR.fields.dlab.mask;
export const MCR_LOOP = L.MCR.fields.loopback.mask;
export const IER_ERBFI = L.IER.fields.erbfi.mask;
export const IER_ETBEI = L.IER.fields.etbei.mask;
const IER_BITS = writableBits(L.IER);
const MCR_BITS = writableBits(L.MCR);
/** FCR bits the chip keeps (the FIFO resets clear themselves) */
const FCR_KEPT = L.FCR.fields.fifoe.mask | L.FCR.fields.dma_mode.mask | L.FCR.fields.rtrig.mask;
const FCR_RXRESET = L.FCR.fields.rxreset.mask;
const IIR_FIFOS = L.IIR.fields.fifos.mask;
const { int_none: IIR_NONE, int_rda: IIR_RDA, int_thre: IIR_THRE } = L.C_INT_ID.values;
const MSR_STEADY = L.MSR.fields.dcd.mask | L.MSR.fields.dsr.mask | L.MSR.fields.cts.mask;

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
      case DATA: return dlab ? this.dll : this.takeRx();
      case IER: return dlab ? this.dlm : this.ier;
      case IIR: return this.readIir();
      case LCR: return this.lcr;
      case MCR: return this.mcr;
      case LSR: return (this.fill() ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
      case MSR: return this.msr();
      case SCR: return this.scr;
      default: return 0;
    }
  }

  write(core: Core, offset: number, _size: number, value: number): void {
    const v = value & 0xff;
    const dlab = (this.lcr & LCR_DLAB) !== 0;
    switch (offset) {
      case DATA:
        if (dlab) { this.dll = v; return; }
        if (this.mcr & MCR_LOOP) this.rx = v;
        else this.console.write(v, core);
        this.thri = true;
        break;
      case IER:
        if (dlab) { this.dlm = v; return; }
        if ((v & IER_ETBEI) && !(this.ier & IER_ETBEI)) this.thri = true;
        this.ier = v & IER_BITS;
        break;
      case IIR: // FCR when written
        this.fcr = v & FCR_KEPT;
        if (v & FCR_RXRESET) this.rx = -1;
        break;
      case LCR: this.lcr = v; return;
      case MCR: this.mcr = v & MCR_BITS; break;
      case SCR: this.scr = v; return;
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
    const fifo = this.fcr & L.FCR.fields.fifoe.mask ? IIR_FIFOS : 0;
    if ((this.ier & IER_ERBFI) && this.fill()) return fifo | IIR_RDA;
    if ((this.ier & IER_ETBEI) && this.thri) {
      this.thri = false;
      this.update();
      return fifo | IIR_THRE;
    }
    return fifo | IIR_NONE;
  }

  private msr(): number {
    if (!(this.mcr & MCR_LOOP)) return MSR_STEADY;
    const m = this.mcr, mf = L.MCR.fields, sf = L.MSR.fields;
    return ((m & mf.rts.mask) ? sf.cts.mask : 0) | ((m & mf.dtr.mask) ? sf.dsr.mask : 0)
      | ((m & mf.out1.mask) ? sf.ri.mask : 0) | ((m & mf.out2.mask) ? sf.dcd.mask : 0);
  }

  private update(): void {
    const level = ((this.ier & IER_ERBFI) !== 0 && this.rx >= 0) || ((this.ier & IER_ETBEI) !== 0 && this.thri);
    if (level !== this.level) {
      this.level = level;
      this.irqLine?.(level);
    }
  }
}
