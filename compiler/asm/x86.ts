// x86 personality: Intel-like operand syntax, matched against the forms in vm/isa/table.ts.
//   registers eax..edi; immediates bare (`5`, `label`, `dword 5` forces the 32-bit form);
//   memory `[base + index*scale + disp]` with an optional `byte`/`word`/`dword` [`ptr`] prefix
//   (`[dword ebx+8]` forces a 32-bit displacement);
//   system registers by their x86 names; branch targets bare.
import { SYSREGS, X86_CONDS, type ArgKind } from '../../vm/isa/table.ts';
import { INSTRS, REG_NAMES, X86_COND_NAME, byMnemonic, type Arg, type Instr, type InstrDef } from '../../vm/isa/instr.ts';
import { encodeX86 } from '../../vm/isa/x86.ts';
import { RelocType } from '../link/object.ts';
import { fail } from './errors.ts';
import { Cursor, evaluate, hasReg, isLiteral, parseExpr, type Expr } from './expr.ts';
import { describe, type Operand } from './parse.ts';
import { formsText, inRange, rangeText, type Binding, type EncodedInsn, type InsnCtx, type InsnReloc, type Peek, type Planned } from './target.ts';

type Size = 'byte' | 'word' | 'dword';

export type X86Operand =
  | { k: 'reg'; r: number; col: number }
  | { k: 'sr'; id: number; col: number }
  /** wide: `[dword ...]` forces a 32-bit displacement */
  | { k: 'mem'; base: number; index: number; scale: number; disp: Expr | null; size?: Size; wide: boolean; col: number }
  | { k: 'expr'; e: Expr; size?: Size; col: number; ident?: string };

const DEFS = INSTRS.x86;
const BY_MN = byMnemonic('x86');
const REGS = REG_NAMES.x86;
const SR_NAMES = SYSREGS.map((s) => s.x86);
/** mnemonic stems of the condition-coded definitions (j, set): `stem + suffix` */
const COND_STEMS = [...new Set(DEFS.filter((d) => d.cond !== undefined).map((d) => d.form.mn))];

export const x86Reg = (name: string): number | undefined => {
  const i = REGS.indexOf(name.toLowerCase());
  return i < 0 ? undefined : i;
};
const x86Sr = (name: string): number | undefined => {
  const i = SR_NAMES.indexOf(name.toLowerCase());
  return i < 0 ? undefined : i;
};

/** Why a name cannot be a symbol on x86, if it cannot. */
export function x86Reserved(name: string): string | undefined {
  if (x86Reg(name) !== undefined) return `register '${name}' cannot be used in an expression`;
  if (x86Sr(name) !== undefined) return `system register '${name}' cannot be used in an expression`;
  return undefined;
}

/** condition aliases resolved so far: resolving one scans the whole table, and compiled code
 *  is full of conditional jumps */
const ALIASES = new Map<string, InstrDef[]>();

/** Definitions a mnemonic names, including condition aliases (jz, setnae, ...). */
export function x86Defs(mn: string): InstrDef[] | undefined {
  const direct = BY_MN.get(mn);
  if (direct) return direct;
  const known = ALIASES.get(mn);
  if (known) return known;
  // only hits are kept, so the cache stays as small as the table
  const defs = conditionAlias(mn);
  if (defs) ALIASES.set(mn, defs);
  return defs;
}

function conditionAlias(mn: string): InstrDef[] | undefined {
  for (const stem of COND_STEMS) {
    if (!mn.startsWith(stem)) continue;
    const cond = X86_CONDS[mn.slice(stem.length)];
    if (cond === undefined || !Object.hasOwn(X86_CONDS, mn.slice(stem.length))) continue;
    const defs = DEFS.filter((d) => d.form.mn === stem && d.cond === cond);
    if (defs.length) return defs;
  }
  return undefined;
}

const SIZES: readonly string[] = ['byte', 'word', 'dword'];

export function parseX86Operand(op: Operand, endCol: number): X86Operand {
  const cur = new Cursor(op.toks, endCol);
  let size: Size | undefined;
  const first = cur.peek();
  if (first?.t === 'id' && first.s.toLowerCase() === 'strict' && cur.peek(1)?.t === 'id') cur.next();
  const sz = cur.peek();
  if (sz?.t === 'id' && SIZES.includes(sz.s.toLowerCase()) && cur.peek(1) !== undefined) {
    // size words are reserved when something follows them (`byte [ebx]`, `dword -1`)
    size = sz.s.toLowerCase() as Size;
    cur.next();
    const p = cur.peek();
    if (p?.t === 'id' && p.s.toLowerCase() === 'ptr') cur.next();
  }
  const start = cur.peek();
  if (!start) fail('syntax', cur.col(), 'expected an operand after the size');
  if (start.t === 'p' && start.s === '[') {
    cur.next();
    const w = cur.peek();
    const wide = w?.t === 'id' && w.s.toLowerCase() === 'dword' && cur.peek(1) !== undefined && !cur.isP(']', 1);
    if (wide) cur.next();
    const e = parseExpr(cur, { reg: x86Reg, reserved: x86Reserved });
    cur.expectP(']', "']'");
    const t = cur.peek();
    if (t) fail('syntax', t.col, `unexpected ${describe(t)} after memory operand`);
    return { k: 'mem', ...addressOf(e), size, wide, col: op.col };
  }
  if (op.toks.length - cur.i === 1 && start.t === 'id') {
    const r = x86Reg(start.s);
    const s = x86Sr(start.s);
    if (r !== undefined || s !== undefined) {
      if (size) fail('bad-operand', op.col, `a size prefix is not allowed on register '${start.s}'`);
      return r !== undefined ? { k: 'reg', r, col: start.col } : { k: 'sr', id: s!, col: start.col };
    }
  }
  const e = parseExpr(cur, { reserved: x86Reserved });
  const t = cur.peek();
  if (t) fail('syntax', t.col, `unexpected ${describe(t)}`);
  if (size === 'word') fail('bad-operand', op.col, "an immediate can be marked 'byte' or 'dword', not 'word'");
  const ident = e.k === 'sym' ? e.name : undefined;
  return { k: 'expr', e, size, col: op.col, ident };
}

const NO_ENV = { dot: undefined, lookup: (_n: string, col: number) => fail('bad-operand', col, 'the scale must be a number') };

function collectAddress(n: Expr, neg: boolean, depth: number, plain: { r: number; col: number }[], scaled: { r: number; scale: number; col: number }[], disp: { e: Expr; neg: boolean }[]): void {
  if (depth > 5000) fail('bad-expression', n.col, 'address expression nested too deeply');
  if (n.k === 'bin' && (n.op === '+' || n.op === '-')) {
    collectAddress(n.l, neg, depth + 1, plain, scaled, disp);
    collectAddress(n.r, n.op === '-' ? !neg : neg, depth + 1, plain, scaled, disp);
    return;
  }
  if (n.k === 'un' && n.op !== '~' && hasReg(n.e)) { collectAddress(n.e, n.op === '-' ? !neg : neg, depth + 1, plain, scaled, disp); return; }
  if (n.k === 'reg') {
    if (neg) fail('bad-operand', n.col, 'a register cannot be subtracted in an address');
    plain.push({ r: n.r, col: n.col });
    return;
  }
  if (n.k === 'bin' && n.op === '*' && (n.l.k === 'reg' || n.r.k === 'reg')) {
    const [reg, k] = n.l.k === 'reg' ? [n.l, n.r] : [n.r as Extract<Expr, { k: 'reg' }>, n.l];
    if (neg) fail('bad-operand', n.col, 'a register cannot be subtracted in an address');
    if (hasReg(k) || !isLiteral(k)) fail('bad-operand', k.col, 'the scale must be 1, 2, 4 or 8');
    const v = evaluate(k, NO_ENV);
    const s = v.t === 'abs' ? [1, 2, 4, 8].indexOf(v.v) : -1;
    if (s < 0) fail('bad-operand', k.col, 'the scale must be 1, 2, 4 or 8');
    scaled.push({ r: (reg as { r: number }).r, scale: s, col: n.col });
    return;
  }
  if (hasReg(n)) fail('bad-operand', n.col, 'unsupported address expression (use [base + index*scale + disp])');
  disp.push({ e: n, neg });
}

/** Splits `[...]` into base, index*scale and a displacement expression. */
function addressOf(e: Expr): { base: number; index: number; scale: number; disp: Expr | null } {
  const plain: { r: number; col: number }[] = [];
  const scaled: { r: number; scale: number; col: number }[] = [];
  const disp: { e: Expr; neg: boolean }[] = [];
  collectAddress(e, false, 0, plain, scaled, disp);
  let base = -1, index = -1, scale = 0;
  if (scaled.length > 1) fail('bad-operand', scaled[1]!.col, 'only one scaled index register is allowed');
  if (scaled.length === 1) {
    index = scaled[0]!.r; scale = scaled[0]!.scale;
    if (plain.length > 1) fail('bad-operand', plain[1]!.col, 'too many registers in address');
    if (plain.length === 1) base = plain[0]!.r;
  } else {
    if (plain.length > 2) fail('bad-operand', plain[2]!.col, 'too many registers in address');
    if (plain.length >= 1) base = plain[0]!.r;
    if (plain.length === 2) index = plain[1]!.r;
  }
  let d: Expr | null = null;
  for (const t of disp) {
    if (d === null) d = t.neg ? { k: 'un', op: '-', e: t.e, col: t.e.col } : t.e;
    else d = { k: 'bin', op: t.neg ? '-' : '+', l: d, r: t.e, col: t.e.col };
  }
  return { base, index, scale, disp: d };
}

function compatible(kind: ArgKind, op: X86Operand): boolean {
  switch (kind) {
    case 'r': return op.k === 'reg';
    case 'sr': return op.k === 'sr';
    case 'm': return op.k === 'mem';
    case 'i8': case 'u8': return op.k === 'expr' && (op.size === undefined || op.size === 'byte');
    case 'i32': return op.k === 'expr' && (op.size === undefined || op.size === 'dword');
    case 'rel': return op.k === 'expr' && op.size === undefined;
    default: return false;
  }
}

// (helpers here are module-level functions rather than closures: see parse.ts on keepNames)
function immediatesFit(d: InstrDef, xops: readonly X86Operand[], peek: Peek): boolean {
  return d.form.args.every((k, i) => {
    if (k !== 'i8' && k !== 'u8' && k !== 'i32') return true;
    const v = peek((xops[i] as Extract<X86Operand, { k: 'expr' }>).e);
    return v.t === 'abs' ? inRange(k, v.v) : k === 'i32';
  });
}

function knownValue(e: Expr | null, peek: Peek): number {
  if (!e) return 0;
  const v = peek(e);
  return v.t === 'abs' ? v.v : 0;
}

/** The forms whose operand kinds and sizes fit (short immediate forms first). Throws LineError. */
function chooseForms(mn: string, mnCol: number, ops: readonly Operand[], defs: InstrDef[], xops: readonly X86Operand[]): InstrDef[] {
  const arity = defs.filter((d) => d.form.args.length === xops.length);
  if (arity.length === 0) {
    const counts = [...new Set(defs.map((d) => d.form.args.length))].sort();
    fail('bad-operand', ops[0]?.col ?? mnCol, `'${mn}' takes ${counts.join(' or ')} operand${counts.length === 1 && counts[0] === 1 ? '' : 's'}, not ${xops.length} (${formsText(defs)})`);
  }
  let cands = arity.filter((d) => d.form.args.every((k, i) => compatible(k, xops[i]!)));
  if (cands.length === 0) {
    xops.forEach((op, i) => {
      if (op.k === 'expr' && op.ident && arity.some((d) => d.form.args[i] === 'r' || d.form.args[i] === 'sr')
        && !arity.some((d) => compatible(d.form.args[i]!, op))) {
        fail('bad-register', op.col, `unknown register '${op.ident}'`);
      }
    });
    const at = xops.findIndex((op, i) => !arity.some((d) => compatible(d.form.args[i]!, op)));
    fail('bad-operand', xops[at]?.col ?? ops[0]?.col ?? mnCol, `invalid operands for '${mn}' (expected ${formsText(arity)})`);
  }
  // memory operand size: a prefix must match the form's size (dword when it has none); without
  // a prefix only unsized (dword) forms qualify
  const memAt = cands[0]!.form.args.indexOf('m');
  if (memAt >= 0) {
    const op = xops[memAt] as Extract<X86Operand, { k: 'mem' }>;
    const sized = cands.filter((d) => (op.size === undefined ? d.form.size === undefined : (d.form.size ?? 'dword') === op.size));
    if (sized.length === 0) {
      const sizes = [...new Set(cands.map((d) => d.form.size ?? 'dword'))];
      if (op.size === undefined) fail('bad-operand', op.col, `operand size needed: ${sizes.map((s) => `${s} [...]`).join(' or ')}`);
      fail('bad-operand', op.col, `'${mn}' has no ${op.size} form (sizes: ${sizes.join(', ')})`);
    }
    cands = sized;
  }
  return cands;
}

/** forms matching an operand signature (the candidates, and per operand the immediate kinds
 *  they allow): the choice depends only on the mnemonic and the operands' kinds and sizes, and
 *  compiled code repeats a few hundred signatures tens of thousands of times */
interface FormChoice { cands: InstrDef[]; alts: ArgKind[][] }
const FORMS = new Map<string, FormChoice>();

function signature(mn: string, xops: readonly X86Operand[]): string {
  let key = mn;
  for (const op of xops) key += op.k === 'mem' || op.k === 'expr' ? `|${op.k}:${op.size ?? ''}` : `|${op.k}`;
  return key;
}

/** Pass 1: choose the definition and bind its operands. Throws LineError. */
export function planX86(mn: string, mnCol: number, ops: readonly Operand[], endCol: number, peek: Peek): Planned[] {
  const defs = x86Defs(mn);
  if (!defs) fail('unknown-mnemonic', mnCol, `unknown x86 instruction '${mn}'`);
  const xops = ops.map((o) => parseX86Operand(o, endCol));
  const key = signature(mn, xops);
  let choice = FORMS.get(key);
  if (!choice) {
    // only successful choices are kept (chooseForms throws otherwise), so the cache is bounded
    // by the instruction table
    const cands = chooseForms(mn, mnCol, ops, defs, xops);
    choice = { cands, alts: xops.map((_, i) => cands.map((d) => d.form.args[i]!)) };
    FORMS.set(key, choice);
  }
  const { cands, alts } = choice;
  // immediates: the first form whose immediates fit (short forms come first in the table); a
  // relocated or not-yet-known value only fits a 32-bit field
  const def = cands.find((d) => immediatesFit(d, xops, peek)) ?? cands[cands.length - 1]!;
  let wide = false;
  const binds: Binding[] = def.form.args.map((k, i): Binding => {
    const op = xops[i]!;
    switch (op.k) {
      case 'reg': return { b: 'r', r: op.r };
      case 'sr': return { b: 'sr', id: op.id };
      case 'mem':
        if (op.wide || (op.disp && peek(op.disp).t !== 'abs')) wide = true;
        return { b: 'mem', base: op.base, index: op.index, scale: op.scale, disp: op.disp, col: op.col };
      case 'expr':
        if (k === 'rel') return { b: 'rel', e: op.e, col: op.col };
        return { b: 'imm', e: op.e, col: op.col, alts: alts[i]! };
    }
  });
  return [{ def, binds, wide }];
}

/** Pass 1: the encoded length of a plan (values not known yet encode as 0; lengths do not depend on them). */
export function sizeX86(plans: readonly Planned[], peek: Peek): number {
  return preEncodeX86(plans, peek).size;
}

/** Pass 1: the length, and the bytes themselves when pass 2 could not change them: every
 *  operand a register or a constant already known (and in range), no branch target and so no
 *  relocation. Most generated instructions are like that, and pass 2 then copies them instead
 *  of evaluating and encoding again. (A value known in pass 1 is final: it depends only on
 *  constants and labels defined before, whose pass-1 addresses are final.) */
export function preEncodeX86(plans: readonly Planned[], peek: Peek): { size: number; bytes: number[] | null } {
  let size = 0;
  let bytes: number[] | null = [];
  for (const p of plans) {
    let final = true;
    const args = p.binds.map((b, i): Arg => {
      switch (b.b) {
        case 'r': return { k: 'r', r: b.r };
        case 'sr': return { k: 'sr', id: b.id };
        case 'mem': {
          if (!b.disp) return { k: 'm', base: b.base, index: b.index, scale: b.scale, disp: 0 };
          const v = peek(b.disp);
          if (v.t !== 'abs') final = false;
          return { k: 'm', base: b.base, index: b.index, scale: b.scale, disp: v.t === 'abs' ? v.v : 0 };
        }
        case 'imm': {
          const v = peek(b.e);
          if (v.t !== 'abs' || !inRange(p.def.form.args[i]!, v.v)) final = false;
          return { k: 'i', v: v.t === 'abs' ? v.v : 0 };
        }
        case 'rel': final = false; return { k: 'rel', v: 0 };
        default: final = false; return { k: 'i', v: 0 };
      }
    });
    const enc = encodeX86({ id: p.def.id, args }, p.wide);
    size += enc.bytes.length;
    if (final && bytes) bytes.push(...enc.bytes);
    else bytes = null;
  }
  return { size, bytes };
}

/** Pass 2: evaluate, range-check and encode; relocations for symbolic immediates, displacements and branch targets. */
export function encodeX86Planned(p: Planned, ctx: InsnCtx): EncodedInsn {
  const pending: { arg: number; type: RelocType; symbol: string; addend: number }[] = [];
  const args = p.binds.map((b, i): Arg => {
    switch (b.b) {
      case 'r': return { k: 'r', r: b.r };
      case 'sr': return { k: 'sr', id: b.id };
      case 'imm': {
        const kind = p.def.form.args[i]!;
        const v = ctx.eval(b.e);
        if (v.t === 'abs') {
          if (!inRange(kind, v.v)) fail('imm-range', b.col, `immediate ${v.v} out of range ${rangeText(b.alts)}`);
          return { k: 'i', v: v.v };
        }
        const t = ctx.reloc(v, b.col);
        pending.push({ arg: i, type: kind === 'i32' ? RelocType.ABS32 : RelocType.ABS8, ...t });
        return { k: 'i', v: 0 };
      }
      case 'mem': {
        let disp = 0;
        if (b.disp) {
          const v = ctx.eval(b.disp);
          if (v.t === 'abs') disp = v.v;
          else pending.push({ arg: i, type: RelocType.ABS32, ...ctx.reloc(v, b.disp.col) });
        }
        return { k: 'm', base: b.base, index: b.index, scale: b.scale, disp };
      }
      case 'rel': {
        const t = ctx.branch(b.e, b.col);
        if (t.k === 'direct') return { k: 'rel', v: t.rel };
        // the field holds target - (end of instruction); rel is always the last field
        pending.push({ arg: i, type: RelocType.X86_REL32, symbol: t.symbol, addend: (t.addend - 4) | 0 });
        return { k: 'rel', v: 0 };
      }
      default: fail('internal', 1, `x86 cannot bind ${b.b}`);
    }
  });
  const ins: Instr = { id: p.def.id, args };
  const enc = encodeX86(ins, p.wide);
  const relocs: InsnReloc[] = [];
  for (const r of pending) {
    const f = enc.fields.find((x) => x.arg === r.arg);
    if (!f || (f.size !== 4 && r.type !== RelocType.ABS8) || (r.type === RelocType.ABS8 && f.size !== 1)) {
      fail('internal', 1, `no ${f ? f.size * 8 + '-bit ' : ''}field to relocate in '${p.def.mn}'`);
    }
    for (let j = 0; j < f.size; j++) enc.bytes[f.offset + j] = 0;
    relocs.push({ offset: f.offset, type: r.type, symbol: r.symbol, addend: r.addend });
  }
  return { bytes: enc.bytes, relocs };
}

export { X86_COND_NAME };
