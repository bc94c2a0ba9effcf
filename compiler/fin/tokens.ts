// Fin's token types (chevrotain). ORDER matters: chevrotain tries patterns in the order of
// `ALL_TOKENS`, so longer punctuation precedes its prefixes and keywords precede Identifier
// (each keyword has `longer_alt: Identifier`, so `iffy` is an identifier, not `if` + `fy`).
// Literal tokens match generously (`0b102`, `'ab'`); lexer.ts validates and decodes them, so a
// malformed literal gives one precise diagnostic instead of a cascade of parse errors.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });
/** Tokens in the `bad` group are reported by lexer.ts and never reach the parser. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'bad', line_breaks: true });

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/ });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*/, group: 'bad' });
export const CharLit = createToken({ name: 'CharLit', pattern: /'(?:[^'\\\n\r]|\\[^\n\r])*'/ });
export const UnterminatedChar = createToken({ name: 'UnterminatedChar', pattern: /'(?:[^'\\\n\r]|\\[^\n\r])*/, group: 'bad' });
export const IntLit = createToken({ name: 'IntLit', pattern: /[0-9][0-9A-Za-z_]*/ });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const AtIdent = createToken({ name: 'AtIdent', pattern: /@[A-Za-z_][A-Za-z0-9_]*/ });
// The layout intrinsics take a type argument, so the grammar needs to tell them apart.
export const AtSizeof = createToken({ name: 'AtSizeof', pattern: /@sizeof/, longer_alt: AtIdent });
export const AtAlignof = createToken({ name: 'AtAlignof', pattern: /@alignof/, longer_alt: AtIdent });
export const AtOffsetof = createToken({ name: 'AtOffsetof', pattern: /@offsetof/, longer_alt: AtIdent });

function keyword(word: string): TokenType {
  const name = 'Kw' + word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier });
}

/** The reserved words of the spec, in spec order. */
export const KEYWORDS = [
  'module', 'import', 'as', 'pub', 'fn', 'var', 'const', 'struct', 'enum', 'type', 'extern', 'if',
  'else', 'while', 'for', 'in', 'loop', 'break', 'continue', 'return', 'switch', 'case', 'default',
  'true', 'false', 'null', 'sizeof',
] as const;
export const Kw = Object.fromEntries(KEYWORDS.map((w) => [w, keyword(w)])) as Record<(typeof KEYWORDS)[number], TokenType>;

// Categories: the grammar consumes "any binary operator", "any unary operator", "any assignment
// operator"; cst-to-ast.ts maps the concrete token to an operator.
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA });
export const UnaryOp = createToken({ name: 'UnaryOp', pattern: Lexer.NA });
export const AssignOp = createToken({ name: 'AssignOp', pattern: Lexer.NA });

function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&'));
  return createToken({ name, pattern, categories });
}

export const DotDot = punct('DotDot', '..');
export const Dot = punct('Dot', '.');
export const FatArrow = punct('FatArrow', '=>');
export const EqEq = punct('EqEq', '==', [BinaryOp]);
export const Assign = punct('Assign', '=', [AssignOp]);
export const Arrow = punct('Arrow', '->');
export const MinusAssign = punct('MinusAssign', '-=', [AssignOp]);
export const Minus = punct('Minus', '-', [BinaryOp, UnaryOp]);
export const ShlAssign = punct('ShlAssign', '<<=', [AssignOp]);
export const Shl = punct('Shl', '<<', [BinaryOp]);
export const LtEq = punct('LtEq', '<=', [BinaryOp]);
export const Lt = punct('Lt', '<', [BinaryOp]);
export const ShrAssign = punct('ShrAssign', '>>=', [AssignOp]);
export const Shr = punct('Shr', '>>', [BinaryOp]);
export const GtEq = punct('GtEq', '>=', [BinaryOp]);
export const Gt = punct('Gt', '>', [BinaryOp]);
export const AndAnd = punct('AndAnd', '&&', [BinaryOp]);
export const AmpAssign = punct('AmpAssign', '&=', [AssignOp]);
export const Amp = punct('Amp', '&', [BinaryOp, UnaryOp]);
export const OrOr = punct('OrOr', '||', [BinaryOp]);
export const PipeAssign = punct('PipeAssign', '|=', [AssignOp]);
export const Pipe = punct('Pipe', '|', [BinaryOp]);
export const PlusAssign = punct('PlusAssign', '+=', [AssignOp]);
export const Plus = punct('Plus', '+', [BinaryOp]);
export const StarAssign = punct('StarAssign', '*=', [AssignOp]);
export const Star = punct('Star', '*', [BinaryOp, UnaryOp]);
export const SlashAssign = punct('SlashAssign', '/=', [AssignOp]);
export const Slash = punct('Slash', '/', [BinaryOp]);
export const PercentAssign = punct('PercentAssign', '%=', [AssignOp]);
export const Percent = punct('Percent', '%', [BinaryOp]);
export const CaretAssign = punct('CaretAssign', '^=', [AssignOp]);
export const Caret = punct('Caret', '^', [BinaryOp]);
export const NotEq = punct('NotEq', '!=', [BinaryOp]);
export const Bang = punct('Bang', '!', [UnaryOp]);
export const Tilde = punct('Tilde', '~', [UnaryOp]);
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const Comma = punct('Comma', ',');
export const Semi = punct('Semi', ';');
export const Colon = punct('Colon', ':');

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  StringLit, UnterminatedString, CharLit, UnterminatedChar, IntLit,
  AtSizeof, AtAlignof, AtOffsetof, AtIdent,
  ...Object.values(Kw), Identifier,
  DotDot, Dot, FatArrow, EqEq, Assign, Arrow, MinusAssign, Minus, ShlAssign, Shl, LtEq, Lt,
  ShrAssign, Shr, GtEq, Gt, AndAnd, AmpAssign, Amp, OrOr, PipeAssign, Pipe, PlusAssign, Plus,
  StarAssign, Star, SlashAssign, Slash, PercentAssign, Percent, CaretAssign, Caret, NotEq, Bang,
  Tilde, LParen, RParen, LBrace, RBrace, LBracket, RBracket, Comma, Semi, Colon,
  BinaryOp, UnaryOp, AssignOp,
];
