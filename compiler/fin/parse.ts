// Source text → AST for one file: lex, parse (with chevrotain's error recovery, so several syntax
// errors are reported at once), then build the AST — but only from a CST without syntax errors,
// so the AST never contains half-recovered nodes.
import type { IRecognitionException, IToken } from 'chevrotain';
import { tokenize, startOf } from './lexer.ts';
import { parser } from './parser.ts';
import { buildAst } from './cst-to-ast.ts';
import type { SourceFile } from './ast.ts';
import type { DiagSink } from './diagnostics.ts';
import type { FileCstNode } from './cst.generated.ts';

/** The AST, or null when the file has syntax errors (which are reported to `diags`). */
export function parseSource(source: string, path: string, diags: DiagSink): SourceFile | null {
  try {
    const tokens = tokenize(source, path, diags);
    parser.input = tokens;
    const cst = parser.file() as FileCstNode;
    if (parser.errors.length > 0) {
      for (const e of parser.errors) reportSyntaxError(e, path, diags);
      return null;
    }
    return buildAst(cst, path, diags);
  } catch (e) {
    // chevrotain and the AST builder recurse once per nesting level of the source
    if (e instanceof RangeError) {
      diags.report('nesting-too-deep', path, { line: 1, col: 1 }, 'the file nests too deeply to be parsed');
      return null;
    }
    throw e;
  }
}

function reportSyntaxError(e: IRecognitionException, path: string, diags: DiagSink): void {
  const tok = e.token;
  // At end of input chevrotain reports the EOF token, which has no position: use the previous one.
  const prev = (e as { previousToken?: IToken }).previousToken;
  const at = Number.isFinite(tok.startLine) ? startOf(tok) : prev && Number.isFinite(prev.startLine) ? startOf(prev) : { line: 1, col: 1 };
  const found = tok.tokenType?.name === 'EOF' ? 'end of file' : `'${tok.image}'`;
  diags.report('unexpected-token', path, at, `unexpected ${found}: ${describe(e)}`);
}

/** chevrotain's messages, shortened: "Expecting token of type --> Semi <-- but found --> '}' <--". */
function describe(e: IRecognitionException): string {
  const m = /Expecting(?: token of type)? --> (\S+) <--/.exec(e.message);
  if (m) return `expected ${tokenText(m[1]!)}`;
  if (e.name === 'NoViableAltException') return `expected ${ruleWord(e.context.ruleStack)}`;
  if (e.name === 'NotAllInputParsedException') return 'expected a declaration';
  return 'syntax error';
}

const RULE_WORDS: Record<string, string> = {
  topItem: 'a declaration', decl: 'a declaration', statement: 'a statement', type: 'a type',
  primary: 'an expression', unary: 'an expression', expression: 'an expression', postfixOp: 'an expression',
  switchArm: "'case' or 'default'", layoutIntrinsic: 'a type', fnDecl: "'{' or ';'", ifStmt: "'if' or '{'",
};

function ruleWord(stack: string[]): string {
  const rule = stack[stack.length - 1] ?? '';
  return RULE_WORDS[rule] ?? 'something else';
}

const TOKEN_TEXT: Record<string, string> = {
  Semi: "';'", Comma: "','", Colon: "':'", LParen: "'('", RParen: "')'", LBrace: "'{'", RBrace: "'}'",
  LBracket: "'['", RBracket: "']'", Identifier: 'a name', Assign: "'='", FatArrow: "'=>'", DotDot: "'..'",
  Arrow: "'->'", Dot: "'.'", KwIn: "'in'", KwFn: "'fn'",
};

function tokenText(name: string): string {
  return TOKEN_TEXT[name] ?? (name.startsWith('Kw') ? `'${name.slice(2).toLowerCase()}'` : name);
}
