// The personality-level instruction: what an encoder takes, a decoder returns, the assembler
// builds and the disassembler prints. The engine never sees it: lower() in uops.ts turns it into
// the flat micro-op slot the interpreter runs.
import { OPS, type ArgKind, type Cond, type Form, type OpDef, type Personality } from './table.ts';

export type Arg =
  | { k: 'r'; r: number }
  | { k: 'i'; v: number }
  | { k: 'm'; base: number; index: number; scale: number; disp: number } // base/index -1 = absent
  | { k: 'rel'; v: number } // byte offset of the target from this instruction's first byte
  | { k: 'sr'; id: number }
  | { k: 'rl'; mask: number }
  | { k: 'cond'; c: Cond }
  | { k: 'cpsr' };

export interface Instr {
  /** index into the personality's instruction list (INSTRS[pers]) */
  id: number;
  args: Arg[];
}

/** One encodable instruction of a personality: an operation, one of its forms, and for
 *  conditional forms the condition baked into the opcode. */
export interface InstrDef {
  id: number;
  op: OpDef;
  form: Form;
  cond?: Cond;
  /** mnemonic as the assembler matches it (jcc/setcc: with the condition suffix on x86) */
  mn: string;
}

export const ZERO_REG = 16; // always reads 0: stands for an absent base or index register
export const SP_REG: Readonly<Record<Personality, number>> = { x86: 4, arm: 13 };
export const LR_REG = 14;
export const PC_REG = 15;
export const REG_NAMES: Readonly<Record<Personality, readonly string[]>> = {
  x86: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  arm: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'],
};

/** The unique conditions each personality can branch on, in encoding order. */
const X86_COND_ORDER: Cond[] = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'mi', 'pl', 'vs', 'vc', 'x86b', 'x86ae', 'x86be', 'x86a'];
const X86_COND_SUFFIX: Record<string, string> = {
  eq: 'e', ne: 'ne', lt: 'l', ge: 'ge', le: 'le', gt: 'g', mi: 's', pl: 'ns', vs: 'o', vc: 'no', x86b: 'b', x86ae: 'ae', x86be: 'be', x86a: 'a',
};
export const ARM_COND_NAME: Record<string, string> = {
  eq: 'eq', ne: 'ne', lt: 'lt', ge: 'ge', le: 'le', gt: 'gt', mi: 'mi', pl: 'pl', vs: 'vs', vc: 'vc', armlo: 'lo', armhs: 'hs', armls: 'ls', armhi: 'hi',
};
export const X86_COND_NAME = X86_COND_SUFFIX;
const ARM_COND_ORDER: Cond[] = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'mi', 'pl', 'vs', 'vc', 'armlo', 'armhs', 'armls', 'armhi'];

function build(pers: Personality): InstrDef[] {
  const out: InstrDef[] = [];
  for (const op of OPS) {
    for (const form of op[pers] ?? []) {
      // x86 encodes the condition in the opcode byte (like real x86's Jcc / SETcc rows);
      // arm encodes it in a field, so one arm definition covers every condition.
      if (pers === 'x86' && (op.cls === 'jcc' || op.cls === 'setcc')) {
        for (const cond of X86_COND_ORDER) out.push({ id: out.length, op, form, cond, mn: form.mn + X86_COND_SUFFIX[cond] });
      } else {
        out.push({ id: out.length, op, form, mn: form.mn });
      }
    }
  }
  return out;
}

export const INSTRS: Readonly<Record<Personality, readonly InstrDef[]>> = { x86: build('x86'), arm: build('arm') };
export const ARM_CONDS_ENCODED = ARM_COND_ORDER;

/** Instruction definitions by mnemonic, for the assemblers. */
export function byMnemonic(pers: Personality): Map<string, InstrDef[]> {
  const m = new Map<string, InstrDef[]>();
  for (const d of INSTRS[pers]) {
    const list = m.get(d.mn) ?? [];
    list.push(d);
    m.set(d.mn, list);
  }
  return m;
}

export function argKinds(d: InstrDef): readonly ArgKind[] {
  return d.form.args;
}
