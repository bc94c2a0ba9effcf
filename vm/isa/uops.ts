// Internal micro-ops: the common decoded form both personalities lower into. One uop per
// (operation, operand shape, flag-setting, condition) combination that some personality uses.
// Numbers are dense from 1 (0 = "not decoded yet") so the interpreter's switch is a jump table.
//
// A decoded slot is SLOT_WORDS int32s: [uop, a, b, c, d, e, len, cost].
//   a, b, c: register numbers or small values; d: 32-bit immediate/displacement/branch offset
//   (relative to the instruction's own address); e: shift of a memory index;
//   len: guest instruction length in bytes; cost: cycles charged (times CYCLE_UNIT, plus one).
// Memory operands always use b = base, c = index, d = disp, e = scale shift, with ZERO_REG
// standing for an absent register, so every addressing mode computes the same expression.
import { COST, CONDS, type Cond, type OpDef, type Personality, type Shape } from './table.ts';
import { INSTRS, SP_REG, ZERO_REG, type Arg, type Instr, type InstrDef } from './instr.ts';

export const SLOT_WORDS = 8;
/** A slot's cost word is cycles * CYCLE_UNIT + 1, so one add per instruction counts both
 *  cycles and instructions; a run call must stay under CYCLE_UNIT instructions (MAX_RUN). */
export const CYCLE_UNIT = 1048576;
export const MAX_RUN = 1_000_000;
export const SLOT_SHIFT = 3;
export const F = { uop: 0, a: 1, b: 2, c: 3, d: 4, e: 5, len: 6, cost: 7 } as const;

export interface UopDef {
  num: number;
  key: string;
  op: OpDef;
  shape: Shape | 'rr' | 'ri' | 'r' | 'i' | 'mem' | 'none';
  flags: boolean;
  cond?: Cond;
}

/** The uop key an instruction definition lowers to. */
export function uopKey(d: InstrDef): string {
  const { op, form } = d;
  switch (op.cls) {
    case 'alu': case 'cmp':
      return `${op.name}.${form.shape}${form.flags || op.cls === 'cmp' ? '.f' : ''}`;
    case 'mov': return `${op.name}.${form.args[1] === 'r' ? 'rr' : 'ri'}`;
    case 'in': return `${op.name}.${form.args[1] === 'r' ? 'r' : 'i'}`;
    case 'out': return `${op.name}.${form.args[0] === 'r' ? 'r' : 'i'}`;
    case 'bound': return `${op.name}.${form.args[1] === 'r' ? 'rr' : 'ri'}`;
    case 'jcc': return `j.${d.cond ?? 'c'}`; // arm's cond comes from a field: see lowerCond
    default: return op.name;
  }
}

function shapeOf(d: InstrDef): UopDef['shape'] {
  const { op, form } = d;
  switch (op.cls) {
    case 'alu': case 'cmp': return form.shape ?? 'none';
    case 'mov': case 'bound': return form.args[1] === 'r' ? 'rr' : 'ri';
    case 'in': return form.args[1] === 'r' ? 'r' : 'i';
    case 'out': return form.args[0] === 'r' ? 'r' : 'i';
    case 'load': case 'store': case 'storei': case 'lea': case 'tlbflushva': case 'xchg': case 'cas': return 'mem';
    default: return 'none';
  }
}

function buildUops(): UopDef[] {
  const list: UopDef[] = [];
  const seen = new Set<string>();
  const add = (key: string, op: OpDef, shape: UopDef['shape'], flags: boolean, cond?: Cond) => {
    if (seen.has(key)) return;
    seen.add(key);
    list.push({ num: list.length + 1, key, op, shape, flags, cond });
  };
  for (const pers of ['x86', 'arm'] as const) {
    for (const d of INSTRS[pers]) {
      if (d.op.cls === 'jcc') {
        // one uop per condition either personality can name
        const conds: readonly Cond[] = pers === 'x86' ? [d.cond!] : CONDS.filter((c) => !c.startsWith('x86'));
        for (const c of conds) add(`j.${c}`, d.op, 'none', false, c);
        continue;
      }
      add(uopKey(d), d.op, shapeOf(d), (d.form.flags ?? false) || d.op.cls === 'cmp');
    }
  }
  return list;
}

export const UOPS: readonly UopDef[] = buildUops();
export const U: Readonly<Record<string, number>> = Object.fromEntries(UOPS.map((u) => [u.key, u.num]));
export const UOP_COUNT = UOPS.length + 1;

/** Cost in cycles of each uop, indexed by uop number. */
export const UOP_COST: Int32Array = (() => {
  const c = new Int32Array(UOP_COUNT);
  for (const u of UOPS) c[u.num] = COST[u.op.cost];
  return c;
})();

export class LowerError extends Error {}

function reg(a: Arg | undefined): number {
  if (!a || a.k !== 'r') throw new LowerError('expected a register operand');
  return a.r;
}
function imm(a: Arg | undefined): number {
  if (!a) throw new LowerError('missing operand');
  switch (a.k) {
    case 'i': case 'rel': return a.v | 0;
    case 'sr': return a.id;
    case 'rl': return a.mask;
    case 'cond': return CONDS.indexOf(a.c);
    default: throw new LowerError(`expected an immediate, got ${a.k}`);
  }
}

/**
 * Fill one decoded slot at `code[i..i+SLOT_WORDS)` from a personality instruction of length `len`.
 * Throws LowerError only for encodings that decode but mean nothing (x86 cmpxchg with an index
 * register); the VM turns that into an illegal-instruction fault.
 */
export function lower(pers: Personality, ins: Instr, len: number, code: Int32Array, i: number): void {
  const d = INSTRS[pers][ins.id];
  const args = ins.args;
  let a = 0, b = 0, c = 0, dd = 0, e = 0;
  const mem = (m: Arg | undefined) => {
    if (!m) throw new LowerError('missing memory operand');
    if (m.k === 'm') {
      b = m.base < 0 ? ZERO_REG : m.base; c = m.index < 0 ? ZERO_REG : m.index; dd = m.disp | 0; e = m.scale;
    } else if (m.k === 'r') { // arm tlbimva rn
      b = m.r; c = ZERO_REG; dd = 0; e = 0;
    } else throw new LowerError('expected a memory operand');
  };
  const twoAddr = pers === 'x86';
  const { cls } = d.op;
  let key = uopKey(d);
  switch (cls) {
    case 'alu': case 'cmp': {
      const shape = d.form.shape;
      if (shape === 'rrr') {
        if (cls === 'cmp') { b = reg(args[0]); c = reg(args[1]); }
        else if (twoAddr) { a = b = reg(args[0]); c = reg(args[1]); }
        else { a = reg(args[0]); b = reg(args[1]); c = reg(args[2]); }
      } else if (shape === 'rri') {
        if (cls === 'cmp') { b = reg(args[0]); dd = imm(args[1]); }
        else if (twoAddr) { a = b = reg(args[0]); dd = imm(args[1]); }
        else { a = reg(args[0]); b = reg(args[1]); dd = imm(args[2]); }
      } else if (shape === 'rm') { a = reg(args[0]); mem(args[1]); }
      else if (shape === 'mr') { mem(args[0]); a = reg(args[1]); }
      else if (shape === 'mi') { mem(args[0]); a = imm(args[1]); }
      break;
    }
    case 'unary': if (twoAddr) { a = b = reg(args[0]); } else { a = reg(args[0]); b = reg(args[1]); } break;
    case 'mov': a = reg(args[0]); if (args[1]?.k === 'r') b = args[1].r; else dd = imm(args[1]); break;
    case 'movt': a = reg(args[0]); dd = imm(args[1]); break;
    case 'load': case 'lea': a = reg(args[0]); mem(args[1]); break;
    case 'store': if (pers === 'x86') { mem(args[0]); a = reg(args[1]); } else { a = reg(args[0]); mem(args[1]); } break;
    case 'storei': mem(args[0]); a = imm(args[1]); break;
    case 'push': case 'pop': a = reg(args[0]); b = SP_REG[pers]; break;
    case 'pushi': a = imm(args[0]); b = SP_REG[pers]; break;
    case 'pushm': case 'popm': a = imm(args[0]); b = SP_REG[pers]; for (let m = a & 0xffff; m !== 0; m &= m - 1) c += 4; break;
    case 'pushf': case 'popf': case 'ret': b = SP_REG[pers]; break;
    case 'rdflags': a = reg(args[0]); break;
    case 'wrflags': b = reg(args[1]); break;
    case 'jmp': case 'bl': dd = imm(args[0]); break;
    case 'jcc': {
      dd = imm(args[0]);
      if (d.cond === undefined) { // arm: the condition is the instruction's cond operand
        const cond = args[1];
        if (!cond || cond.k !== 'cond') throw new LowerError('conditional branch without a condition');
        key = `j.${cond.c}`;
      }
      break;
    }
    case 'jmpr': case 'blr': a = reg(args[0]); break;
    case 'call': dd = imm(args[0]); b = SP_REG[pers]; break;
    case 'callr': a = reg(args[0]); b = SP_REG[pers]; break;
    case 'setcc': a = reg(args[0]); c = d.cond !== undefined ? CONDS.indexOf(d.cond) : imm(args[1]); break;
    case 'syscall': case 'brk': case 'trap': dd = args.length ? imm(args[0]) : 0; break;
    case 'eret': case 'cli': case 'sti': case 'hlt': case 'nop': case 'udf': case 'tlbflush': break;
    case 'in': a = reg(args[0]); if (args[1]?.k === 'r') b = args[1].r; else dd = imm(args[1]); break;
    case 'out': if (args[0]?.k === 'r') b = args[0].r; else dd = imm(args[0]); a = reg(args[1]); break;
    case 'rdsys': a = reg(args[0]); dd = imm(args[1]); break;
    case 'wrsys': dd = imm(args[0]); b = reg(args[1]); break;
    case 'tlbflushva': mem(args[0]); break;
    case 'rdtsc': a = 0; b = 2; break;
    case 'xchg': a = reg(args[0]); mem(args[1]); break;
    case 'cas':
      if (pers === 'x86') {
        mem(args[0]); a = reg(args[1]);
        if (c !== ZERO_REG) throw new LowerError('cmpxchg takes no index register');
        c = 0; // eax holds the expected value
      } else { c = reg(args[0]); a = reg(args[1]); b = reg(args[2]); dd = 0; e = 0; }
      break;
    case 'bound': b = reg(args[0]); if (args[1]?.k === 'r') c = args[1].r; else dd = imm(args[1]); break;
  }
  const num = U[key];
  if (num === undefined) throw new LowerError(`no uop for ${key}`);
  code[i] = num; code[i + 1] = a; code[i + 2] = b; code[i + 3] = c;
  code[i + 4] = dd; code[i + 5] = e; code[i + 6] = len; code[i + 7] = UOP_COST[num] * CYCLE_UNIT + 1;
}

// ---- fused compare-and-branch ---------------------------------------------------------------
// A compare (or test) whose next instruction, on the same page, is a conditional branch is
// decoded into one slot (vm/core/fuse.ts), so the pair costs one dispatch instead of two. What
// must stay true for nothing to observe the fusion: the slot charges both instructions (its cost
// word is the sum of theirs), it sets the flags exactly as the compare alone does, and neither
// half can fault. The branch's own slot is still decoded separately when something jumps to it.
// Fused slot: b, c / d as the compare's; a = branch target relative to the compare; len = both.

export interface FusedDef { num: number; key: string; first: UopDef; cond: Cond }

/** Conditions that are one comparison of the operands after each compare kind. */
const FUSE_CONDS: Record<string, readonly Cond[]> = {
  cmp: ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'x86b', 'x86ae', 'x86be', 'x86a'],
  test: ['eq', 'ne'],
};
/** After a subtract, arm's unsigned conditions name the same relations as x86's (C is
 *  not-borrow on arm, borrow on x86, and each personality's condition accounts for it). */
const SAME_AFTER_SUB: Partial<Record<Cond, Cond>> = { armlo: 'x86b', armhs: 'x86ae', armls: 'x86be', armhi: 'x86a' };

export const FUSED: readonly FusedDef[] = (() => {
  const list: FusedDef[] = [];
  for (const first of ['cmp.rrr.f', 'cmp.rri.f', 'test.rrr.f', 'test.rri.f']) {
    const u = UOPS[U[first]! - 1]!;
    for (const cond of FUSE_CONDS[u.op.name]!) list.push({ num: UOP_COUNT + list.length, key: `${first}+j.${cond}`, first: u, cond });
  }
  return list;
})();

const PAIRS = new Map<number, number>();
for (const f of FUSED) {
  PAIRS.set(f.first.num * 4096 + U[`j.${f.cond}`]!, f.num);
  for (const [armCond, same] of Object.entries(SAME_AFTER_SUB)) {
    if (same === f.cond && f.first.op.name === 'cmp') PAIRS.set(f.first.num * 4096 + U[`j.${armCond}`]!, f.num);
  }
}

const FIRSTS = new Set(FUSED.map((f) => f.first.num));
/** Whether uop `u` can begin a fused pair (decode looks at the next instruction only then). */
export const leadsFusion = (u: number): boolean => FIRSTS.has(u);

/** The fused uop for a compare uop followed by a branch uop, or 0 if the pair does not fuse. */
export function fusedPair(first: number, branch: number): number {
  return PAIRS.get(first * 4096 + branch) ?? 0;
}

// ---- fused step, compare and branch (loop back edges) -----------------------------------------
// `add r, r, #k` (x86 `add r, k`) followed by a compare-and-branch pair that fuses, all on one
// page, is one slot: the usual loop latch in one dispatch. The same rules as FUSED hold (counts
// are the sum, nothing can fault); the add's own flags (x86) are overwritten by the compare, so
// the slot leaves exactly the compare's. Slot: a = the stepped register, d = k, c = the compare's
// x register, e = its y (register number or immediate), b = branch target relative to the add,
// len = all three.

export interface StepDef { num: number; key: string; pair: FusedDef }

export const STEPS: readonly StepDef[] = FUSED.filter((f) => f.first.op.name === 'cmp')
  .map((pair, k) => ({ num: UOP_COUNT + FUSED.length + k, key: `add.rri+${pair.key}`, pair }));

const STEP_OF = new Map(STEPS.map((s) => [s.pair.num, s.num]));
const STEP_LEADS = new Set([U['add.rri.f']!, U['add.rri']!]);
/** Whether uop `u` (with a == b) can begin a step-compare-branch triple. */
export const leadsStep = (u: number): boolean => STEP_LEADS.has(u);
/** The triple for a fused compare-and-branch uop, or 0. */
export const stepOf = (pair: number): number => STEP_OF.get(pair) ?? 0;
/** Whether compare uop `u` takes its y operand from a register (else an immediate). */
export const compareTakesReg = (u: number): boolean => u === U['cmp.rrr.f'];

// ---- fused multiply-accumulate ------------------------------------------------------------------
// `mul rd, rn, rm` followed by `add ra, ra, rd` (or `add ra, rd, ra`) on the same page, the inner
// step of every dot product, is one slot. Neither half can fault and the slot writes rd and ra as
// the two would (rd first, so ra == rd adds the product twice); the flag-setting add (x86's) also
// leaves its flags. Slot: a = rd, b = rn, c = rm, d = ra, len = both, cost = the sum.

export interface MacDef { num: number; key: string; flags: boolean }

export const MACS: readonly MacDef[] = [false, true]
  .map((flags, k) => ({ num: UOP_COUNT + FUSED.length + STEPS.length + k, key: `mul.rrr+add.rrr${flags ? '.f' : ''}`, flags }));

/** The multiply-accumulate uop for a mul.rrr followed by `add`, or 0 when they do not fuse. */
export function macOf(mul: number, add: number): number {
  if (mul !== U['mul.rrr']) return 0;
  if (add === U['add.rrr']) return MACS[0]!.num;
  if (add === U['add.rrr.f']) return MACS[1]!.num;
  return 0;
}
