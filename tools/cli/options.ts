// Option parsers shared by commands; they reject bad values with commander's own error path.
import { InvalidArgumentError } from 'commander';
import type { Personality } from '../../vm/isa/table.ts';

export function parseArch(v: string): Personality {
  if (v !== 'x86' && v !== 'arm') throw new InvalidArgumentError('expected x86 or arm');
  return v;
}
export function parseCount(v: string): number {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}
export function parseAddress(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('expected an address, e.g. 0x100000');
  return n;
}
