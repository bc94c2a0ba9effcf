// Lazy condition flags. A flag-setting uop stores (kind, x, y) in three register-file words;
// conditions are computed only when a branch, setcc or a flags read asks, recomputing the
// result from the kind when they need it. After a compare (kind sub) most conditions are a
// single signed or unsigned comparison of x and y.
//
// RAW holds materialised bits N=8 Z=4 C=2 V=1 in FR, where C is in the personality's own sense
// (x86: carry/borrow; arm: carry/not-borrow), written by popf / msr cpsr.
import { CONDS, FLAG_KIND } from '../isa/table.ts';

export const FK = 24, FA = 25, FB = 26, FR = 27;
const LOGIC = FLAG_KIND.logic, ADD = FLAG_KIND.add, SUB = FLAG_KIND.sub, RAW = FLAG_KIND.raw, OR = FLAG_KIND.or, XOR = FLAG_KIND.xor;

/** The result of the last flag-setting operation (not meaningful for RAW). */
function res(f: Int32Array): number {
  const k = f[FK], x = f[FA], y = f[FB];
  return k === SUB ? (x - y) | 0 : k === ADD ? (x + y) | 0 : k === LOGIC ? x & y : k === OR ? x | y : x ^ y;
}

export function fZ(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return f[FA] === f[FB];
  if (k === RAW) return (f[FR] & 4) !== 0;
  return res(f) === 0;
}
export function fN(f: Int32Array): boolean {
  return f[FK] === RAW ? (f[FR] & 8) !== 0 : res(f) < 0;
}
export function fV(f: Int32Array): boolean {
  const k = f[FK], x = f[FA], y = f[FB];
  if (k === ADD) return (~(x ^ y) & (x ^ ((x + y) | 0))) < 0;
  if (k === SUB) return ((x ^ y) & (x ^ ((x - y) | 0))) < 0;
  if (k === RAW) return (f[FR] & 1) !== 0;
  return false;
}
/** Signed less-than (N != V). */
export function fLT(f: Int32Array): boolean {
  return f[FK] === SUB ? f[FA] < f[FB] : fN(f) !== fV(f);
}
/** x86 CF: carry out of an add, borrow of a subtract. */
export function fCFx86(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return (f[FA] >>> 0) < (f[FB] >>> 0);
  if (k === ADD) return ((f[FA] + f[FB]) >>> 0) < (f[FA] >>> 0);
  if (k === RAW) return (f[FR] & 2) !== 0;
  return false;
}
/** arm C: carry out of an add, NOT borrow of a subtract. */
export function fCarm(f: Int32Array): boolean {
  const k = f[FK];
  if (k === SUB) return (f[FA] >>> 0) >= (f[FB] >>> 0);
  if (k === ADD) return ((f[FA] + f[FB]) >>> 0) < (f[FA] >>> 0);
  if (k === RAW) return (f[FR] & 2) !== 0;
  return false;
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
