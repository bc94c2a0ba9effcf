// Text of one `.dev` file -> its syntax tree (`ast.ts`), or a located syntax error. The lexer
// makes the token string, the Ohm grammar matches it, and the `ast` operation below builds the
// tree; every terminal's `source.startIdx` is a token index.
import type { Node, NonterminalNode, TerminalNode, IterationNode } from 'ohm-js';
import type * as A from './ast.ts';
import { diag, type MackerelDiagnostic } from './diagnostics.ts';
import { mackerelGrammar } from './grammar.ts';
import { KEYWORDS } from './keywords.ts';
import { keywordChar, lex, TOKEN_CHAR, type Lexed, type Position } from './lexer.ts';

export type ParseResult = { ok: true; file: A.DevFile } | { ok: false; error: MackerelDiagnostic };

export function parseDev(src: string, path: string): ParseResult {
  const lexed = lex(src);
  if (lexed.openComment !== undefined) {
    return { ok: false, error: diag('unterminated-comment', path, lexed.position(lexed.openComment), 'comment is not closed (block comments nest: every /* needs its */)') };
  }
  const m = mackerelGrammar().match(lexed.chars);
  if (m.failed()) return { ok: false, error: syntaxError(lexed, m.getRightmostFailurePosition(), m.getExpectedText(), path) };
  return { ok: true, file: build(lexed, m) };
}

const CHAR_NAMES = new Map<string, string>([
  [TOKEN_CHAR.ident, 'identifier'], [TOKEN_CHAR.int, 'integer'], [TOKEN_CHAR.string, 'string'],
  ...KEYWORDS.map((k) => [keywordChar(k), `"${k}"`] as [string, string]),
]);

/** What the grammar expected, in source terms: a range of keyword characters is an identifier. */
function expectedText(ohmText: string): string {
  const names = new Set<string>();
  for (const alt of ohmText.matchAll(/"((?:[^"\\]|\\.)*)"(\.\."(?:[^"\\]|\\.)*")?/g)) {
    if (alt[2]) names.add(alt[1] === keywordChar('also') ? 'attribute' : alt[1] === keywordChar('rw') ? 'attribute' : 'identifier');
    else names.add(CHAR_NAMES.get(alt[1]) ?? `"${alt[1]}"`);
  }
  return [...names].join(', ');
}

function syntaxError(lexed: Lexed, at: number, ohmExpected: string, path: string): MackerelDiagnostic {
  const tok = lexed.tokens[at];
  if (!tok) {
    const last = lexed.tokens[lexed.tokens.length - 1];
    const pos = last ? lexed.position(last.offset + last.text.length) : { line: 1, col: 1 };
    return diag('syntax', path, pos, `unexpected end of file; expected ${expectedText(ohmExpected)}`);
  }
  const pos = lexed.position(tok.offset);
  if (tok.kind === 'bad') return diag('syntax', path, pos, tok.problem ?? 'bad token');
  const what = tok.kind === 'keyword' ? `${KEYWORDS.includes(tok.value as never) ? 'keyword' : ''} "${tok.text}"`.trim() : tok.kind === 'ident' ? `identifier "${tok.text}"` : `"${tok.text}"`;
  return diag('syntax', path, pos, `unexpected ${what}; expected ${expectedText(ohmExpected)}`);
}

function build(lexed: Lexed, m: ReturnType<ReturnType<typeof mackerelGrammar>['match']>): A.DevFile {
  const tok = (n: Node) => lexed.tokens[n.source.startIdx];
  const pos = (n: Node): Position => lexed.position(tok(n).offset);
  const text = (n: Node) => tok(n).text;
  const int = (n: Node): bigint => {
    const sign = n.children[0] as IterationNode;
    const v = tok(n.children[1]).int;
    return sign.numChildren > 0 && text(sign.children[0]) === '-' ? -v : v;
  };
  const opt = <T>(n: Node, f: (c: Node) => T): T | undefined => ((n as IterationNode).numChildren > 0 ? f(n.children[0]) : undefined);
  const str = (n: Node) => tok(n).value;
  const kw = (n: Node) => tok(n).value;

  // Field lists are most of every file. Visiting each field's nodes through Ohm wrappers costs
  // more than the match itself, so a field list (already matched, so its shape is known) is read
  // straight from its token range: name, optional sign, width, attribute?, type(...)?, string?, ";".
  const readFields = (from: number, to: number): A.FieldAst[] => {
    const ts = lexed.tokens;
    const out: A.FieldAst[] = [];
    let i = from;
    while (i < to) {
      const nameTok = ts[i++];
      let neg = false;
      if (ts[i].kind === 'punct') { neg = ts[i].text === '-'; i++; }
      const width = neg ? -ts[i].int : ts[i].int;
      i++;
      const f: A.FieldAst = { name: nameTok.text, pos: lexed.position(nameTok.offset), width };
      if (ts[i].kind === 'keyword' && ts[i].value !== 'type') f.attr = ts[i++].value;
      if (ts[i].kind === 'keyword' && ts[i].value === 'type') {
        const first = ts[i + 2];
        i += 3;
        if (ts[i].text === '.') { f.type = { name: ts[i + 1].text, dev: first.text, pos: lexed.position(first.offset) }; i += 2; } else f.type = { name: first.text, pos: lexed.position(first.offset) };
        i++;
      }
      if (ts[i].kind === 'string') f.desc = ts[i++].value;
      i++;
      out.push(f);
    }
    return out;
  };
  const s = mackerelGrammar().createSemantics();
  s.addOperation<unknown>('ast', {
    file(imports: IterationNode, device: NonterminalNode, _end: Node): A.DevFile {
      return { imports: imports.children.map((c) => c.ast() as { name: string; pos: Position }), device: device.ast() as A.DeviceAst };
    },
    import(_k: Node, name: Node, _s: Node) { return { name: text(name), pos: pos(name) }; },
    device(_k: Node, name: Node, order: IterationNode, _o: Node, args: Node, _c: Node, desc: Node, _b: Node, decls: IterationNode, _e: Node, _s: Node): A.DeviceAst {
      return {
        name: text(name), pos: pos(name), order: (opt(order, kw) ?? 'lsbfirst') as A.BitOrder,
        args: args.asIteration().children.map((a) => ({ space: kw(a.children[0]) as A.BuiltinSpace, name: text(a.children[1]), pos: pos(a.children[1]) })),
        desc: str(desc), decls: decls.children.map((d) => d.ast() as A.Decl),
      };
    },
    decl(d: Node) { return d.ast(); },
    spaceDecl(_k: Node, name: Node, _o: Node, params: Node, _c: Node, kind: Node, desc: Node, _s: Node): A.SpaceAst {
      const k = kind.children[0];
      return {
        kind: 'space', name: text(name), pos: pos(name), params: params.asIteration().children.map(text),
        spaceKind: kw(k) as A.SpaceAst['spaceKind'], step: kw(k) === 'stepwise' ? int(kind.children[2]) : undefined, desc: str(desc),
      };
    },
    register(_k: Node, name: Node, attr: IterationNode, also: IterationNode, loc: Node, desc: IterationNode, format: Node, _s: Node): A.RegisterAst {
      return { kind: 'register', name: text(name), pos: pos(name), attr: opt(attr, kw), also: also.numChildren > 0, loc: loc.ast() as A.LocAst, desc: opt(desc, str), format: format.ast() as A.FormatAst };
    },
    regArray(_k: Node, name: Node, attr: IterationNode, also: IterationNode, loc: Node, _o: Node, spec: Node, _c: Node, desc: IterationNode, format: Node, _s: Node): A.RegisterAst {
      return {
        kind: 'register', name: text(name), pos: pos(name), attr: opt(attr, kw), also: also.numChildren > 0, loc: loc.ast() as A.LocAst,
        array: spec.ast() as A.ArraySpecAst, desc: opt(desc, str), format: format.ast() as A.FormatAst,
      };
    },
    loc_none(_k: Node): A.LocAst { return { kind: 'none' }; },
    loc_builtin(space: Node, _o: Node, base: Node, _c: Node, offset: Node, _e: Node): A.LocAst {
      return { kind: 'builtin', space: kw(space) as A.BuiltinSpace, base: text(base), basePos: pos(base), offset: int(offset) };
    },
    loc_user(space: Node, _o: Node, index: Node, _c: Node): A.LocAst {
      const i = index.children[0];
      return { kind: 'user', space: text(space), spacePos: pos(space), index: i.ctorName === 'int' ? int(i) : text(i) };
    },
    arraySpec_step(count: Node, _s: Node, stride: Node): A.ArraySpecAst { return { kind: 'step', count: int(count), stride: int(stride) }; },
    arraySpec_list(list: Node): A.ArraySpecAst {
      const xs = list.asIteration().children.map(int);
      // `[n]` is a count (elements back to back); two or more numbers are explicit offsets
      return xs.length === 1 ? { kind: 'step', count: xs[0], stride: 0n } : { kind: 'list', offsets: xs };
    },
    format_fields(this: NonterminalNode, _o: Node, _fields: IterationNode, _c: Node): A.FormatAst {
      return { kind: 'fields', fields: readFields(this.source.startIdx + 1, this.source.endIdx - 1) };
    },
    format_type(label: Node): A.FormatAst { return { kind: 'type', ref: label.ast() as A.TypeRefAst }; },
    typeLabel(_k: Node, _o: Node, ref: Node, _c: Node) { return ref.ast(); },
    typeRef(first: Node, _dots: IterationNode, second: IterationNode): A.TypeRefAst {
      return second.numChildren > 0 ? { name: text(second.children[0]), dev: text(first), pos: pos(first) } : { name: text(first), pos: pos(first) };
    },
    regType(_k: Node, name: Node, desc: Node, _o: Node, fields: IterationNode, _c: Node, _s: Node): A.RegTypeAst {
      return { kind: 'regtype', name: text(name), pos: pos(name), desc: str(desc), fields: readFields(fields.source.startIdx, fields.source.endIdx) };
    },
    dataType(_k: Node, name: Node, order: IterationNode, desc: Node, _o: Node, fields: IterationNode, _c: Node, _s: Node): A.DataTypeAst {
      const o = order.numChildren > 0 ? order.children[0] : undefined;
      return {
        kind: 'datatype', name: text(name), pos: pos(name), desc: str(desc), fields: readFields(fields.source.startIdx, fields.source.endIdx),
        order: o ? (kw(o.children[0]) as A.BitOrder) : undefined, wordSize: o ? int(o.children[2]) : undefined,
      };
    },
    constants(_k: Node, name: Node, width: IterationNode, desc: Node, _o: Node, vals: IterationNode, _c: Node, _s: Node): A.ConstantsAst {
      return {
        kind: 'constants', name: text(name), pos: pos(name), desc: str(desc), width: opt(width, (w) => int(w.children[2])),
        values: vals.children.map((v) => v.ast() as A.ConstantsAst['values'][number]),
      };
    },
    constVal(name: Node, eq: Node, expr: Node, desc: IterationNode, _s: Node) {
      // the original records a constant's position after its name: at the `=`
      return { name: text(name), pos: pos(eq), expr: expr.ast() as A.ExprAst, desc: opt(desc, str) };
    },
    sum_bin(l: Node, op: Node, r: Node): A.ExprAst { return { kind: 'bin', op: text(op) as '+', left: l.ast() as A.ExprAst, right: r.ast() as A.ExprAst }; },
    prod_bin(l: Node, op: Node, r: Node): A.ExprAst { return { kind: 'bin', op: text(op) as '*', left: l.ast() as A.ExprAst, right: r.ast() as A.ExprAst }; },
    sum(p: Node) { return p.ast(); },
    prod(f: Node) { return f.ast(); },
    factor_paren(_o: Node, e: Node, _c: Node) { return e.ast(); },
    factor_int(i: Node): A.ExprAst { return { kind: 'int', value: int(i) }; },
    factor_name(n: Node): A.ExprAst { return { kind: 'name', name: text(n), pos: pos(n) }; },
    _terminal(this: TerminalNode) { return undefined; },
  });
  return s(m).ast() as A.DevFile;
}
