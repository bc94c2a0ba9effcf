// Evaluation of a Hakefile's AST. Strict, except that `let`/`where` bindings are evaluated on
// first use (so they may refer to each other in any order, as in Haskell); a binding that needs
// itself is an error, not a hang. Functions are curried; equations with patterns are tried in
// order, guards too. Every failure is a located diagnostic (HakeFailure), caught by hakefile.ts.
import type { Alt, Decl, Expr, Pat, Rhs } from './ast.ts';
import type { Loc } from './diagnostics.ts';
import { checkField } from './records.ts';
import {
  append, asBool, asList, asNumber, call, equal, fail, fn, show, typeName,
  type EvalContext, type RecordV, type Value,
} from './values.ts';

type Slot = { state: 'todo'; compute: () => Value } | { state: 'busy' } | { state: 'done'; value: Value };

export class Env {
  private readonly slots = new Map<string, Slot>();
  constructor(private readonly parent?: Env) {}
  /** names bound here (not in parents) */
  names(): string[] { return [...this.slots.keys()]; }
  bind(name: string, value: Value): void { this.slots.set(name, { state: 'done', value }); }
  defer(name: string, compute: () => Value): void { this.slots.set(name, { state: 'todo', compute }); }
  lookup(ctx: EvalContext, name: string, at: Loc): Value | undefined {
    const s = this.slots.get(name);
    if (!s) return this.parent?.lookup(ctx, name, at);
    if (s.state === 'done') return s.value;
    if (s.state === 'busy') fail(ctx, 'self-reference', at, `\`${name}\` needs its own value to be computed`);
    this.slots.set(name, { state: 'busy' });
    const value = s.compute();
    this.slots.set(name, { state: 'done', value });
    return value;
  }
}

/** Deep recursion in a Hakefile is almost certainly unbounded; stop well before the JS stack. */
const MAX_DEPTH = 400;

export class Evaluator {
  private depth = 0;
  constructor(private readonly ctx: EvalContext, private readonly unknown: (name: string, at: Loc) => never) {}

  eval(e: Expr, env: Env): Value {
    if (++this.depth > MAX_DEPTH) fail(this.ctx, 'too-deep', e.at, `evaluation nests more than ${MAX_DEPTH} deep here (unbounded recursion?)`);
    try { return this.evalInner(e, env); } finally { this.depth--; }
  }

  private evalInner(e: Expr, env: Env): Value {
    const ctx = this.ctx;
    switch (e.kind) {
      case 'str': case 'num': return e.value;
      case 'var': case 'con': return env.lookup(ctx, e.name, e.at) ?? this.unknown(e.name, e.at);
      case 'list': return e.items.map((i) => this.eval(i, env));
      case 'tuple': return e.items.length === 0 ? { t: 'tuple', items: [] } : { t: 'tuple', items: e.items.map((i) => this.eval(i, env)) };
      case 'app': return call(ctx, this.eval(e.fn, env), e.args.map((a) => this.eval(a, env)), e.at);
      case 'op': return this.op(e.op, e.left, e.right, env, e.at);
      case 'section': return this.section(e.op, env);
      case 'neg': return -asNumber(ctx, this.eval(e.expr, env), e.at, 'the operand of `-`');
      case 'let': return this.eval(e.body, this.declare(e.decls, env));
      case 'if': return this.eval(asBool(ctx, this.eval(e.cond, env), e.cond.at, 'the condition of `if`') ? e.then : e.else, env);
      case 'case': return this.caseOf(e.scrutinee, e.alts, env, e.at);
      case 'lambda': return this.lambda(e.params, e.body, env);
      case 'comp': return this.comprehension(e.body, e.quals, 0, env);
      case 'record': return this.record(e, env);
      case 'unsupported': return fail(ctx, 'unsupported-syntax', e.at, `\`${e.what}\` is Haskell that shoal's Hake does not evaluate`);
    }
  }

  private op(op: string, l: Expr, r: Expr, env: Env, at: Loc): Value {
    const ctx = this.ctx;
    if (op === '&&') return asBool(ctx, this.eval(l, env), l.at, 'the left of `&&`') && asBool(ctx, this.eval(r, env), r.at, 'the right of `&&`');
    if (op === '||') return asBool(ctx, this.eval(l, env), l.at, 'the left of `||`') || asBool(ctx, this.eval(r, env), r.at, 'the right of `||`');
    if (op === '$') return call(ctx, this.eval(l, env), [this.eval(r, env)], at);
    if (op === '.') {
      const f = this.eval(l, env), g = this.eval(r, env);
      return fn(`${show(f)} . ${show(g)}`, 1, ([x], at2) => call(ctx, f, [call(ctx, g, [x], at2)], at2));
    }
    return this.binary(op, this.eval(l, env), this.eval(r, env), at, env);
  }

  private binary(op: string, a: Value, b: Value, at: Loc, env: Env): Value {
    const ctx = this.ctx;
    switch (op) {
      case '++': return append(ctx, a, b, at);
      case ':': return typeof b === 'string' && typeof a === 'string' && a.length === 1 ? a + b : [a, ...asList(ctx, b, at, 'the right operand of `:`')];
      case '==': return equal(a, b);
      case '/=': return !equal(a, b);
      case '+': return asNumber(ctx, a, at, 'an operand of `+`') + asNumber(ctx, b, at, 'an operand of `+`');
      case '-': return asNumber(ctx, a, at, 'an operand of `-`') - asNumber(ctx, b, at, 'an operand of `-`');
      case '<': case '<=': case '>': case '>=': {
        const x = typeof a === 'number' ? a : (a as string), y = typeof b === 'number' ? b : (b as string);
        if (typeof x !== typeof y || (typeof x !== 'number' && typeof x !== 'string')) fail(ctx, 'type-error', at, `\`${op}\` compares two numbers or two strings, not ${typeName(a)} and ${typeName(b)}`);
        return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      }
      default: {
        // `</>` and backtick-infix functions: apply the named function
        const f = env.lookup(ctx, op, at) ?? this.unknown(op, at);
        return call(ctx, f, [a, b], at);
      }
    }
  }

  private section(op: string, env: Env): Value {
    if (op === '.') return fn('(.)', 3, ([f, g, x], at) => call(this.ctx, f, [call(this.ctx, g, [x], at)], at));
    return fn(`(${op})`, 2, ([a, b], at) => this.binary(op, a, b, at, env));
  }

  /** Bind a group of equations: same-named equations are the clauses of one function. */
  declare(decls: Decl[], parent: Env): Env {
    const env = new Env(parent);
    const groups = new Map<string, Decl[]>();
    for (const d of decls) groups.set(d.name, [...(groups.get(d.name) ?? []), d]);
    for (const [name, clauses] of groups) {
      const arity = clauses[0].params.length;
      const odd = clauses.find((c) => c.params.length !== arity);
      if (odd) fail(this.ctx, 'type-error', odd.at, `the equations of \`${name}\` have different numbers of arguments`);
      if (arity === 0) env.defer(name, () => this.rhs(clauses[0].rhs, env, clauses[0].at, name));
      else env.bind(name, fn(name, arity, (args, at) => this.clauses(name, clauses, args, env, at)));
    }
    return env;
  }

  private clauses(name: string, clauses: Decl[], args: Value[], env: Env, at: Loc): Value {
    for (const c of clauses) {
      const local = new Env(env);
      if (c.params.every((p, i) => this.match(p, args[i], local))) return this.rhs(c.rhs, local, c.at, name);
    }
    return fail(this.ctx, 'no-match', at, `no equation of \`${name}\` matches ${args.map(show).join(' ')}`);
  }

  private rhs(rhs: Rhs, env: Env, at: Loc, what: string): Value {
    const local = rhs.where.length ? this.declare(rhs.where, env) : env;
    for (const g of rhs.guards) {
      if (!g.cond || asBool(this.ctx, this.eval(g.cond, local), g.cond.at, 'a guard')) return this.eval(g.body, local);
    }
    return fail(this.ctx, 'no-match', at, `no guard of \`${what}\` holds`);
  }

  private caseOf(scrutinee: Expr, alts: Alt[], env: Env, at: Loc): Value {
    const v = this.eval(scrutinee, env);
    for (const a of alts) {
      const local = new Env(env);
      if (this.match(a.pat, v, local)) return this.rhs(a.rhs, local, a.at, 'case');
    }
    return fail(this.ctx, 'no-match', at, `no alternative of this \`case\` matches ${show(v)}`);
  }

  private lambda(params: Pat[], body: Expr, env: Env): Value {
    return fn('a lambda', params.length, (args, at) => {
      const local = new Env(env);
      if (!params.every((p, i) => this.match(p, args[i], local))) fail(this.ctx, 'no-match', at, `the lambda's pattern does not match ${args.map(show).join(' ')}`);
      return this.eval(body, local);
    });
  }

  private comprehension(body: Expr, quals: import('./ast.ts').Qual[], i: number, env: Env): Value[] {
    if (i === quals.length) return [this.eval(body, env)];
    const q = quals[i];
    if (q.kind === 'let') return this.comprehension(body, quals, i + 1, this.declare(q.decls, env));
    if (q.kind === 'guard') return asBool(this.ctx, this.eval(q.cond, env), q.at, 'a comprehension guard') ? this.comprehension(body, quals, i + 1, env) : [];
    const out: Value[] = [];
    for (const item of asList(this.ctx, this.eval(q.source, env), q.source.at, 'the source of `<-`')) {
      const local = new Env(env);
      if (this.match(q.pat, item, local)) out.push(...this.comprehension(body, quals, i + 1, local));
    }
    return out;
  }

  private record(e: Extract<Expr, { kind: 'record' }>, env: Env): RecordV {
    const base = this.eval(e.base, env);
    if (typeof base !== 'object' || Array.isArray(base) || base.t !== 'record') {
      return fail(this.ctx, 'type-error', e.at, `record syntax \`{ … }\` needs a record such as \`application\` or \`library\`, not ${typeName(base)}`);
    }
    const fields = new Map(base.fields);
    for (const f of e.fields) {
      const name = f.name.replace(/^Args\./, '');
      fields.set(name, { value: checkField(this.ctx, base.kind, name, f.at, this.eval(f.value, env)), at: f.at });
    }
    return { t: 'record', kind: base.kind, fields, at: base.rule ? base.at : e.at, rule: base.rule };
  }

  match(p: Pat, v: Value, env: Env): boolean {
    switch (p.kind) {
      case 'wild': return true;
      case 'var': env.bind(p.name, v); return true;
      case 'str': case 'num': return equal(p.value, v);
      case 'tuple': return typeof v === 'object' && !Array.isArray(v) && v.t === 'tuple' && v.items.length === p.items.length && p.items.every((q, i) => this.match(q, v.items[i], env));
      case 'list': {
        const items = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : undefined;
        return !!items && items.length === p.items.length && p.items.every((q, i) => this.match(q, items[i], env));
      }
      case 'cons': {
        const items = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : undefined;
        if (!items || items.length === 0) return false;
        return this.match(p.head, items[0], env) && this.match(p.tail, typeof v === 'string' ? v.slice(1) : items.slice(1), env);
      }
      case 'con':
        if (p.name === 'True' || p.name === 'False') return v === (p.name === 'True');
        return typeof v === 'object' && !Array.isArray(v) && v.t === 'con' && v.name === p.name && v.args.length === p.args.length && p.args.every((q, i) => this.match(q, v.args[i], env));
    }
  }
}
