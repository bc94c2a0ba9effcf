// The syntax tree of a `.dev` file, read straight from its tokens AFTER the Ohm grammar has matched
// them. The grammar (`grammar.ts`) alone decides what is accepted and reports syntax errors; this
// reader only walks a token sequence already known to be in the language, so it has no error paths
// and follows the grammar's choices: PEG optionals are greedy (`regAttr?`, `kw_also?` take an
// attribute or `also` whenever one is next), and ordered choices are decided by looking ahead as
// far as the grammar's first alternative would get. Why not Ohm's semantic actions: visiting a
// match through its node wrappers cost more than the match itself (the corpus: ~450 ms of ~1.3 s).
import type * as A from './ast.ts';
import { REG_ATTRS } from './keywords.ts';
import type { Lexed, Token } from './lexer.ts';

const REG_ATTR_SET: ReadonlySet<string> = new Set(REG_ATTRS);

export function readDevFile(lexed: Lexed): A.DevFile {
  const ts = lexed.tokens;
  let i = 0;
  const next = (): Token => ts[i++];
  const skip = (n = 1) => { i += n; };
  const at = (t: Token) => lexed.position(t.offset);
  const isKw = (t: Token | undefined, kw: string) => t !== undefined && t.kind === 'keyword' && t.value === kw;
  const isPunct = (t: Token | undefined, p: string) => t !== undefined && t.kind === 'punct' && t.text === p;
  /** `int = sign? num` */
  const int = (): bigint => {
    const t = next();
    if (t.kind === 'punct') return t.text === '-' ? -next().int : next().int;
    return t.int;
  };
  const optStr = (): string | undefined => (ts[i].kind === 'string' ? next().value : undefined);

  const imports: A.DevFile['imports'] = [];
  while (isKw(ts[i], 'import')) {
    const n = ts[i + 1];
    imports.push({ name: n.text, pos: at(n) });
    skip(3);
  }

  // device = kw_device name bitOrder? "(" listOf<devArg, ","> ")" str "{" decl+ "}" ";"
  skip();
  const devName = next();
  const order = ts[i].kind === 'keyword' && (ts[i].value === 'lsbfirst' || ts[i].value === 'msbfirst') ? (next().value as A.BitOrder) : 'lsbfirst';
  skip(); // (
  const args: A.DeviceAst['args'] = [];
  while (!isPunct(ts[i], ')')) {
    const space = next().value as A.BuiltinSpace;
    const n = next();
    args.push({ space, name: n.text, pos: at(n) });
    if (isPunct(ts[i], ',')) skip();
  }
  skip(); // )
  const desc = next().value;
  skip(); // {
  const decls: A.Decl[] = [];
  while (!isPunct(ts[i], '}')) decls.push(decl());
  return { imports, device: { name: devName.text, pos: at(devName), order, args, desc, decls } };

  function decl(): A.Decl {
    switch (next().value) {
      case 'register': return register(false);
      case 'regarray': return register(true);
      case 'constants': return constants();
      case 'space': return space();
      case 'regtype': {
        const n = next();
        const desc = next().value;
        return { kind: 'regtype', name: n.text, pos: at(n), desc, fields: fieldList() };
      }
      default: { // datatype: name dataOrder? str "{" dField+ "}" ";"
        const n = next();
        let order: A.BitOrder | undefined;
        let wordSize: bigint | undefined;
        if (ts[i].kind === 'keyword' && (ts[i].value === 'lsbfirst' || ts[i].value === 'msbfirst')) {
          order = next().value as A.BitOrder;
          skip(); // (
          wordSize = int();
          skip(); // )
        }
        const desc = next().value;
        return { kind: 'datatype', name: n.text, pos: at(n), desc, fields: fieldList(), order, wordSize };
      }
    }
  }

  // register = kw_register name regAttr? kw_also? loc str? format ";"
  // regArray = kw_regarray name regAttr? kw_also? loc "[" arraySpec "]" str? format ";"
  function register(isArray: boolean): A.RegisterAst {
    const n = next();
    const attr = ts[i].kind === 'keyword' && REG_ATTR_SET.has(ts[i].value) ? next().value : undefined;
    const also = isKw(ts[i], 'also');
    if (also) skip();
    const loc = location();
    let array: A.ArraySpecAst | undefined;
    if (isArray) {
      skip(); // [
      const first = int();
      if (isPunct(ts[i], ';')) { skip(); array = { kind: 'step', count: first, stride: int() }; } else {
        const xs = [first];
        while (isPunct(ts[i], ',')) { skip(); xs.push(int()); }
        // `[n]` is a count (elements back to back); two or more numbers are explicit offsets
        array = xs.length === 1 ? { kind: 'step', count: first, stride: 0n } : { kind: 'list', offsets: xs };
      }
      skip(); // ]
    }
    const desc = optStr();
    let format: A.FormatAst;
    if (isPunct(ts[i], '{')) format = { kind: 'fields', fields: fieldList() };
    else {
      skip(2); // type (
      format = { kind: 'type', ref: typeRef() };
      skip(); // )
      skip(); // ;
    }
    return { kind: 'register', name: n.text, pos: at(n), attr, also, loc, array, desc, format };
  }

  // loc = kw_noaddr | argSpace "(" name "," int ")" | name "(" locIndex ")": `addr` etc. are also
  // names, so a builtin space is one only when its argument list has the comma
  function location(): A.LocAst {
    const t = next();
    if (isKw(t, 'noaddr')) return { kind: 'none' };
    if (t.kind === 'keyword' && (t.value === 'addr' || t.value === 'io' || t.value === 'pci') && isPunct(ts[i + 2], ',')) {
      skip(); // (
      const base = next();
      skip(); // ,
      const offset = int();
      skip(); // )
      return { kind: 'builtin', space: t.value as A.BuiltinSpace, base: base.text, basePos: at(base), offset };
    }
    skip(); // (
    const index = ts[i].kind === 'int' || ts[i].kind === 'punct' ? int() : next().text;
    skip(); // )
    return { kind: 'user', space: t.text, spacePos: at(t), index };
  }

  /** `typeRef = name ("." name)?` */
  function typeRef(): A.TypeRefAst {
    const first = next();
    if (isPunct(ts[i], '.')) { skip(); return { name: next().text, dev: first.text, pos: at(first) }; }
    return { name: first.text, pos: at(first) };
  }

  /** `"{" field+ "}" ";"`: name, optional sign, width, attribute?, type(...)?, string?, ";" */
  function fieldList(): A.FieldAst[] {
    skip(); // {
    const out: A.FieldAst[] = [];
    while (!isPunct(ts[i], '}')) {
      const n = next();
      const f: A.FieldAst = { name: n.text, pos: at(n), width: int() };
      if (ts[i].kind === 'keyword' && ts[i].value !== 'type') f.attr = next().value;
      if (isKw(ts[i], 'type')) { skip(2); f.type = typeRef(); skip(); }
      if (ts[i].kind === 'string') f.desc = next().value;
      skip(); // ;
      out.push(f);
    }
    skip(2); // } ;
    return out;
  }

  // constants = kw_constants name constWidth? str "{" constVal+ "}" ";"
  function constants(): A.ConstantsAst {
    const n = next();
    let width: bigint | undefined;
    if (ts[i].kind === 'keyword') { skip(2); width = int(); skip(); } // width ( int )
    const desc = next().value;
    skip(); // {
    const values: A.ConstantsAst['values'] = [];
    while (!isPunct(ts[i], '}')) {
      const name = next();
      const eq = next();
      // the original records a constant's position after its name: at the `=`
      values.push({ name: name.text, pos: at(eq), expr: sum(), desc: optStr() });
      skip(); // ;
    }
    skip(2); // } ;
    return { kind: 'constants', name: n.text, pos: at(n), desc, width, values };
  }

  // sum = sum sumOp prod | prod; prod = prod prodOp factor | factor (left-associative)
  function sum(): A.ExprAst {
    let e = prod();
    while (isPunct(ts[i], '+') || isPunct(ts[i], '-')) { const op = next().text as '+'; e = { kind: 'bin', op, left: e, right: prod() }; }
    return e;
  }
  function prod(): A.ExprAst {
    let e = factor();
    while (isPunct(ts[i], '*') || isPunct(ts[i], '/')) { const op = next().text as '*'; e = { kind: 'bin', op, left: e, right: factor() }; }
    return e;
  }
  function factor(): A.ExprAst {
    if (isPunct(ts[i], '(')) { skip(); const e = sum(); skip(); return e; }
    if (ts[i].kind === 'int' || ts[i].kind === 'punct') return { kind: 'int', value: int() };
    const n = next();
    return { kind: 'name', name: n.text, pos: at(n) };
  }

  // spaceDecl = kw_space name "(" listOf<name, ","> ")" spaceKind str ";"
  function space(): A.SpaceAst {
    const n = next();
    skip(); // (
    const params: string[] = [];
    while (!isPunct(ts[i], ')')) { params.push(next().text); if (isPunct(ts[i], ',')) skip(); }
    skip(); // )
    const spaceKind = next().value as A.SpaceAst['spaceKind'];
    let step: bigint | undefined;
    if (spaceKind === 'stepwise') { skip(); step = int(); skip(); }
    const desc = next().value;
    skip(); // ;
    return { kind: 'space', name: n.text, pos: at(n), params, spaceKind, step, desc };
  }
}
