// grammar-inline.ts rewrites the grammar for speed only: the rewritten grammar must accept the
// same token strings as the grammar as written and fail at the same token with the same expected
// text (syntax errors are built from those), on the corpus and on mutations of it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ohm from 'ohm-js';
import { describe, expect, it } from 'vitest';
import { MACKEREL_GRAMMAR_TEXT, mackerelGrammar } from '../../compiler/mackerel/grammar.ts';
import { inlineSmallRules } from '../../compiler/mackerel/grammar-inline.ts';
import { lex } from '../../compiler/mackerel/lexer.ts';
import { CORPUS } from './corpus.ts';

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.dev') ? [p] : []; });
}

describe('inlined grammar', () => {
  it('inlines the rules that are a choice of single items and keeps the rest', () => {
    const text = inlineSmallRules(MACKEREL_GRAMMAR_TEXT, 'file').replace(/--\s*\w+|\/\/.*$/gm, ''); // case labels and comments are not uses
    for (const gone of ['name', 'str', 'num', 'kw_register', 'fieldAttr', 'decl']) expect(text).not.toMatch(new RegExp(`^  ${gone} =|[ (]${gone}\\b`, 'm'));
    for (const kept of ['file', 'field', 'int', 'loc', 'sum']) expect(text).toMatch(new RegExp(`^  ${kept} =`, 'm'));
  });

  it('matches exactly as the grammar as written: corpus files and 600 mutations of them', () => {
    const written = ohm.grammar(MACKEREL_GRAMMAR_TEXT);
    const fast = mackerelGrammar();
    const verdict = (g: ohm.Grammar, s: string) => { const m = g.match(s); return m.failed() ? `${m.getRightmostFailurePosition()} ${m.getExpectedText()}` : 'ok'; };
    const files = walk(`${CORPUS}devices`).slice(0, 60);
    const inputs = files.map((f) => lex(readFileSync(f, 'utf8')).chars);
    const alphabet = [...new Set(inputs.join(''))];
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const mutants = Array.from({ length: 600 }, () => {
      const c = inputs[rnd(inputs.length)];
      const at = rnd(c.length);
      const m = rnd(3); // delete, insert or replace one token
      return c.slice(0, at) + (m === 0 ? '' : alphabet[rnd(alphabet.length)]) + c.slice(m === 1 ? at : at + 1);
    });
    let failed = 0;
    for (const s of [...inputs, ...mutants]) {
      const v = verdict(fast, s);
      if (v !== 'ok') failed++;
      expect(v).toBe(verdict(written, s));
    }
    expect(failed).toBeGreaterThan(300); // the mutations do exercise the error paths
  });
});
