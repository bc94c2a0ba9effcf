// Text → syntax tree. The ohm match gives the concrete tree; the `ast` operation below maps it to
// ast.ts shapes. Syntax errors become one located diagnostic at the furthest point the grammar
// reached (Parsec, too, reports the first error only).
import type { Node, TerminalNode } from 'ohm-js';
import { flounderGrammar } from './grammar.ts';
import type { ArgAst, DeclAst, InterfaceAst, MetaAst, Name, TypeDeclAst } from './ast.ts';
import type { Diags } from './diagnostics.ts';

/** Literals above this are refused: sizes and meta values are 32-bit on the wire. */
const MAX_LITERAL = 0xffff_ffff;

const semantics = flounderGrammar.createSemantics();

/** Problems found while building the tree (escapes, numbers): reported by the caller. */
interface Problem { name: 'bad-escape' | 'number-too-large'; at: number; message: string }
let problems: Problem[] = [];

/** Offsets in the compacted text (see `compact`) → offsets in the source. Set per match. */
let offsets: Int32Array = new Int32Array(1);
const pos = (n: Node): number => offsets[n.source.startIdx]!;
const name = (n: Node): Name => ({ text: n.sourceString, at: pos(n) });
const ast = <T>(n: Node): T => n['ast']() as T;
const list = <T>(n: Node): T[] => n.asIteration().children.map((c: Node) => ast<T>(c));

function natural(n: Node): number {
  const s = n.sourceString;
  const v = /^0[xX]/.test(s) ? parseInt(s.slice(2), 16) : /^0[oO]/.test(s) ? parseInt(s.slice(2), 8) : parseInt(s, 10);
  if (v > MAX_LITERAL) problems.push({ name: 'number-too-large', at: pos(n), message: `${s} does not fit in 32 bits` });
  return v;
}

function escapeChar(c: string, at: number): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '&': '' };
  const v = simple[c];
  if (v !== undefined) return v;
  problems.push({ name: 'bad-escape', at, message: `unknown escape \\${c} in string literal` });
  return '';
}

function codePoint(v: number, at: number): string {
  if (v > 0x10ffff) {
    problems.push({ name: 'bad-escape', at, message: 'character escape out of range' });
    return '';
  }
  return String.fromCodePoint(v);
}

semantics.addOperation<unknown>('ast', {
  InterfaceFile(_kw, id, desc, _lb, decls, _rb, _semi, _end): InterfaceAst {
    const d = desc.children[0];
    return { name: name(id), description: d ? ast<string>(d) : undefined, decls: decls.children.map((c) => ast<DeclAst>(c)), at: pos(this) };
  },
  IncludeFile(decls, _end): TypeDeclAst[] { return decls.children.map((c) => ast<TypeDeclAst>(c)); },
  Decl(d): DeclAst {
    const r = ast<TypeDeclAst | DeclAst>(d);
    return 'decl' in r ? r : { decl: 'type', ...r };
  },
  TypeDecl_alias(_kw, n, target, _semi): TypeDeclAst { return { kind: 'alias', name: name(n), target: name(target), at: pos(this) }; },
  TypeDecl_typedef(_kw, body, _semi): TypeDeclAst { return { ...ast<TypeDeclAst>(body), at: pos(this) }; },
  TypedefBody_struct(_kw, _lb, fields, _rb, n): TypeDeclAst {
    return { kind: 'struct', name: name(n), fields: fields.children.map((f) => ast<{ type: Name; name: Name }>(f)), at: 0 };
  },
  TypedefBody_enum(_kw, _lb, members, _rb, n): TypeDeclAst {
    return { kind: 'enum', name: name(n), members: members.asIteration().children.map(name), at: 0 };
  },
  TypedefBody_array(elem, n, _lb, len, _rb): TypeDeclAst {
    return { kind: 'array', name: name(n), elem: name(elem), length: ast<number>(len), lengthAt: pos(len), at: 0 };
  },
  TypedefBody_alias(target, n): TypeDeclAst { return { kind: 'typedef', name: name(n), target: name(target), at: 0 }; },
  Field(t, n, _semi) { return { type: name(t), name: name(n) }; },
  MsgDecl(metas, m): DeclAst {
    return { decl: 'msg', ...ast<Omit<DeclAst & { decl: 'msg' }, 'decl' | 'meta'>>(m), meta: metas.children.map((c) => ast<MetaAst>(c)), at: pos(this) };
  },
  Meta(n, _lp, args, _rp): MetaAst { return { name: name(n.child(1)), args: list(args) }; },
  MetaArg(n, _eq, v) {
    return { name: name(n), value: v.ctorName === 'natural' ? natural(v) : v.sourceString };
  },
  Message(_kw, n, _lp, args, _rp, _semi) { return { kind: 'message', name: name(n), args: list<ArgAst>(args) }; },
  Rpc(_kw, n, _lp, args, _rp, _semi) { return { kind: 'rpc', name: name(n), args: list<ArgAst>(args) }; },
  RpcArg(dir, arg): ArgAst {
    return { ...ast<ArgAst>(arg), dir: dir.sourceString.toLowerCase() === 'in' ? 'in' : 'out' };
  },
  Arg_dynamic(t, n, _lb, len, _comma, max, _rb): ArgAst {
    return { form: 'dynamic', type: name(t), name: name(n), lengthName: name(len), max: natural(max), maxAt: max.source.startIdx };
  },
  Arg_string(t, n, _lb, max, _rb): ArgAst {
    return { form: 'string', type: name(t), name: name(n), max: natural(max), maxAt: max.source.startIdx };
  },
  Arg_simple(t, n): ArgAst { return { form: 'simple', type: name(t), name: name(n) }; },
  Integer(sign, n) {
    const v = natural(n);
    return sign.sourceString === '-' ? -v : v;
  },
  stringLit(_q1, chars, _q2): string { return chars.children.map((c) => ast<string>(c)).join(''); },
  strChar_escaped(_bs, e): string { return ast<string>(e); },
  strChar_plain(c): string { return c.sourceString; },
  escape_hex(_x, digits): string { return codePoint(parseInt(digits.sourceString, 16), pos(this)); },
  escape_oct(_o, digits): string { return codePoint(parseInt(digits.sourceString, 8), pos(this)); },
  escape_dec(digits): string { return codePoint(parseInt(digits.sourceString, 10), pos(this)); },
  escape_gap(_s, _bs): string { return ''; },
  escape_char(c): string { return escapeChar(c.sourceString, pos(this)); },
  _iter(...children: Node[]) { return children.map((c) => c['ast']()); },
  _terminal(this: TerminalNode) { return this.sourceString; },
});

/** The text with every comment replaced by spaces (newlines kept, so offsets and line numbers
 *  do not move), and the offset of the opener of an unterminated block comment, or -1. Block
 *  comments nest (Parsec's `nestedComments`); a `"` or `//` inside one means nothing, and a `/*`
 *  inside a string literal opens nothing. Done here, iteratively, rather than in the grammar:
 *  a recursive comment rule costs the matcher most of its time and its stack on deep nesting. */
export function blankComments(text: string): { text: string; unterminated: number } {
  const out = text.split('');
  const blank = (from: number, to: number) => { for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' '; };
  let depth = 0, opener = -1, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i], d = text[i + 1];
    if (depth) {
      if (c === '/' && d === '*') { depth++; i++; } else if (c === '*' && d === '/') { i++; if (--depth === 0) blank(start, i + 1); }
    } else if (c === '/' && d === '*') { depth = 1; opener = start = i; i++; } else if (c === '/' && d === '/') {
      const s0 = i;
      while (i < text.length && text[i] !== '\n') i++;
      blank(s0, i);
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    }
  }
  return depth ? { text, unterminated: opener } : { text: out.join(''), unterminated: -1 };
}

/** The text the grammar matches: comments blanked, then every run of whitespace outside string
 *  literals squeezed to one space, and where each of its characters came from. The matcher
 *  spends its time per character, and Barrelfish's interfaces are mostly comment. */
export function compact(text: string): { text: string; offsets: Int32Array } {
  const out: string[] = [];
  const offsets = new Int32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (n === 0 || out[n - 1] !== ' ') { out.push(' '); offsets[n++] = i; }
      continue;
    }
    out.push(c); offsets[n++] = i;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
        if (text[i] === '\\' && i + 1 < text.length) { out.push('\\'); offsets[n++] = i++; }
        out.push(text[i]!); offsets[n++] = i;
      }
      if (i < text.length) { out.push(text[i]!); offsets[n++] = i; }
    }
  }
  offsets[n] = text.length;
  return { text: out.join(''), offsets: offsets.subarray(0, n + 1) };
}

function match<T>(raw: string, rule: 'InterfaceFile' | 'IncludeFile', diags: Diags): T | undefined {
  const blanked = blankComments(raw);
  if (blanked.unterminated >= 0) {
    diags.error('unterminated-comment', blanked.unterminated, 'comment is not closed (`/*` comments nest: each needs its own `*/`)');
    return undefined;
  }
  const compacted = compact(blanked.text);
  const text = compacted.text;
  offsets = compacted.offsets;
  try {
    const m = flounderGrammar.match(text, rule);
    if (m.failed()) {
      const at = m.getRightmostFailurePosition();
      const found = at >= text.length ? 'end of input' : JSON.stringify(text.slice(at).match(/^(\w+|\S)/)?.[0] ?? text[at]);
      const expected = m.getExpectedText();
      const word = text.slice(at).match(/^\w+/)?.[0] ?? '';
      diags.error('syntax-error', offsets[at]!, /^(interface|message|rpc|in|out)$/i.test(word) && expected.includes('a name')
        ? `'${word}' is a reserved word (in any letter case) and cannot be a name`
        : `unexpected ${found}; expected ${expected}`);
      return undefined;
    }
    problems = [];
    const tree = semantics(m)['ast']() as T;
    for (const p of problems) diags.error(p.name, p.at, p.message);
    // A bad literal makes the tree unreliable (a size of 2^40…): check nothing further.
    return problems.length ? undefined : tree;
  } catch (e) {
    // The PEG matcher recurses on its input; should some input exhaust the stack, that is bad
    // input, not a compiler failure.
    if (!(e instanceof RangeError)) throw e;
    diags.error('nesting-too-deep', 0, 'the text nests too deeply to parse');
    return undefined;
  }
}

export const parseInterfaceText = (text: string, diags: Diags): InterfaceAst | undefined => match<InterfaceAst>(text, 'InterfaceFile', diags);
export const parseIncludeText = (text: string, diags: Diags): TypeDeclAst[] | undefined => match<TypeDeclAst[]>(text, 'IncludeFile', diags);
