// Guest faults unwind the interpreter by throwing one preallocated object: no allocation and
// no stack capture on the guest's error path. What went wrong is recorded on the core first.
import { CAUSES } from '../isa/table.ts';

export interface FaultRecord { cause: number; addr: number; info: number; pc: number }

/** The one value thrown for guest faults. Anything else caught in the run loop is a host bug. */
export const FAULT: { readonly guestFault: true } = Object.freeze({ guestFault: true });

/** Thrown to leave the run loop at once when the machine is stopping (exit device). */
export const STOP: { readonly stop: true } = Object.freeze({ stop: true });

/** Page-fault info bits (x86 error-code layout, used for both personalities). */
export const PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4, PF_FETCH = 16;

const NAMES = new Map(CAUSES.map((c) => [c.code, c.name]));
export function causeName(code: number): string {
  return NAMES.get(code) ?? `cause ${code}`;
}

export function describeFault(f: FaultRecord): string {
  const name = causeName(f.cause);
  const pc = `pc=0x${(f.pc >>> 0).toString(16).padStart(8, '0')}`;
  if (name === 'page' || name === 'bus' || name === 'alignment') {
    const kind = f.info & PF_FETCH ? 'fetch' : f.info & PF_WRITE ? 'write' : 'read';
    const why = name === 'page' ? (f.info & PF_PRESENT ? 'protection' : 'not-present') : name;
    return `${name} ${kind} at 0x${(f.addr >>> 0).toString(16).padStart(8, '0')} (${why}${f.info & PF_USER ? ', user' : ''}) ${pc}`;
  }
  if (name === 'trap') return `trap ${f.info} ${pc}`;
  return `${name} ${pc}`;
}
