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
  natural = "0" caseInsensitive<"x"> hexDigit+  -- hex
          | "0" caseInsensitive<"o"> octDigit+  -- oct
          | digit+                              -- dec
  octDigit = "0".."7"

  ident = ~reserved identStart identRest*
  identStart = letter
  identRest = alnum | "_" | "'"

  reserved = (caseInsensitive<"interface"> | caseInsensitive<"message"> | caseInsensitive<"rpc">
           | caseInsensitive<"in"> | caseInsensitive<"out">) ~identRest

  kwInterface = caseInsensitive<"interface"> ~identRest
  kwMessage = caseInsensitive<"message"> ~identRest
  kwRpc = caseInsensitive<"rpc"> ~identRest
  kwIn = caseInsensitive<"in"> ~identRest
  kwOut = caseInsensitive<"out"> ~identRest
  kwAlias = caseInsensitive<"alias"> ~identRest
  kwTypedef = caseInsensitive<"typedef"> ~identRest
  kwStruct = caseInsensitive<"struct"> ~identRest
  kwEnum = caseInsensitive<"enum"> ~identRest
  kwString = "String" ~identRest

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
