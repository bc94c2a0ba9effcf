// Fugu text -> syntax tree. The grammar is fugu.ohm; this file gives its nodes meaning with an
// ohm semantics (a typed operation per result kind) and turns a failed match into one located
// diagnostic. Never throws on bad input: every failure is a Diagnostic.
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';
import type { ClassDecl, EntryDecl } from './ast.ts';
import { diagnostic, type Diagnostic, type Loc } from './diagnostics.ts';

// Built on first use: every `shoal` command loads this module, few of them parse Fugu.
let grammar: ohm.Grammar | undefined;
const fuguGrammar = () => (grammar ??= ohm.grammar(readFileSync(new URL('./fugu.ohm', import.meta.url), 'utf8')));

/** Maps string offsets to 1-based line and column. */
class Lines {
  private readonly starts = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(index: number): Loc {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: index - this.starts[lo]! + 1 };
  }
}

const ASCII_NAMES = ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'];
const CHAR_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function asciiCode(name: string): number {
  if (name === 'SP') return 32;
  if (name === 'DEL') return 127;
  return ASCII_NAMES.indexOf(name);
}

export interface ParseResult {
  classes: ClassDecl[];
  diagnostics: Diagnostic[];
}

/** Parse Fugu source text; `path` only labels diagnostics. */
export function parseFugu(text: string, path: string): ParseResult {
  const lines = new Lines(text);
  const diagnostics: Diagnostic[] = [];
  const loc = (n: ohm.Node): Loc => lines.at(n.source.startIdx);
  const fromCode = (n: ohm.Node, code: number): string => {
    if (code > 0x10ffff) {
      diagnostics.push(diagnostic('bad-escape', path, lines.at(n.source.startIdx - 1), `escape '\\${n.sourceString}' names no character (beyond U+10FFFF)`));
      return '';
    }
    return String.fromCodePoint(code);
  };

  const semantics = fuguGrammar().createSemantics();
  semantics.addOperation<ClassDecl[]>('classes', {
    File(classes, _end) { return classes.children.map((c) => c['klass']() as ClassDecl); },
  });
  semantics.addOperation<ClassDecl>('klass', {
    Class(_kw, domain, prefix, _open, entries, _close, _semi) {
      return {
        domain: domain.sourceString,
        prefix: prefix.sourceString,
        at: loc(this),
        entries: entries.children.map((e) => e['entry']() as EntryDecl),
      };
    },
  });
  semantics.addOperation<EntryDecl>('entry', {
    Entry_success(dflt, _kw, name, message, _comma) {
      return { kind: 'success', isDefault: dflt.children.length > 0, acronym: name.sourceString, message: message['text'](), at: loc(this), messageAt: loc(message) };
    },
    Entry_failure(_kw, name, message, _comma) {
      return { kind: 'failure', isDefault: false, acronym: name.sourceString, message: message['text'](), at: loc(this), messageAt: loc(message) };
    },
  });
  semantics.addOperation<string>('text', {
    string(_open, items, _close) {
      // most messages have no escape: their text is their source
      const raw = this.sourceString.slice(1, -1);
      return raw.includes('\\') ? items.children.map((i) => i['text']() as string).join('') : raw;
    },
    strItem_plain(c) { return c.sourceString; },
    escape(_slash, body) { return body['text'](); },
    escBody_empty(_amp) { return ''; },
    escBody_gap(_white, _slash) { return ''; },
    escBody_oct(_o, digits) { return fromCode(this, parseInt(digits.sourceString, 8)); },
    escBody_hex(_x, digits) { return fromCode(this, parseInt(digits.sourceString, 16)); },
    escBody_dec(digits) { return fromCode(this, parseInt(digits.sourceString, 10)); },
    escBody_ctrl(_caret, c) { return String.fromCharCode(c.sourceString.charCodeAt(0) - 64); },
    escBody_ascii(name) { return String.fromCharCode(asciiCode(name.sourceString)); },
    escBody_char(c) { return CHAR_ESCAPES[c.sourceString]!; },
  });

  let match: ohm.MatchResult;
  try {
    match = fuguGrammar().match(text);
  } catch (e) {
    // ohm recurses once per nested comment; thousands of `/*` exhaust the stack
    if (e instanceof RangeError) return { classes: [], diagnostics: [diagnostic('nesting-too-deep', path, { line: 1, col: 1 }, 'comments nest too deeply to parse')] };
    throw e;
  }
  if (match.failed()) {
    const at = match.getRightmostFailurePosition();
    if (text.startsWith('/*', at)) return { classes: [], diagnostics: [diagnostic('syntax-error', path, lines.at(at), 'unterminated comment: every `/*`, nested ones included, needs its `*/`')] };
    const found = at >= text.length ? 'end of file' : `'${[...text.slice(at)][0]}'`;
    return { classes: [], diagnostics: [diagnostic('syntax-error', path, lines.at(at), `expected ${match.getExpectedText()}, found ${found}`)] };
  }
  const classes = semantics(match)['classes']() as ClassDecl[];
  return { classes, diagnostics };
}
