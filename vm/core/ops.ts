// Out-of-line helpers the generated interpreter calls: anything that can fault in an unusual
// way, touches devices, changes modes, or decodes. Kept here so the dispatch function stays small.
import { CAUSE, SYSREGS, SR } from '../isa/table.ts';
import { decodeX86, DecodeError } from '../isa/x86.ts';
import { decodeArm } from '../isa/arm.ts';
import { lower, LowerError, SLOT_SHIFT } from '../isa/uops.ts';
import type { Core } from './core.ts';
import { PF_FETCH } from './fault.ts';
import { fuseBranch } from './fuse.ts';
import { enter, packCpsr, packEflags, unpackCpsr, unpackEflags } from './exceptions.ts';

export { evalCond } from './flags.ts';
export { eret } from './exceptions.ts';

export function udiv(core: Core, x: number, y: number): number {
  if (y === 0) core.raise(CAUSE.divide);
  return ((x >>> 0) / (y >>> 0)) | 0;
}
export function sdiv(core: Core, x: number, y: number): number {
  if (y === 0) core.raise(CAUSE.divide);
  return (x / y) | 0; // -2^31 / -1 wraps to -2^31, as on arm (x86 would fault; shoal defines it)
}
export function urem(core: Core, x: number, y: number): number {
  if (y === 0) core.raise(CAUSE.divide);
  return ((x >>> 0) % (y >>> 0)) | 0;
}
export function srem(core: Core, x: number, y: number): number {
  if (y === 0) core.raise(CAUSE.divide);
  return (x % y) | 0;
}

export function priv(core: Core): never {
  return core.raise(CAUSE.privilege);
}

/** The decoded-code page holding virtual `pc`, translating with execute permission. */
export function fetchPage(core: Core, pc: number): Int32Array {
  const pa = core.paging ? core.xlate(pc, core.needX) : pc;
  if ((pa >>> 0) >= core.mem.ramSize) core.raise(CAUSE.bus, pc, PF_FETCH);
  return core.mem.codePage(core.isX86 ? 0 : 1, pa >>> 12);
}

function fetchByte(core: Core, va: number): number {
  const pa = core.paging ? core.xlate(va, core.needX) : va;
  if ((pa >>> 0) >= core.mem.ramSize) core.raise(CAUSE.bus, va, PF_FETCH);
  return core.mem.ram8[pa >>> 0];
}

/** Decode the instruction at `pc` into slot `i` of `code` (the page holding pc). */
export function decode(core: Core, code: Int32Array, pc: number, i: number): void {
  let len: number;
  try {
    if (core.isX86) {
      const r = decodeX86((off) => fetchByte(core, (pc + off) | 0));
      len = r.len;
      lower('x86', r.ins, len, code, i);
    } else {
      if (pc & 3) core.raise(CAUSE.alignment, pc, PF_FETCH);
      const pa = core.paging ? core.xlate(pc, core.needX) : pc;
      len = 4;
      lower('arm', decodeArm(core.mem.ram32[pa >>> 2]), 4, code, i);
    }
  } catch (e) {
    if (e instanceof DecodeError || e instanceof LowerError) core.raise(CAUSE.illegal, pc, 0);
    throw e;
  }
  const pa = core.paging ? core.xlate(pc, core.needX) : pc;
  // the recorded extent covers a fused branch too, so a store into it invalidates the pair
  core.mem.noteDecoded(pa >>> 12, pa & 0xfff, fuseBranch(core, code, i, pa, len));
  void SLOT_SHIFT;
}

/** syscall / svc: enter the kernel, resuming after the instruction. */
export function syscall(core: Core, pc: number, len: number): number {
  return enter(core, CAUSE.syscall, pc, (pc + len) | 0);
}
/** breakpoint and software traps resume after the instruction (x86 int n uses vector n). */
export function softTrap(core: Core, cause: number, pc: number, len: number, code: number): number {
  return enter(core, cause, pc, (pc + len) | 0, 0, code, core.isX86 && cause === CAUSE.trap ? code & 0xff : -1);
}

export function portIn(core: Core, port: number, size: number): number {
  return core.mem.portRead(core, port, size);
}
export function portOut(core: Core, port: number, size: number, v: number): void {
  core.mem.portWrite(core, port, size, v);
}

export function rdsys(core: Core, id: number, cyc: number): number {
  const def = SYSREGS[id];
  if (!def) return core.raise(CAUSE.illegal);
  if (core.user && !def.userRead) return core.raise(CAUSE.privilege);
  if (id === SR.coreid) return core.id;
  if (id === SR.cycles) return (core.cycles + cyc) | 0;
  if (id === SR.cyclesh) return Math.floor((core.cycles + cyc) / 0x100000000) | 0;
  return core.sys[id];
}

/** Write a system register; the caller leaves the run loop afterwards (modes may change). */
export function wrsys(core: Core, id: number, v: number): void {
  const def = SYSREGS[id];
  if (!def || !def.writable) { core.raise(CAUSE.illegal); return; }
  if (core.user && !(def.userRead && id === SR.scratch1)) { core.raise(CAUSE.privilege); return; }
  core.sys[id] = v;
  if (id === SR.ctrl) {
    core.paging = core.isX86 ? (v & 0x80000000) !== 0 : (v & 1) !== 0;
    core.flushTlb();
  } else if (id === SR.ptbr) core.flushTlb();
}

export function rdtsc(core: Core, cyc: number): void {
  const t = core.cycles + cyc;
  core.regs[0] = t | 0;
  core.regs[2] = Math.floor(t / 0x100000000) | 0;
}

export function pushf(core: Core, sp: number): void {
  const v = (core.regs[sp] - 4) | 0;
  core.st32(v, packEflags(core));
  core.regs[sp] = v;
}
export function popf(core: Core, sp: number): void {
  const v = core.ld32(core.regs[sp]);
  core.regs[sp] = (core.regs[sp] + 4) | 0;
  unpackEflags(core, v, !core.user);
}
export function rdflags(core: Core): number {
  return packCpsr(core);
}
export function wrflags(core: Core, v: number): void {
  unpackCpsr(core, v, !core.user);
}

/** Deliver the fault recorded on the core; the faulting instruction is restarted on return. */
export function fault(core: Core, pc: number): number {
  const f = core.fault;
  return enter(core, f.cause, pc, pc, f.addr, f.info);
}
