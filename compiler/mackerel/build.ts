// Syntax tree -> model (`model.ts`): resolves attributes and types, lays out fields in the bit
// order, evaluates constants, computes array element offsets. Mirrors the original's TypeTable,
// RegisterTable and Fields modules; their quirks are kept and marked QUIRK.
// Values that do not fit (a width of 2^40, a negative offset) are reported as `bad-value` here;
// the original's own checks are in `checks.ts`.
import type * as A from './ast.ts';
import { diag, type MackerelDiagnostic } from './diagnostics.ts';
import type { Position } from './lexer.ts';
import { BUILTIN_SPACES, type Access, type ConstantsType, type DataFormat, type Device, type Field, type RegFormat, type Register, type RegisterType, type Space, type TypeDef } from './model.ts';

const BUILTIN_TYPES = { uint8: 8, uint16: 16, uint32: 32, uint64: 64 } as const;
const ALIASES: Record<string, Access> = { rw1c: 'rwc', rw1cs: 'rwcs' };
const access = (a: string | undefined, dflt: Access): Access => (a === undefined ? dflt : (ALIASES[a] ?? (a as Access)));

/** Limits that keep every later computation in safe integers; nothing real comes near them. */
const MAX_WIDTH = 4096;
const MAX_OFFSET = 2 ** 48;
const MAX_COUNT = 1 << 16;

export function buildDevice(file: A.DevFile, path: string, imports: Device[]): { device: Device; diagnostics: MackerelDiagnostic[] } {
  const diagnostics: MackerelDiagnostic[] = [];
  const d = file.device;
  const num = (v: bigint, max: number, pos: Position, what: string, min = 0): number => {
    if (v < BigInt(min) || v > BigInt(max)) {
      diagnostics.push(diag('bad-value', path, pos, `${what} ${v} is out of range (${min}..${max})`));
      return min;
    }
    return Number(v);
  };

  const layout = (fields: A.FieldAst[], dflt: Access, order: A.BitOrder, wordSize: number): Field[] => {
    const widths = fields.map((f) => num(f.width, MAX_WIDTH, f.pos, 'field width'));
    const make = (k: number, lsb: number): Field => {
      const f = fields[k];
      const anonymous = f.name === '_';
      return {
        name: anonymous ? `_anon${lsb}` : f.name, anonymous, lsb, width: widths[k],
        // QUIRK (original): `_` fields default to rsvd, others to the register's attribute
        access: access(f.attr, anonymous ? 'rsvd' : dflt),
        type: f.type ? { dev: f.type.dev ?? d.name, name: f.type.name } : undefined,
        desc: f.desc ?? (anonymous ? '_' : f.name), pos: f.pos,
      };
    };
    // one word: lsbfirst counts up from `start` in declaration order; msbfirst is the same on
    // the reversed list (the first field declared ends up on top)
    const word = (ks: number[], start: number): Field[] => {
      const seq = order === 'lsbfirst' ? ks : [...ks].reverse();
      let at = start;
      return seq.map((k) => { const f = make(k, at); at += widths[k]; return f; });
    };
    const all = fields.map((_, k) => k);
    if (wordSize === 0) return word(all, 0);
    // QUIRK (original): fields are grouped into words by accumulating until the group is at
    // least `wordSize` bits; a group may overrun the word
    const out: Field[] = [];
    let group: number[] = [];
    let bits = 0;
    let off = 0;
    for (const k of all) {
      group.push(k);
      bits += widths[k];
      if (bits >= wordSize) {
        const laid = word(group, off);
        const last = laid[laid.length - 1];
        off = last.lsb + last.width;
        out.push(...laid);
        group = [];
        bits = 0;
      }
    }
    return group.length ? [...out, ...word(group, off)] : out;
  };
  const sumWidths = (fs: Field[]) => fs.reduce((a, f) => a + f.width, 0);

  // --- types, in source order (implicit register types included) ---
  const types: TypeDef[] = [];
  const implicitOf = new Map<A.RegisterAst, RegFormat>();
  const constantValues = new Map<string, bigint>();
  for (const decl of d.decls) {
    if (decl.kind === 'regtype') {
      const fields = layout(decl.fields, 'rw', d.order, 0);
      // regtype fields keep "no attribute" until a register inherits them; 'rw' is never
      // observable because inherit() below replaces unmarked fields
      types.push({ kind: 'regtype', name: decl.name, desc: decl.desc, width: sumWidths(fields), fields: fields.map((f, k) => ({ ...f, access: decl.fields[k].attr === undefined && !f.anonymous ? ('' as Access) : f.access })), implicit: false, pos: decl.pos });
    } else if (decl.kind === 'register' && decl.format.kind === 'fields') {
      const fields = layout(decl.format.fields, access(decl.attr, 'rw'), d.order, 0);
      const t: RegFormat = { kind: 'regtype', name: decl.name, desc: `Implicit type of ${decl.desc ?? decl.name} register`, width: sumWidths(fields), fields, implicit: true, pos: decl.pos };
      implicitOf.set(decl, t);
      types.push(t);
    } else if (decl.kind === 'datatype') {
      const order = decl.order ?? d.order;
      const w = decl.wordSize === undefined ? 0 : num(decl.wordSize, MAX_WIDTH, decl.pos, 'word size');
      const fields = layout(decl.fields, 'rw', order, w);
      const width = sumWidths(fields);
      types.push({ kind: 'datatype', name: decl.name, desc: decl.desc, width, wordSize: w === 0 ? width : w, order, fields, pos: decl.pos });
    } else if (decl.kind === 'constants') {
      const values = decl.values.map((v) => {
        const value = evalExpr(v.expr, constantValues);
        if (typeof value === 'string') diagnostics.push(diag('bad-value', path, v.pos, `constant '${v.name}': ${value}`));
        const n = typeof value === 'string' ? 0n : value;
        if (!constantValues.has(v.name)) constantValues.set(v.name, n);
        return { name: v.name, value: n, desc: v.desc ?? v.name, pos: v.pos };
      });
      const width = decl.width === undefined ? undefined : num(decl.width, 64, decl.pos, 'constants width', 1);
      types.push({ kind: 'constants', name: decl.name, desc: decl.desc, width, values, pos: decl.pos });
    }
  }

  // --- spaces ---
  const spaces: Space[] = [...BUILTIN_SPACES];
  for (const decl of d.decls) {
    if (decl.kind !== 'space') continue;
    const step = decl.spaceKind === 'stepwise' ? num(decl.step ?? 1n, MAX_WIDTH, decl.pos, 'space step', 1) : 1;
    spaces.push({ name: decl.name, kind: decl.spaceKind === 'stepwise' ? 'bytewise' : decl.spaceKind, step, builtin: false, params: decl.params, desc: decl.desc });
  }

  // --- registers ---
  const registers: Register[] = [];
  const byName = new Map<string, TypeDef>();
  for (const t of types) if (!byName.has(t.name)) byName.set(t.name, t);
  const localType = (name: string) => byName.get(name);
  for (const decl of d.decls) {
    if (decl.kind !== 'register') continue;
    const acc = access(decl.attr, 'rw');
    let type: RegisterType;
    let width: number;
    let fields: Field[] = [];
    if (decl.format.kind === 'fields') {
      const t = implicitOf.get(decl)!;
      type = { kind: 'regtype', name: decl.name, implicit: true };
      width = t.width;
      fields = t.fields;
    } else {
      const ref = decl.format.ref;
      const builtin = ref.dev === undefined && ref.name in BUILTIN_TYPES ? (ref.name as keyof typeof BUILTIN_TYPES) : undefined;
      // QUIRK (original): `type(dev.t)` on a register names a type of this device's table only
      const t = ref.dev === undefined || ref.dev === d.name ? localType(ref.name) : undefined;
      if (builtin) { type = { kind: 'builtin', name: builtin }; width = BUILTIN_TYPES[builtin]; } else if (!t) {
        diagnostics.push(diag('undefined-register-type', path, decl.pos, `register '${decl.name}' (${decl.desc ?? decl.name}) is of undefined type '${ref.dev ? ref.dev + '.' : ''}${ref.name}'`));
        type = { kind: 'builtin', name: 'uint32' };
        width = 32;
      } else if (t.kind === 'constants') {
        type = { kind: 'constants', name: t.name, implicit: false };
        width = t.width ?? -1;
      } else {
        type = { kind: t.kind, name: t.name, implicit: false };
        width = t.width;
        fields = t.fields.map((f) => ((f.access as string) === '' ? { ...f, access: acc } : f));
      }
    }
    const r: Register = { name: decl.name, desc: decl.desc ?? decl.name, access: acc, also: decl.also, space: '', offset: 0, width, type, fields, pos: decl.pos };
    if (decl.loc.kind === 'none') r.space = 'noaddr';
    else if (decl.loc.kind === 'builtin') {
      r.space = decl.loc.space; r.builtin = decl.loc.space; r.base = decl.loc.base;
      r.offset = num(decl.loc.offset, MAX_OFFSET, decl.pos, 'register offset');
    } else {
      r.space = decl.loc.space;
      if (typeof decl.loc.index === 'string') r.indexName = decl.loc.index;
      else r.offset = num(decl.loc.index, MAX_OFFSET, decl.pos, 'register index');
    }
    if (decl.array) {
      if (decl.array.kind === 'list') r.array = decl.array.offsets.map((o) => num(o, MAX_OFFSET, decl.pos, 'array offset'));
      else {
        const count = num(decl.array.count, MAX_COUNT, decl.pos, 'array length', 1);
        // `[n]`: elements back to back, each the register's size in bytes
        const stride = decl.array.stride === 0n ? Math.max(0, Math.floor(width / 8)) : num(decl.array.stride, MAX_OFFSET, decl.pos, 'array stride');
        r.array = Array.from({ length: count }, (_, k) => k * stride);
      }
    }
    registers.push(r);
  }

  // regtype fields still marked "inherit" take rw outside registers (e.g. for printing the type)
  for (const t of types) if (t.kind === 'regtype') t.fields = t.fields.map((f) => ((f.access as string) === '' ? { ...f, access: 'rw' } : f));

  const device: Device = {
    name: d.name, desc: d.desc, order: d.order, args: d.args, spaces, types, registers, imports, file: path, pos: d.pos,
  };
  return { device, diagnostics };
}

/** Integer arithmetic of constant definitions; names are earlier constant values. */
function evalExpr(e: A.ExprAst, env: Map<string, bigint>): bigint | string {
  if (e.kind === 'int') return e.value;
  if (e.kind === 'name') return env.get(e.name) ?? `unknown name '${e.name}'`;
  const l = evalExpr(e.left, env);
  const r = evalExpr(e.right, env);
  if (typeof l === 'string') return l;
  if (typeof r === 'string') return r;
  switch (e.op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': {
      if (r === 0n) return 'division by zero';
      // Haskell `div` rounds toward negative infinity
      const q = l / r;
      return (l % r !== 0n) && ((l < 0n) !== (r < 0n)) ? q - 1n : q;
    }
  }
}

export type { ConstantsType, DataFormat };
