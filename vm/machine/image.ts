// Loading a boot image: every kernel and module of a menu.lst into RAM at its link addresses,
// plus a boot module table the kernels read to find each other (shoal's counterpart of the
// multiboot module list). The boot core starts at the kernel of its own personality; it starts
// the other cores itself (docs/boot.md, docs/machine.md).
import type { Executable } from '../../compiler/link/index.ts';
import type { Personality } from '../isa/table.ts';
import { bootStackTop } from './bootinfo.ts';
import { LoadError, type Machine } from './machine.ts';

export const MODULE_TABLE = 0x2000;
export const MODULE_TABLE_END = 0x3000;
export const MODULE_TABLE_MAGIC = 0x424d4853; // "SHMB" in little-endian bytes
const HEADER_WORDS = 4;
/** Word offsets within an entry. */
export const MODULE_ENTRY_FIELDS = ['kind', 'personality', 'entry', 'start', 'end', 'path', 'args', 'reserved'] as const;
const ENTRY_BYTES = MODULE_ENTRY_FIELDS.length * 4;

export interface BootModule { kind: 'kernel' | 'module'; path: string; args: string[]; exe: Executable }

function extent(exe: Executable): { start: number; end: number } {
  let start = Infinity, end = 0;
  for (const s of exe.segments) { start = Math.min(start, s.vaddr); end = Math.max(end, s.vaddr + s.memsz); }
  return { start, end };
}

/** Load the image and write the module table; returns the kernel entry of each personality. */
export function loadBootImage(machine: Machine, modules: BootModule[]): Map<Personality, number> {
  const placed: { path: string; start: number; end: number }[] = [];
  const lowestStack = bootStackTop(machine.cfg, machine.cores.length - 1) - 0x10000;
  for (const m of modules) {
    const r = extent(m.exe);
    if (r.start < MODULE_TABLE_END) throw new LoadError(`${m.path} is linked at 0x${r.start.toString(16)}, below 0x${MODULE_TABLE_END.toString(16)} where boot information lives`);
    if (r.end > lowestStack) throw new LoadError(`${m.path} ends at 0x${r.end.toString(16)}, in the cores' boot stacks (from 0x${lowestStack.toString(16)})`);
    const clash = placed.find((p) => r.start < p.end && p.start < r.end);
    if (clash) throw new LoadError(`${m.path} (0x${r.start.toString(16)}-0x${r.end.toString(16)}) overlaps ${clash.path}`);
    placed.push({ path: m.path, ...r });
    machine.load(m.exe);
  }

  const dv = machine.mem.dv;
  let str = MODULE_TABLE + HEADER_WORDS * 4 + modules.length * ENTRY_BYTES;
  const putString = (s: string): number => {
    const bytes = new TextEncoder().encode(s);
    if (str + bytes.length + 1 > MODULE_TABLE_END) throw new LoadError(`the boot module table does not fit in 0x${MODULE_TABLE.toString(16)}-0x${MODULE_TABLE_END.toString(16)} (too many modules or arguments)`);
    const at = str;
    machine.mem.writeBytes(at, bytes);
    dv.setUint8(at + bytes.length, 0);
    str += bytes.length + 1;
    return at;
  };
  const kernels = new Map<Personality, number>();
  modules.forEach((m, i) => {
    const r = extent(m.exe);
    const values = [m.kind === 'kernel' ? 0 : 1, m.exe.arch === 'x86' ? 0 : 1, m.exe.entry, r.start, r.end, putString(m.path), putString(m.args.join(' ')), 0];
    values.forEach((v, w) => dv.setUint32(MODULE_TABLE + HEADER_WORDS * 4 + i * ENTRY_BYTES + w * 4, v >>> 0, true));
    if (m.kind === 'kernel' && !kernels.has(m.exe.arch)) kernels.set(m.exe.arch, m.exe.entry);
  });
  [MODULE_TABLE_MAGIC, 1, modules.length, str - MODULE_TABLE].forEach((v, w) => dv.setUint32(MODULE_TABLE + w * 4, v >>> 0, true));
  return kernels;
}
