// arm personality: ARM-like operand syntax, matched against the forms in vm/isa/table.ts.
//   registers r0-r15, sp, lr, pc, fp (r11), ip (r12); immediates `#expr`, `#:lower16:expr`,
//   `#:upper16:expr`; memory `[rn]`, `[rn, #off]`, `[rn, rm]`, `[rn, rm, lsl #s]`;
//   register lists `{r4-r7, lr}`; conditional branches `b<cond>`; two-operand shorthand
//   `add r0, #4` = `add r0, r0, #4`; pseudo-instructions `ldr rd, =expr` and `mov32 rd, expr`
//   (movw + movt, always 8 bytes).
import { ARM_CONDS, SYSREGS, type ArgKind } from '../../vm/isa/table.ts';
import { INSTRS, REG_NAMES, byMnemonic, type Arg, type InstrDef } from '../../vm/isa/instr.ts';
import { armImmFits, armRelFits, encodeArm } from '../../vm/isa/arm.ts';
import { RelocType } from '../link/object.ts';
import { fail } from './errors.ts';
import { Cursor, evaluate, isLiteral, parseExpr, type Expr } from './expr.ts';
import { describe, expectEnd, type Operand } from './parse.ts';
import { formsText, rangeText, type Binding, type EncodedInsn, type InsnCtx, type InsnReloc, type Peek, type Planned } from './target.ts';

export type ArmOperand =
  | { k: 'reg'; r: number; col: number }
  | { k: 'imm'; e: Expr; half?: 'lo' | 'hi'; col: number }
  | { k: 'expr'; e: Expr; col: number; ident?: string }
  | { k: 'memo'; base: number; off: Expr | null; col: number }
  | { k: 'memx'; base: number; index: number; shift: number; col: number }
  | { k: 'rl'; mask: number; col: number }
  | { k: 'sr'; id: number; col: number }
  | { k: 'cpsr'; col: number }
  | { k: 'lit'; e: Expr; col: number }
  | { k: 'cond'; c: (typeof ARM_CONDS)[string]; col: number };

const DEFS = INSTRS.arm;
const BY_MN = byMnemonic('arm');
const REG_ALIASES: Readonly<Record<string, number>> = { fp: 11, ip: 12 };
const SR_NAMES = SYSREGS.map((s) => s.arm);
/** mnemonic stems of branches that take a condition suffix (b -> beq, blo, ...) */
const COND_STEMS = [...new Set(DEFS.filter((d) => d.form.args.includes('cond') && d.form.args.includes('rel')).map((d) => d.form.mn))];
/** a mnemonic whose immediate form also tries another mnemonic's forms (mov #0xffff = movw) */
const IMM_FALLBACK: Readonly<Record<string, string>> = { mov: 'movw' };

export const armReg = (name: string): number | undefined => {
  const n = name.toLowerCase();
  const i = REG_NAMES.arm.indexOf(n);
  if (i >= 0) return i;
  return Object.hasOwn(REG_ALIASES, n) ? REG_ALIASES[n] : undefined;
};
const armSr = (name: string): number | undefined => {
  const i = SR_NAMES.indexOf(name.toLowerCase());
  return i < 0 ? undefined : i;
};
const armCond = (name: string) => {
  const n = name.toLowerCase();
  return Object.hasOwn(ARM_CONDS, n) ? ARM_CONDS[n] : undefined;
};

export function armReserved(name: string): string | undefined {
  if (armReg(name) !== undefined) return `register '${name}' cannot be used in an expression`;
  if (armSr(name) !== undefined || name.toLowerCase() === 'cpsr') return `system register '${name}' cannot be used in an expression`;
  return undefined;
}

const movDef = (mn: string): InstrDef | undefined =>
  BY_MN.get(mn)?.find((d) => d.form.args.length === 2 && d.form.args[0] === 'r' && d.form.args[1] === 'u16');

function parseReg(cur: Cursor, what: string): number {
  const t = cur.next();
  if (t?.t === 'id') {
    const r = armReg(t.s);
    if (r !== undefined) return r;
    fail('bad-register', t.col, `unknown register '${t.s}'`);
  }
  fail('bad-operand', t?.col ?? cur.endCol, `expected ${what}${t ? `, found ${describe(t)}` : ''}`);
}

const NO_ENV = { dot: undefined, lookup: (_n: string, col: number) => fail('bad-operand', col, 'the shift must be a number') };

// helpers are module-level functions, not closures made per operand or instruction: tsx
// compiles with esbuild's keepNames, which gives each named closure a defineProperty call
const isImmKind = (k: ArgKind): boolean => k === 'i16' || k === 'u16' || k === 'u5';

function immValue(op: ArmOperand, peek: Peek): number | undefined {
  if (op.k !== 'imm') return undefined;
  const v = peek(op.e);
  if (v.t !== 'abs') return undefined;
  return op.half === 'lo' ? v.v & 0xffff : op.half === 'hi' ? v.v >>> 16 : v.v;
}

function immediatesFit(d: InstrDef, aops: readonly ArmOperand[], peek: Peek): boolean {
  return d.form.args.every((k, i) => {
    const op = aops[i]!;
    if (op.k !== 'imm') return true;
    const v = immValue(op, peek);
    return v === undefined ? op.half !== undefined : armImmFits(k, v);
  });
}

export function parseArmOperand(op: Operand, endCol: number): ArmOperand {
  const cur = new Cursor(op.toks, endCol);
  const first = cur.peek()!;
  if (first.t === 'p' && first.s === '#') {
    cur.next();
    let half: 'lo' | 'hi' | undefined;
    if (cur.isP(':')) {
      cur.next();
      const w = cur.next();
      const name = w?.t === 'id' ? w.s.toLowerCase() : '';
      if (name !== 'lower16' && name !== 'upper16') fail('bad-operand', w?.col ?? endCol, "expected ':lower16:' or ':upper16:'");
      half = name === 'lower16' ? 'lo' : 'hi';
      cur.expectP(':', "':'");
    }
    const e = parseExpr(cur, { reserved: armReserved });
    expectEnd(cur);
    return { k: 'imm', e, half, col: op.col };
  }
  if (first.t === 'p' && first.s === '=') {
    cur.next();
    const e = parseExpr(cur, { reserved: armReserved });
    expectEnd(cur);
    return { k: 'lit', e, col: op.col };
  }
  if (first.t === 'p' && first.s === '[') {
    cur.next();
    const base = parseReg(cur, 'a base register');
    let res: ArmOperand;
    if (cur.eatP(']')) res = { k: 'memo', base, off: null, col: op.col };
    else {
      cur.expectP(',', "',' or ']'");
      if (cur.eatP('#')) {
        const off = parseExpr(cur, { reserved: armReserved });
        cur.expectP(']', "']'");
        res = { k: 'memo', base, off, col: op.col };
      } else {
        const index = parseReg(cur, "an index register or '#offset'");
        let shift = 0;
        if (cur.eatP(',')) {
          const l = cur.next();
          if (l?.t !== 'id' || l.s.toLowerCase() !== 'lsl') fail('bad-operand', l?.col ?? endCol, "expected 'lsl #n'");
          cur.expectP('#', "'#'");
          const e = parseExpr(cur);
          if (!isLiteral(e)) fail('bad-operand', e.col, 'the shift must be a number 0..3');
          const v = evaluate(e, NO_ENV);
          if (v.t !== 'abs' || v.v < 0 || v.v > 3) fail('imm-range', e.col, 'the shift must be 0..3');
          shift = v.v;
        }
        cur.expectP(']', "']'");
        res = { k: 'memx', base, index, shift, col: op.col };
      }
    }
    if (cur.isP('!')) fail('bad-operand', cur.col(), 'write-back addressing is not supported');
    expectEnd(cur);
    return res;
  }
  if (first.t === 'p' && first.s === '{') {
    cur.next();
    let mask = 0;
    if (!cur.eatP('}')) {
      for (;;) {
        const lo = parseReg(cur, 'a register');
        let hi = lo;
        if (cur.eatP('-')) {
          const t = cur.peek();
          hi = parseReg(cur, 'a register');
          if (hi < lo) fail('bad-operand', t?.col ?? endCol, 'register range must go upwards');
        }
        for (let r = lo; r <= hi; r++) mask |= 1 << r;
        if (cur.eatP('}')) break;
        cur.expectP(',', "',' or '}'");
      }
    }
    expectEnd(cur);
    return { k: 'rl', mask, col: op.col };
  }
  if (op.toks.length === 1 && first.t === 'id') {
    const r = armReg(first.s);
    if (r !== undefined) return { k: 'reg', r, col: first.col };
    if (first.s.toLowerCase() === 'cpsr') return { k: 'cpsr', col: first.col };
    const s = armSr(first.s);
    if (s !== undefined) return { k: 'sr', id: s, col: first.col };
  }
  const e = parseExpr(cur, { reserved: armReserved });
  expectEnd(cur);
  return { k: 'expr', e, col: op.col, ident: e.k === 'sym' ? e.name : undefined };
}

function compatible(kind: ArgKind, op: ArmOperand): boolean {
  switch (kind) {
    case 'r': return op.k === 'reg';
    case 'i16': case 'u5': return op.k === 'imm' && op.half === undefined;
    case 'u16': return op.k === 'imm';
    case 'mo': return op.k === 'memo';
    case 'mx': return op.k === 'memx';
    case 'rel': return op.k === 'expr';
    case 'sr': return op.k === 'sr';
    case 'cpsr': return op.k === 'cpsr';
    case 'rl': return op.k === 'rl';
    case 'cond': return op.k === 'cond' || (op.k === 'expr' && op.ident !== undefined && armCond(op.ident) !== undefined);
    default: return false;
  }
}

/** Size of an instruction statement, known from its syntax alone (pass 1). */
export function armSize(mn: string, ops: readonly Operand[]): number {
  if (mn === 'mov32') return 8;
  const second = ops[1]?.toks[0];
  if (mn === 'ldr' && second?.t === 'p' && second.s === '=') return 8;
  return 4;
}

/** Choose the definition(s) and bind operands. Runs in pass 2 (peek gives final values). */
export function planArm(mn: string, mnCol: number, ops: readonly Operand[], endCol: number, peek: Peek): Planned[] {
  const aops = ops.map((o) => parseArmOperand(o, endCol));
  // pseudo-instructions: a 32-bit constant or address as movw + movt
  if (mn === 'mov32' || (mn === 'ldr' && aops[1]?.k === 'lit')) {
    if (aops.length !== 2) fail('bad-operand', ops[0]?.col ?? mnCol, `'${mn}' takes a register and a value`);
    const [rd, val] = aops as [ArmOperand, ArmOperand];
    if (rd.k !== 'reg') {
      if (rd.k === 'expr' && rd.ident) fail('bad-register', rd.col, `unknown register '${rd.ident}'`);
      fail('bad-operand', rd.col, `'${mn}' needs a destination register`);
    }
    if (!(val.k === 'lit' || val.k === 'expr' || (val.k === 'imm' && val.half === undefined))) fail('bad-operand', val.col, `'${mn}' needs a value`);
    const lo = movDef('movw'), hi = movDef('movt');
    if (!lo || !hi) fail('internal', mnCol, 'the ISA has no movw/movt');
    const e = val.e;
    return [
      { def: lo, binds: [{ b: 'r', r: rd.r }, { b: 'imm', e, col: val.col, half: 'lo', alts: ['u16'] }], wide: false },
      { def: hi, binds: [{ b: 'r', r: rd.r }, { b: 'imm', e, col: val.col, half: 'hi', alts: ['u16'] }], wide: false },
    ];
  }
  let defs = BY_MN.get(mn);
  if (!defs) {
    for (const stem of COND_STEMS) {
      const c = mn.startsWith(stem) ? armCond(mn.slice(stem.length)) : undefined;
      if (c === undefined) continue;
      defs = DEFS.filter((d) => d.form.mn === stem && d.form.args.includes('cond'));
      const at = defs[0]?.form.args.indexOf('cond') ?? -1;
      if (at >= 0 && at <= aops.length) aops.splice(at, 0, { k: 'cond', c, col: mnCol });
      break;
    }
  }
  if (!defs || defs.length === 0) fail('unknown-mnemonic', mnCol, `unknown arm instruction '${mn}'`);
  if (Object.hasOwn(IMM_FALLBACK, mn)) defs = [...defs, ...(BY_MN.get(IMM_FALLBACK[mn]!) ?? [])];
  // cpsid i / cpsie i: the interrupt mask letter is accepted and ignored
  if (aops.length === 1 && aops[0]!.k === 'expr' && aops[0]!.ident?.toLowerCase() === 'i' && defs.every((d) => d.form.args.length === 0)) aops.length = 0;
  let arity = defs.filter((d) => d.form.args.length === aops.length);
  if (arity.length === 0 && aops.length === 2 && aops[0]!.k === 'reg') {
    // two-operand shorthand for three-address ALU forms: op rd, x = op rd, rd, x
    const three = defs.filter((d) => d.form.args.length === 3 && d.form.args[0] === 'r' && d.form.args[1] === 'r'
      && (d.form.shape === 'rrr' || d.form.shape === 'rri'));
    if (three.length) { aops.splice(1, 0, aops[0]!); arity = three; }
  }
  if (arity.length === 0) {
    const counts = [...new Set(defs.map((d) => d.form.args.length))].sort();
    fail('bad-operand', ops[0]?.col ?? mnCol, `'${mn}' takes ${counts.join(' or ')} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}, not ${aops.length} (${formsText(defs)})`);
  }
  const cands = arity.filter((d) => d.form.args.every((k, i) => compatible(k, aops[i]!)));
  if (cands.length === 0) {
    // blame the first operand no form accepts, with the most specific message
    const at = aops.findIndex((op, i) => !arity.some((d) => compatible(d.form.args[i]!, op)));
    const op = aops[at];
    if (op) {
      const kinds = arity.map((d) => d.form.args[at]!);
      if (op.k === 'expr' && op.ident && kinds.some((k) => k === 'r' || k === 'sr')) {
        fail('bad-register', op.col, `unknown ${kinds.includes('r') ? 'register' : 'system register'} '${op.ident}'`);
      }
      if (op.k === 'expr' && kinds.some(isImmKind)) fail('bad-operand', op.col, "an immediate is written '#value'");
      if (op.k === 'imm' && op.half && kinds.some(isImmKind)) {
        fail('bad-operand', op.col, ':lower16:/:upper16: need an unsigned 16-bit immediate field (movw, movt, ...)');
      }
    }
    fail('bad-operand', op?.col ?? ops[0]?.col ?? mnCol, `invalid operands for '${mn}' (expected ${formsText(arity)})`);
  }
  const def = cands.find((d) => immediatesFit(d, aops, peek)) ?? cands[0]!;
  const binds = def.form.args.map((k, i): Binding => {
    const op = aops[i]!;
    switch (op.k) {
      case 'reg': return { b: 'r', r: op.r };
      case 'imm': return { b: 'imm', e: op.e, col: op.col, half: op.half, alts: cands.map((d) => d.form.args[i]!) };
      case 'memo': return { b: 'mem', base: op.base, index: -1, scale: 0, disp: op.off, col: op.col };
      case 'memx': return { b: 'mem', base: op.base, index: op.index, scale: op.shift, disp: null, col: op.col };
      case 'rl': return { b: 'rl', mask: op.mask };
      case 'sr': return { b: 'sr', id: op.id };
      case 'cpsr': return { b: 'cpsr' };
      case 'cond': return { b: 'cond', c: op.c };
      case 'expr':
        if (k === 'cond') return { b: 'cond', c: armCond(op.ident!)! };
        return { b: 'rel', e: op.e, col: op.col };
      case 'lit': fail('bad-operand', op.col, "'=value' is only allowed in 'ldr rd, =value'");
    }
  });
  return [{ def, binds, wide: false }];
}

/** Pass 2: evaluate, range-check and encode one instruction word. */
export function encodeArmPlanned(p: Planned, ctx: InsnCtx): EncodedInsn {
  const relocs: InsnReloc[] = [];
  const hasCond = p.def.form.args.includes('cond');
  const args = p.binds.map((b, i): Arg => {
    const kind = p.def.form.args[i]!;
    switch (b.b) {
      case 'r': return { k: 'r', r: b.r };
      case 'sr': return { k: 'sr', id: b.id };
      case 'rl': return { k: 'rl', mask: b.mask };
      case 'cond': return { k: 'cond', c: b.c };
      case 'cpsr': return { k: 'cpsr' };
      case 'imm': {
        const v = ctx.eval(b.e);
        if (v.t === 'abs') {
          const n = b.half === 'lo' ? v.v & 0xffff : b.half === 'hi' ? v.v >>> 16 : v.v;
          if (!armImmFits(kind, n)) fail('imm-range', b.col, `immediate ${n} out of range ${rangeText(b.alts)}`);
          return { k: 'i', v: n };
        }
        if (!b.half) {
          if (v.t === 'ext') fail('undefined-symbol', b.col, `'${v.sym}' is not a defined constant (an immediate must be a constant)`);
          fail('bad-operand', b.col, 'an address cannot be an immediate; use ldr rd, =sym or #:lower16:sym / #:upper16:sym');
        }
        relocs.push({ offset: 0, type: b.half === 'lo' ? RelocType.ARM_MOVW : RelocType.ARM_MOVT, ...ctx.reloc(v, b.col) });
        return { k: 'i', v: 0 };
      }
      case 'mem': {
        let disp = 0;
        if (b.disp) {
          const v = ctx.eval(b.disp);
          if (v.t !== 'abs') fail('bad-operand', b.disp.col, 'a memory offset must be a constant');
          if (!armImmFits('i16', v.v)) fail('imm-range', b.disp.col, `offset ${v.v} out of range ${rangeText(['i16'])}`);
          disp = v.v;
        }
        return { k: 'm', base: b.base, index: b.index, scale: b.scale, disp };
      }
      case 'rel': {
        const t = ctx.branch(b.e, b.col);
        if (t.k === 'direct') {
          if (!armRelFits(hasCond, t.rel)) {
            fail('branch-range', b.col, (t.rel & 3) !== 0
              ? `branch target is not word aligned (offset ${t.rel})`
              : `branch target out of range (offset ${t.rel}, limit ±${2 ** (hasCond ? 20 : 25)} bytes)`);
          }
          return { k: 'rel', v: t.rel };
        }
        relocs.push({ offset: 0, type: hasCond ? RelocType.ARM_B19 : RelocType.ARM_B24, symbol: t.symbol, addend: t.addend });
        return { k: 'rel', v: 0 };
      }
    }
  });
  const { word } = encodeArm({ id: p.def.id, args });
  return { bytes: [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff], relocs };
}
