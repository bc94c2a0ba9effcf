// The Mackerel grammar as the original parser (Parsec) accepts it — reference
// `../shared/reference/barrelfish-dsls.md` §2.1 — in Ohm, without semantic actions; `parse.ts`
// turns a match into the AST with a typed operation. The grammar runs over the *token string*
// of `lexer.ts` (one character per token), so every rule is lexical (no implicit spaces):
// `id` an identifier, `num` an integer literal, `str` a string literal, `kw_x` the keyword x.
// MUST STAY TRUE: a keyword that is not reserved is also an identifier (`name`); the order of
// alternatives follows the original where it matters (attribute before `also` before location).
import * as ohm from 'ohm-js';
import { inlineSmallRules } from './grammar-inline.ts';
import { FIELD_ATTRS, KEYWORDS, REG_ATTRS, RESERVED } from './keywords.ts';
import { keywordChar, TOKEN_CHAR } from './lexer.ts';

const lit = (ch: string) => `"\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}"`;
const keywordRules = KEYWORDS.map((k) => `  kw_${k} = ${lit(keywordChar(k))}`).join('\n');
/** One Ohm range over the token characters of consecutive keywords (checked, so reordering
 *  KEYWORDS cannot silently break the grammar). */
function range(words: readonly string[]): string {
  const codes = words.map((w) => keywordChar(w).charCodeAt(0));
  codes.forEach((c, k) => { if (c !== codes[0] + k) throw new Error(`keywords ${words.join(' ')} are not consecutive`); });
  return `${lit(keywordChar(words[0]))}..${lit(keywordChar(words[words.length - 1]))}`;
}

export const MACKEREL_GRAMMAR_TEXT = String.raw`
Mackerel {
  file = import* device end
  import = kw_import name ";"
  device = kw_device name bitOrder? "(" listOf<devArg, ","> ")" str "{" decl+ "}" ";"
  bitOrder = kw_lsbfirst | kw_msbfirst
  devArg = argSpace name
  argSpace = kw_addr | kw_io | kw_pci

  decl = register | constants | spaceDecl | regType | dataType | regArray

  spaceDecl = kw_space name "(" listOf<name, ","> ")" spaceKind str ";"
  spaceKind = kw_bytewise                      -- bytewise
            | kw_valuewise                     -- valuewise
            | kw_registerwise                  -- registerwise
            | kw_stepwise "(" int ")"          -- stepwise

  register = kw_register name regAttr? kw_also? loc str? format ";"
  regArray = kw_regarray name regAttr? kw_also? loc "[" arraySpec "]" str? format ";"
  loc = kw_noaddr                              -- none
      | argSpace "(" name "," int ")"          -- builtin
      | name "(" locIndex ")"                  -- user
  locIndex = name | int
  arraySpec = int ";" int                      -- step
            | nonemptyListOf<int, ",">         -- list
  format = "{" field+ "}"                      -- fields
         | typeLabel                           -- type
  typeLabel = kw_type "(" typeRef ")"
  typeRef = name ("." name)?

  regType = kw_regtype name str "{" field+ "}" ";"
  // a field's width is int = sign? num, spelled out: fields are most of every file (grammar-inline.ts)
  field = fieldName sign? num fieldAttr? typeLabel? str? ";"
  fieldName = name | "_"

  dataType = kw_datatype name dataOrder? str "{" dField+ "}" ";"
  dataOrder = bitOrder "(" int ")"
  dField = fieldName sign? num dataAttr? typeLabel? str? ";"

  constants = kw_constants name constWidth? str "{" constVal+ "}" ";"
  constWidth = kw_width "(" int ")"
  constVal = name "=" sum str? ";"
  sum = sum sumOp prod                         -- bin
      | prod
  prod = prod prodOp factor                    -- bin
       | factor
  factor = "(" sum ")"                         -- paren
         | int                                 -- int
         | name                                -- name
  sumOp = "+" | "-"
  prodOp = "*" | "/"

  // attributes are consecutive token characters (keywords.ts keeps them in this order)
  regAttr = ${range(REG_ATTRS)}
  fieldAttr = ${range(FIELD_ATTRS)}
  dataAttr = kw_rw | kw_mbz | kw_mb1 | kw_rsvd

  // an optionally signed integer literal (the sign is its own token, as in Parsec's lexeme)
  int = sign? num
  sign = "-" | "+"

  name = id | ${range(KEYWORDS.slice(RESERVED.length))}
  id = "${TOKEN_CHAR.ident}"
  num = "${TOKEN_CHAR.int}"
  str = "${TOKEN_CHAR.string}"
${keywordRules}
}
`;

let compiled: ohm.Grammar | undefined;

/** The compiled grammar, built once per process (small rules inlined: grammar-inline.ts). */
export function mackerelGrammar(): ohm.Grammar {
  compiled ??= ohm.grammar(inlineSmallRules(MACKEREL_GRAMMAR_TEXT, 'file'));
  return compiled;
}
