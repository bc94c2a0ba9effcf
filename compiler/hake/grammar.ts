// The Hakefile grammar: the subset of Haskell expressions Barrelfish Hakefiles are written in.
// Pure syntax, no semantic actions; cst.ts turns a match into the typed AST of ast.ts.
// Blocks (`let`, `where`, `case … of`) arrive made explicit by layout.ts as the characters
// \u{E000} (open), \u{E001} (separator), \u{E002} (close).
import * as ohm from 'ohm-js';

export const HAKE_GRAMMAR_SOURCE = String.raw`
Hake {
  Hakefile = Expr end

  Expr = Exp0 "::" Type  -- sig
       | Exp0
  Exp0 = Exp1 "$" ~opchar Exp0  -- dollar
       | Exp1
  Exp1 = Exp2 "||" Exp1  -- or
       | Exp2
  Exp2 = Exp3 "&&" Exp2  -- and
       | Exp3
  Exp3 = Exp4 cmpop Exp4  -- cmp
       | Exp4 "\x60" qvar "\x60" Exp4  -- infix
       | Exp4
  Exp4 = Exp5 rop Exp4  -- right
       | Exp5
  Exp5 = Exp5 addop Exp6  -- add
       | Exp6
  Exp6 = Exp7 "." ~opchar Exp6  -- compose
       | Exp7
  Exp7 = "let" Block<Decl> "in" Expr  -- let
       | "if" Expr "then" Expr "else" Expr  -- if
       | "case" Expr "of" Block<Alt>  -- case
       | "\\" APat+ "->" Expr  -- lambda
       | "-" Exp7  -- neg
       | Unsupported
       | Atom+  -- app

  Unsupported = ("do" | "data" | "import" | "module" | "type" | "class" | "instance") ~idchar

  Atom = Atom "{" ListOf<Field, ","> "}"  -- record
       | "(" Expr ")"  -- paren
       | "(" Expr "," NonemptyListOf<Expr, ","> ")"  -- tuple
       | "(" opsection ")"  -- section
       | "(" ")"  -- unit
       | "[" Expr "|" NonemptyListOf<Qual, ","> "]"  -- comp
       | "[" ListOf<Expr, ","> "]"  -- list
       | string
       | number
       | qcon
       | qvar

  Field = qvar "=" ~opchar Expr
  Qual = Pat "<-" Expr  -- gen
       | "let" Block<Decl>  -- let
       | Expr  -- guard

  Block<D> = "\u{E000}" ListOf<D?, "\u{E001}"> "\u{E002}"  -- layout
           | "{" ListOf<D?, ";"> "}"  -- explicit

  Decl = NonemptyListOf<varid, ","> "::" Type  -- sig
       | varid APat* Rhs  -- fun
  Rhs = "=" ~opchar Expr Where?  -- plain
      | Guard+ Where?  -- guarded
  Guard = "|" ~opchar Expr "=" ~opchar Expr
  Where = "where" Block<Decl>
  Alt = Pat "->" Expr Where?

  Pat = qcon APat+  -- con
      | APat ":" ~opchar Pat  -- cons
      | APat
  APat = "_" ~idchar  -- wild
       | varid
       | qcon
       | string
       | number
       | "(" Pat "," NonemptyListOf<Pat, ","> ")"  -- tuple
       | "(" Pat ")"  -- paren
       | "[" ListOf<Pat, ","> "]"  -- list

  Type = TypeApp "->" Type  -- fn
       | TypeApp
  TypeApp = TypeAtom+
  TypeAtom = qcon  -- con
           | varid  -- var
           | "[" Type "]"  -- list
           | "(" ListOf<Type, ","> ")"  -- tuple

  opsection = "++" | "</>" | ":" | "+" | "==" | "."
  cmpop = ("==" | "/=" | "<=" | ">=" | "<" | ">") ~opchar
  rop = ("++" | "</>" | ":") ~opchar
  addop = ("+" | "-") ~opchar
  opchar = "!" | "#" | "$" | "%" | "&" | "*" | "+" | "." | "/" | "<" | "=" | ">" | "?" | "@" | "\\" | "^" | "|" | "~" | ":" | "-"

  qvar = (conid ".")* varid
  qcon = (conid ".")* conid ~"."
  varid = ~reserved (lower | "_") idchar*
  conid = upper idchar*
  idchar = alnum | "_" | "'"
  reserved = ("let" | "in" | "where" | "case" | "of" | "if" | "then" | "else" | "do" | "data" | "import" | "module" | "type" | "class" | "instance") ~idchar

  string = "\"" strchar* "\""
  strchar = "\\" any  -- escape
          | ~"\"" ~"\n" any  -- plain
  number = digit+

  space += lineComment | blockComment
  lineComment = "--" "-"* ~opchar (~"\n" any)*
  blockComment = "{-" (blockComment | ~"-}" any)* "-}"
}
`;

let compiled: ohm.Grammar | undefined;
/** Compiled once per process, on first use. */
export function hakeGrammar(): ohm.Grammar {
  compiled ??= ohm.grammar(HAKE_GRAMMAR_SOURCE);
  return compiled;
}
