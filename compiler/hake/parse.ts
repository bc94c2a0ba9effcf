// Hakefile text → AST: layout.ts makes blocks explicit, the ohm grammar (grammar.ts) matches,
// and one ohm operation turns the match into the typed AST (ast.ts). Syntax errors become one
// located diagnostic; nothing here throws.
import type * as ohm from 'ohm-js';
import type { Alt, Decl, Expr, Field, Pat, Qual, Rhs } from './ast.ts';
import { hakeDiag, type HakeDiagnostic, type Loc } from './diagnostics.ts';
import { hakeGrammar } from './grammar.ts';
import { layout, type LaidOut } from './layout.ts';

export interface ParseResult { expr?: Expr; diagnostics: HakeDiagnostic[] }

/** Maps offsets in laid-out text back to line/column in the original. */
class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(src: string, private readonly laid: LaidOut) {
    for (let i = 0; i < src.length; i++) if (src[i] === '\n') this.lineStarts.push(i + 1);
  }
  at(laidOffset: number): Loc {
    const off = this.laid.origin[Math.min(laidOffset, this.laid.origin.length - 1)];
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.lineStarts[mid] <= off) lo = mid; else hi = mid - 1; }
    return { line: lo + 1, col: off - this.lineStarts[lo] + 1 };
  }
}

let semantics: ohm.Semantics | undefined;
let positions: Positions;

const loc = (n: ohm.Node): Loc => positions.at(n.source.startIdx);
const A = (n: ohm.Node): any => n['ast']();
const list = (n: ohm.Node): any[] => n.asIteration().children.map(A);
const opt = (n: ohm.Node): any => (n.children.length ? A(n.children[0]) : undefined);
const bin = (op: string) => function (this: ohm.Node, l: ohm.Node, o: ohm.Node, r: ohm.Node): Expr {
  return { kind: 'op', at: loc(o), op: op || o.sourceString, left: A(l), right: A(r) };
};

function unescape(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' } as Record<string, string>)[c] ?? c);
}

function makeSemantics(): ohm.Semantics {
  const s = hakeGrammar().createSemantics();
  s.addOperation<unknown>('ast', {
    Hakefile: (e, _end) => A(e),
    Expr_sig: (e, _c, _t) => A(e),
    Exp0_dollar: bin('$'),
    Exp1_or: bin('||'),
    Exp2_and: bin('&&'),
    Exp3_cmp: bin(''),
    Exp3_infix(l, _b1, f, _b2, r) { return { kind: 'op', at: loc(f), op: f.sourceString, left: A(l), right: A(r) }; },
    Exp4_right: bin(''),
    Exp5_add: bin(''),
    Exp6_compose: bin('.'),
    Exp7_let(kw, b, _in, e) { return { kind: 'let', at: loc(kw), decls: A(b), body: A(e) }; },
    Exp7_if(kw, c, _t, a, _e, b) { return { kind: 'if', at: loc(kw), cond: A(c), then: A(a), else: A(b) }; },
    Exp7_case(kw, e, _of, b) { return { kind: 'case', at: loc(kw), scrutinee: A(e), alts: A(b) }; },
    Exp7_lambda(kw, ps, _arrow, e) { return { kind: 'lambda', at: loc(kw), params: ps.children.map(A), body: A(e) }; },
    Exp7_neg(m, e) { return { kind: 'neg', at: loc(m), expr: A(e) }; },
    Exp7_app(atoms) {
      const [fn, ...args] = atoms.children.map(A) as Expr[];
      return args.length ? { kind: 'app', at: fn.at, fn, args } : fn;
    },
    Unsupported(kw) { return { kind: 'unsupported', at: loc(kw), what: kw.sourceString }; },
    Atom_record(base, _o, fields, _c) { return { kind: 'record', at: loc(this), base: A(base), fields: list(fields) }; },
    Atom_paren: (_o, e, _c) => A(e),
    Atom_tuple(_o, e, _comma, rest, _c) { return { kind: 'tuple', at: loc(this), items: [A(e), ...list(rest)] }; },
    Atom_section(_o, op, _c) { return { kind: 'section', at: loc(op), op: op.sourceString }; },
    Atom_unit(_o, _c) { return { kind: 'tuple', at: loc(this), items: [] }; },
    Atom_comp(_o, body, _bar, quals, _c) { return { kind: 'comp', at: loc(this), body: A(body), quals: list(quals) }; },
    Atom_list(_o, items, _c) { return { kind: 'list', at: loc(this), items: list(items) }; },
    Field(name, _eq, e): Field { return { name: name.sourceString, at: loc(name), value: A(e) }; },
    Qual_gen(p, _arrow, e): Qual { return { kind: 'gen', at: loc(p), pat: A(p), source: A(e) }; },
    Qual_let(kw, b): Qual { return { kind: 'let', at: loc(kw), decls: A(b) }; },
    Qual_guard(e): Qual { return { kind: 'guard', at: loc(e), cond: A(e) }; },
    Block_layout: (_o, items, _c) => list(items).flat(2),
    Block_explicit: (_o, items, _c) => list(items).flat(2),
    Decl_sig: (_names, _c, _t) => [],
    Decl_fun(name, params, rhs): Decl[] { return [{ name: name.sourceString, at: loc(name), params: params.children.map(A), rhs: A(rhs) }]; },
    Rhs_plain(_eq, e, where): Rhs { return { guards: [{ body: A(e) }], where: opt(where) ?? [] }; },
    Rhs_guarded(guards, where): Rhs { return { guards: guards.children.map(A), where: opt(where) ?? [] }; },
    Guard: (_bar, c, _eq, e) => ({ cond: A(c), body: A(e) }),
    Where: (_kw, b) => A(b),
    Alt(p, _arrow, e, where): Alt { return { at: loc(p), pat: A(p), rhs: { guards: [{ body: A(e) }], where: opt(where) ?? [] } }; },
    Pat_con(c, args): Pat { return { kind: 'con', at: loc(c), name: c.sourceString, args: args.children.map(A) }; },
    Pat_cons(h, _c, t): Pat { return { kind: 'cons', at: loc(h), head: A(h), tail: A(t) }; },
    APat_wild(_u): Pat { return { kind: 'wild', at: loc(this) }; },
    APat_tuple(_o, p, _comma, rest, _c): Pat { return { kind: 'tuple', at: loc(this), items: [A(p), ...list(rest)] }; },
    APat_paren: (_o, p, _c) => A(p),
    APat_list(_o, items, _c): Pat { return { kind: 'list', at: loc(this), items: list(items) }; },
    varid(_a, _b) { return { kind: 'var', at: loc(this), name: this.sourceString }; },
    qvar(_q, _d, _v) { return { kind: 'var', at: loc(this), name: this.sourceString }; },
    // `args` serves the pattern reading; the expression reading ignores it
    qcon(_q, _d, _c) { return { kind: 'con', at: loc(this), name: this.sourceString, args: [] }; },
    string(_o, _body, _c) { return { kind: 'str', at: loc(this), value: unescape(this.sourceString.slice(1, -1)) }; },
    number(_d) { return { kind: 'num', at: loc(this), value: Number(this.sourceString) }; },
    NonemptyListOf: (first, _seps, rest) => [A(first), ...rest.children.map(A)],
    EmptyListOf: () => [],
    _iter: (...children) => children.map(A),
  });
  return s;
}

function syntaxMessage(src: string, laid: LaidOut, m: ohm.FailedMatchResult): string {
  const pos = m.getRightmostFailurePosition();
  const off = laid.origin[Math.min(pos, laid.origin.length - 1)];
  const found = off >= src.length ? 'end of file' : `'${/^(\w+|\S)/.exec(src.slice(off))?.[0] ?? src[off]}'`;
  // ohm lists every terminal that could start the next token; a long list helps nobody
  const expected = m.getExpectedText().split(/, (?:or )?| or /).map((e: string) => (/\\u\{E00/.test(e) ? 'a new line' : e));
  const shown = [...new Set(expected)];
  return `Hakefile syntax: unexpected ${found}` + (shown.length <= 4 ? `; expected ${shown.join(' or ')}` : '');
}

export function parseHakefile(src: string, file: string): ParseResult {
  const laid = layout(src);
  positions = new Positions(src, laid);
  const g = hakeGrammar();
  const m = g.match(laid.text);
  if (m.failed()) {
    const at = positions.at(m.getRightmostFailurePosition());
    return { diagnostics: [hakeDiag('syntax', file, at, syntaxMessage(src, laid, m))] };
  }
  semantics ??= makeSemantics();
  return { expr: semantics(m)['ast']() as Expr, diagnostics: [] };
}
