// Lazy condition flags. A flag-setting uop stores (kind, x, y, result) in four register-file
// words; conditions are computed only when a branch, setcc or a flags read asks. After a
// compare (kind sub) most conditions are a single signed or unsigned comparison of x and y.
//
// RAW holds materialised bits N=8 Z=4 C=2 V=1, where C is in the personality's own sense
// (x86: carry/borrow; arm: carry/not-borrow), written by popf / msr cpsr.
import { CONDS, FLAG_KIND } from '../isa/table.ts';

export const FK = 24, FA = 25, FB = 26, FR = 27;
const LOGIC = FLAG_KIND.logic, ADD = FLAG_KIND.add, SUB = FLAG_KIND.sub;

export function fZ(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return f[FA] === f[FB];
  if (k === FLAG_KIND.raw) return (f[FR] & 4) !== 0;
  return f[FR] === 0;
}
export function fN(f: Int32Array): boolean {
  return f[FK] === FLAG_KIND.raw ? (f[FR] & 8) !== 0 : f[FR] < 0;
}
export function fV(f: Int32Array): boolean {
  const k = f[FK], x = f[FA], y = f[FB], r = f[FR];
  if (k === ADD) return (~(x ^ y) & (x ^ r)) < 0;
  if (k === SUB) return ((x ^ y) & (x ^ r)) < 0;
  if (k === LOGIC) return false;
  return (r & 1) !== 0;
}
/** Signed less-than (N != V). */
export function fLT(f: Int32Array): boolean {
  return f[FK] === SUB ? f[FA] < f[FB] : fN(f) !== fV(f);
}
/** x86 CF: carry out of an add, borrow of a subtract. */
export function fCFx86(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return (f[FA] >>> 0) < (f[FB] >>> 0);
  if (k === ADD) return (f[FR] >>> 0) < (f[FA] >>> 0);
  if (k === LOGIC) return false;
  return (f[FR] & 2) !== 0;
}
/** arm C: carry out of an add, NOT borrow of a subtract. */
export function fCarm(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return (f[FA] >>> 0) >= (f[FB] >>> 0);
  if (k === ADD) return (f[FR] >>> 0) < (f[FA] >>> 0);
  if (k === LOGIC) return false;
  return (f[FR] & 2) !== 0;
}

/** Evaluate condition number `c` (index into CONDS). Branch uops inline the common ones. */
export function evalCond(f: Int32Array, c: number): boolean {
  switch (CONDS[c]) {
    case 'eq': return fZ(f);
    case 'ne': return !fZ(f);
    case 'lt': return fLT(f);
    case 'ge': return !fLT(f);
    case 'le': return fZ(f) || fLT(f);
    case 'gt': return !fZ(f) && !fLT(f);
    case 'mi': return fN(f);
    case 'pl': return !fN(f);
    case 'vs': return fV(f);
    case 'vc': return !fV(f);
    case 'x86b': return fCFx86(f);
    case 'x86ae': return !fCFx86(f);
    case 'x86be': return fCFx86(f) || fZ(f);
    case 'x86a': return !fCFx86(f) && !fZ(f);
    case 'armlo': return !fCarm(f);
    case 'armhs': return fCarm(f);
    case 'armls': return !fCarm(f) || fZ(f);
    case 'armhi': return fCarm(f) && !fZ(f);
    default: return false;
  }
}

/** Canonical NZCV bits (C in the given personality's sense) of the current flags. */
export function packNZCV(f: Int32Array, x86: boolean): number {
  return (fN(f) ? 8 : 0) | (fZ(f) ? 4 : 0) | ((x86 ? fCFx86(f) : fCarm(f)) ? 2 : 0) | (fV(f) ? 1 : 0);
}
export function setRaw(f: Int32Array, nzcv: number): void {
  f[FK] = FLAG_KIND.raw; f[FA] = 0; f[FB] = 0; f[FR] = nzcv & 15;
}
