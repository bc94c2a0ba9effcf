// Exception entry and return, per personality. Rare work, kept out of the interpreter.
//
// x86: the vector table (idtr) holds one 32-bit handler address per vector. Entry switches to
// the kernel stack (esp0) when coming from user mode and pushes, from high to low addresses:
// [user esp if from user], eflags, cs (0 kernel / 3 user), return eip, error code. shoal always
// pushes an error code (0 when the vector has none); the handler drops it before iret.
// arm: the vector table (vbar) holds instructions, one word per slot: 0 reset, 1 undefined,
// 2 svc, 3 prefetch abort, 4 data abort, 6 irq. Entry saves cpsr in spsr and the return address
// in elr, banks sp (sp_usr <-> sp_svc) when coming from user mode, and masks interrupts.
// Both: esr = cause | info << 8, far = faulting address; interrupts are masked on entry.
import { CAUSE, CAUSES, SR } from '../isa/table.ts';
import type { Core } from './core.ts';
import { FAULT, type FaultRecord } from './fault.ts';
import { packNZCV, setRaw } from './flags.ts';

const BY_CODE = new Map(CAUSES.map((c) => [c.code, c]));

export function packEflags(core: Core): number {
  const n = packNZCV(core.regs, true);
  return ((n & 2) ? 1 : 0) | 2 | ((n & 4) ? 0x40 : 0) | ((n & 8) ? 0x80 : 0) | (core.ie ? 0x200 : 0) | ((n & 1) ? 0x800 : 0);
}
export function unpackEflags(core: Core, v: number, allowIf: boolean): void {
  setRaw(core.regs, ((v & 0x80) ? 8 : 0) | ((v & 0x40) ? 4 : 0) | ((v & 1) ? 2 : 0) | ((v & 0x800) ? 1 : 0));
  if (allowIf) core.ie = (v & 0x200) !== 0;
}
export function packCpsr(core: Core): number {
  return (packNZCV(core.regs, false) << 28) | (core.ie ? 0 : 0x80) | (core.user ? 0x10 : 0x13);
}
export function unpackCpsr(core: Core, v: number, privileged: boolean): void {
  setRaw(core.regs, (v >>> 28) & 15);
  if (privileged) core.ie = (v & 0x80) === 0;
}

/** Stop the core: the exception cannot be delivered. The machine reports it. */
function unhandled(core: Core, cause: number, pc: number, addr: number, info: number): number {
  const rec: FaultRecord = { cause, addr, info, pc };
  core.stopped = rec;
  return pc;
}

/**
 * Enter the handler for `cause`. `pc` is the instruction that caused it (reported when the
 * machine has no handler), `ret` the address to resume at. Returns the new pc.
 */
export function enter(core: Core, cause: number, pc: number, ret: number, addr = 0, info = 0, vector = -1): number {
  const vbar = core.sys[SR.vbar];
  if (vbar === 0 || core.stopped) return unhandled(core, cause, pc, addr, info);
  const def = BY_CODE.get(cause);
  core.sys[SR.esr] = cause | (info << 8);
  if (cause === CAUSE.page || cause === CAUSE.bus || cause === CAUSE.alignment) core.sys[SR.far] = addr;
  const fromUser = core.user;
  try {
    if (core.isX86) {
      const v = vector >= 0 ? vector : def ? def.x86Vector : CAUSE.illegal;
      const eflags = packEflags(core);
      const userSp = core.regs[4];
      let sp = fromUser ? core.sys[SR.ksp] : userSp;
      core.setUser(false);
      if (fromUser) { sp = (sp - 4) | 0; core.st32(sp, userSp); }
      sp = (sp - 4) | 0; core.st32(sp, eflags);
      sp = (sp - 4) | 0; core.st32(sp, fromUser ? 3 : 0);
      sp = (sp - 4) | 0; core.st32(sp, ret);
      sp = (sp - 4) | 0; core.st32(sp, cause === CAUSE.page ? info : 0);
      core.regs[4] = sp;
      core.ie = false;
      const handler = core.ld32((vbar + v * 4) | 0);
      if (handler === 0) return unhandled(core, cause, pc, addr, info);
      return handler;
    }
    const slot = def ? def.armSlot : 1;
    core.sys[SR.spsr] = packCpsr(core);
    core.sys[SR.elr] = ret;
    if (fromUser) { core.sys[SR.usp] = core.regs[13]; core.regs[13] = core.sys[SR.ksp]; }
    core.setUser(false);
    core.ie = false;
    return (vbar + slot * 4) | 0;
  } catch (e) {
    if (e !== FAULT) throw e;
    // a fault while entering a handler (unmapped kernel stack or vector table): give up
    return unhandled(core, cause, pc, addr, info);
  }
}

/** Return from exception (iret / eret). Returns the new pc; may raise a fault. */
export function eret(core: Core): number {
  if (core.isX86) {
    const sp = core.regs[4];
    const eip = core.ld32(sp);
    const cs = core.ld32((sp + 4) | 0);
    const eflags = core.ld32((sp + 8) | 0);
    if (cs === 3) {
      const usp = core.ld32((sp + 12) | 0);
      core.regs[4] = usp;
      core.setUser(true);
    } else core.regs[4] = (sp + 12) | 0;
    unpackEflags(core, eflags, true);
    return eip;
  }
  const spsr = core.sys[SR.spsr];
  unpackCpsr(core, spsr, true);
  if ((spsr & 0x1f) === 0x10) {
    core.sys[SR.ksp] = core.regs[13];
    core.regs[13] = core.sys[SR.usp];
    core.setUser(true);
  }
  return core.sys[SR.elr];
}

/** Take a pending external interrupt, if any and if unmasked. Returns true when taken. */
export function deliverInterrupt(core: Core): boolean {
  const intc = core.intc;
  if (!core.ie || intc === null || !intc.pending(core)) return false;
  if (core.isX86) {
    const vector = intc.ack(core);
    if (vector < 0) return false;
    core.pc = enter(core, CAUSE.irq, core.pc, core.pc, 0, 0, vector);
  } else {
    core.pc = enter(core, CAUSE.irq, core.pc, core.pc);
  }
  return true;
}
