// What the personality modules (x86.ts, arm.ts) hand the driver: an instruction definition
// chosen from the ISA table with its operands bound to still-unevaluated expressions, and the
// encoding of such a plan once the driver can evaluate them.
import type { Cond, ArgKind } from '../../vm/isa/table.ts';
import type { InstrDef } from '../../vm/isa/instr.ts';
import type { RelocType } from '../link/object.ts';
import type { Expr, Value } from './expr.ts';

export type Binding =
  | { b: 'r'; r: number }
  /** half: arm #:lower16: / #:upper16:; alts: the immediate kinds of the forms that differed only here (for messages) */
  | { b: 'imm'; e: Expr; col: number; half?: 'lo' | 'hi'; alts: ArgKind[] }
  /** base/index -1 = absent; scale = shift count */
  | { b: 'mem'; base: number; index: number; scale: number; disp: Expr | null; col: number }
  | { b: 'rel'; e: Expr; col: number }
  | { b: 'sr'; id: number }
  | { b: 'rl'; mask: number }
  | { b: 'cond'; c: Cond }
  | { b: 'cpsr' };

export interface Planned {
  def: InstrDef;
  /** one per form operand */
  binds: Binding[];
  /** x86: force 32-bit displacements (a displacement that is relocated or not known in pass 1) */
  wide: boolean;
}

export interface InsnReloc {
  /** offset from the instruction's first byte */
  offset: number;
  type: RelocType;
  symbol: string;
  addend: number;
}

export interface EncodedInsn {
  bytes: number[];
  relocs: InsnReloc[];
}

export type BranchTarget = { k: 'direct'; rel: number } | { k: 'reloc'; symbol: string; addend: number };

/** What the driver offers an encoder in pass 2. Every method may throw LineError. */
export interface InsnCtx {
  /** section and offset of the instruction */
  sec: string;
  off: number;
  eval(e: Expr): Value;
  /** relocation target for a relocatable value */
  reloc(v: Value, col: number): { symbol: string; addend: number };
  /** a branch target: same-section (or numeric, meaning a section offset) resolves to an offset
   *  from the instruction; anything else needs a relocation */
  branch(e: Expr, col: number): BranchTarget;
}

/** Peek at an expression's value in pass 1 without reporting errors ('unk' when not known yet). */
export type Peek = (e: Expr) => Value;

export const RANGES: Readonly<Partial<Record<ArgKind, [number, number]>>> = {
  i8: [-128, 127], u8: [0, 255], i16: [-32768, 32767], u16: [0, 65535], u5: [0, 31], i32: [-2147483648, 4294967295],
};

export function rangeText(kinds: readonly ArgKind[]): string {
  const seen = new Set<string>();
  for (const k of kinds) {
    const r = RANGES[k];
    if (r) seen.add(`${r[0]}..${r[1]}`);
  }
  return [...seen].join(' or ');
}

export function inRange(kind: ArgKind, v: number): boolean {
  const r = RANGES[kind];
  return !r || (v >= r[0] && v <= r[1]);
}

export const KIND_TEXT: Readonly<Record<ArgKind, string>> = {
  r: 'register', i8: 'imm8', u8: 'imm8', i16: 'imm16', u16: 'imm16', u5: 'imm5', i32: 'imm32', m: 'memory',
  mo: '[rn, #off]', mx: '[rn, rm, lsl #s]', rel: 'label', sr: 'system register', rl: 'register list',
  cond: 'condition', cpsr: 'cpsr',
};

export function formsText(defs: readonly InstrDef[]): string {
  const seen = new Set<string>();
  for (const d of defs) {
    const args = d.form.args.map((k) => (k === 'm' && d.form.size ? `${d.form.size} memory` : KIND_TEXT[k] ?? k));
    seen.add(args.length ? `${d.mn} ${args.join(', ')}` : d.mn);
  }
  return [...seen].join(' | ');
}
