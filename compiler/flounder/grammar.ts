// The Flounder grammar as the original Parsec parser accepts it (reference §0 and §1.1), with two
// deliberate differences, both checked later with better messages rather than parse errors:
// declarations may interleave with messages (the checker reports a type declared after the
// first message), and an interface may have no messages (the checker reports that too).
// Quirk Q1 is fixed on purpose: a type name starting with `S` (`SERVER_TYPE t`) is a simple
// argument here; the original stops at the `S` (docs/flounder.md). `String` itself is matched
// case-sensitively as a whole word, as Parsec's `symbol "String"` effectively is.
// Comments (`//` and nesting `/* */`) are blanked out before matching (parse.ts, blankComments).
// No semantic actions here: `parse.ts` turns the match into the syntax tree.
import * as ohm from 'ohm-js';

/** A keyword matched in any letter case, as a sequence of two-way character choices (cheaper to
 *  match than ohm's parameterised `caseInsensitive<…>`, which the matcher re-instantiates). */
const ci = (word: string): string => word.split('').map((c) => `("${c.toLowerCase()}" | "${c.toUpperCase()}")`).join(' ');

export const FLOUNDER_GRAMMAR = String.raw`
Flounder {
  InterfaceFile = kwInterface ident stringLit? "{" Decl* "}" ";" end
  IncludeFile = TypeDecl* end

  Decl = TypeDecl | MsgDecl

  TypeDecl = kwAlias ident ident ";"      -- alias
           | kwTypedef TypedefBody ";"    -- typedef

  TypedefBody = kwStruct "{" Field+ "}" ident                  -- struct
              | kwEnum "{" NonemptyListOf<ident, ","> "}" ident -- enum
              | ident ident "[" Integer "]"                    -- array
              | ident ident                                    -- alias

  Field = ident ident ";"

  MsgDecl = Meta* (Message | Rpc)
  Meta = metaName "(" ListOf<MetaArg, ","> ")"
  metaName = "@" ident
  MetaArg = ident "=" (natural | ident)

  Message = kwMessage ident "(" ListOf<Arg, ","> ")" ";"
  Rpc = kwRpc ident "(" ListOf<RpcArg, ","> ")" ";"
  RpcArg = (kwIn | kwOut) Arg

  Arg = ident ident "[" ident "," natural "]" -- dynamic
      | kwString ident "[" natural "]"        -- string
      | ident ident                           -- simple

  Integer = sign? natural
  sign = "-" | "+"
  natural = "0" ("x" | "X") hexDigit+  -- hex
          | "0" ("o" | "O") octDigit+  -- oct
          | digit+                              -- dec
  octDigit = "0".."7"

  ident (a name) = ~reserved identStart identRest*
  identStart = letter
  identRest = alnum | "_" | "'"

  // Reserved in any letter case (a name cannot be one); the lookahead on the first letter only
  // saves the matcher work on every other identifier.
  reserved = &("i" | "I" | "m" | "M" | "r" | "R" | "o" | "O") (kwInterface | kwMessage | kwRpc | kwIn | kwOut)

  kwInterface ("interface") = ${ci('interface')} ~identRest
  kwMessage ("message") = ${ci('message')} ~identRest
  kwRpc ("rpc") = ${ci('rpc')} ~identRest
  kwIn ("in") = ${ci('in')} ~identRest
  kwOut ("out") = ${ci('out')} ~identRest
  kwAlias ("alias") = ${ci('alias')} ~identRest
  kwTypedef ("typedef") = ${ci('typedef')} ~identRest
  kwStruct ("struct") = ${ci('struct')} ~identRest
  kwEnum ("enum") = ${ci('enum')} ~identRest
  kwString ("String") = "String" ~identRest

  stringLit = "\"" strChar* "\""
  strChar = "\\" escape   -- escaped
          | ~("\"" | "\\" | "\n") any -- plain
  escape = "x" hexDigit+  -- hex
         | "o" octDigit+  -- oct
         | digit+         -- dec
         | gapSpace+ "\\" -- gap
         | any            -- char
  gapSpace = " " | "\t" | "\n" | "\r"
}
`;

export const flounderGrammar: ohm.Grammar = ohm.grammar(FLOUNDER_GRAMMAR);
