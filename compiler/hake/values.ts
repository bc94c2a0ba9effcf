// Run-time values of Hakefile evaluation and the checks every operation shares. Haskell's
// String is a list of Char; Hake keeps strings as JS strings and lets `++`, `concat` and
// comparisons treat them as lists where Hakefiles rely on it.
import { HakeFailure, hakeDiag, type HakeDiagName, type Loc } from './diagnostics.ts';

export type Value = string | number | boolean | Value[] | TupleV | RecordV | FnV | ConV;

export interface TupleV { t: 'tuple'; items: Value[] }
/** A record of build arguments (`application { … }`); `rule` once `build` has been applied. */
export interface RecordV { t: 'record'; kind: string; fields: Map<string, { value: Value; at: Loc }>; at: Loc; rule: boolean }
export interface FnV { t: 'fn'; name: string; arity: number; apply: (args: Value[], at: Loc) => Value }
/** A constructor value other than True/False, e.g. `Just x`, `Nothing`. */
export interface ConV { t: 'con'; name: string; args: Value[] }

/** Where errors go: every failure names the Hakefile and the position being evaluated. */
export interface EvalContext {
  file: string;
  /** the Hakefile's directory, for `find` */
  dir: string;
  /** directories `find` listed: the evaluation's result depends on their contents too */
  listed?: string[];
}

export function fail(ctx: EvalContext, name: HakeDiagName, at: Loc, message: string): never {
  throw new HakeFailure(hakeDiag(name, ctx.file, at, message));
}

export function typeName(v: Value): string {
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a Bool';
  if (Array.isArray(v)) return 'a list';
  switch (v.t) {
    case 'tuple': return `a ${v.items.length}-tuple`;
    case 'record': return `a ${v.kind} record`;
    case 'fn': return `the function \`${v.name}\``;
    case 'con': return `\`${v.name}\``;
  }
}

export function show(v: Value): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  switch (v.t) {
    case 'tuple': return `(${v.items.map(show).join(', ')})`;
    case 'record': return `${v.kind} { … }`;
    case 'fn': return `<function ${v.name}>`;
    case 'con': return [v.name, ...v.args.map(show)].join(' ');
  }
}

export function asList(ctx: EvalContext, v: Value, at: Loc, what: string): Value[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  return fail(ctx, 'type-error', at, `${what} must be a list, not ${typeName(v)}`);
}
export function asString(ctx: EvalContext, v: Value, at: Loc, what: string): string {
  if (typeof v === 'string') return v;
  return fail(ctx, 'type-error', at, `${what} must be a string, not ${typeName(v)}`);
}
export function asBool(ctx: EvalContext, v: Value, at: Loc, what: string): boolean {
  if (typeof v === 'boolean') return v;
  return fail(ctx, 'type-error', at, `${what} must be a Bool, not ${typeName(v)}`);
}
export function asNumber(ctx: EvalContext, v: Value, at: Loc, what: string): number {
  if (typeof v === 'number') return v;
  return fail(ctx, 'type-error', at, `${what} must be a number, not ${typeName(v)}`);
}

export function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && Array.isArray(b)) return b.length === a.length && b.every((c, i) => c === a[i]);
  if (Array.isArray(a) && typeof b === 'string') return equal(b, a);
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (Array.isArray(b)) return false;
  if (a.t === 'tuple' && b.t === 'tuple') return a.items.length === b.items.length && a.items.every((x, i) => equal(x, b.items[i]));
  if (a.t === 'con' && b.t === 'con') return a.name === b.name && a.args.length === b.args.length && a.args.every((x, i) => equal(x, b.args[i]));
  return a === b;
}

/** `++`: two strings stay a string; otherwise both must be lists. */
export function append(ctx: EvalContext, a: Value, b: Value, at: Loc): Value {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a === 'string' && Array.isArray(b) && b.length === 0) return a;
  if (Array.isArray(a) && a.length === 0 && typeof b === 'string') return b;
  return [...asList(ctx, a, at, 'the left operand of `++`'), ...asList(ctx, b, at, 'the right operand of `++`')];
}

/** Apply a function value to arguments, currying as Haskell does. */
export function call(ctx: EvalContext, f: Value, args: Value[], at: Loc): Value {
  if (typeof f !== 'object' || Array.isArray(f) || f.t !== 'fn') {
    if (typeof f === 'object' && !Array.isArray(f) && f.t === 'con') return { t: 'con', name: f.name, args: [...f.args, ...args] };
    return fail(ctx, 'type-error', at, `${typeName(f)} is not a function and cannot be applied to ${args.length} argument(s)`);
  }
  if (args.length < f.arity) {
    const bound = args;
    return { t: 'fn', name: f.name, arity: f.arity - bound.length, apply: (more, at2) => f.apply([...bound, ...more], at2) };
  }
  const result = f.apply(args.slice(0, f.arity), at);
  return args.length > f.arity ? call(ctx, result, args.slice(f.arity), at) : result;
}

export function fn(name: string, arity: number, apply: (args: Value[], at: Loc) => Value): FnV {
  return { t: 'fn', name, arity, apply };
}
