// The diagnostics table: stable unique codes, documented, formatted as path:line:col.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTICS, formatDiagnostic } from '../../compiler/fin/index.ts';
import { DOC_FILE, diagnosticsDoc } from '../../compiler/fin/gen-diagnostics-doc.ts';
import { CST_FILE, generateCstTypes } from '../../compiler/fin/gen-cst.ts';
import { compile } from './helpers.ts';

describe('diagnostics table', () => {
  it('has unique, well-formed codes', () => {
    const codes = Object.values(DIAGNOSTICS).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, d] of Object.entries(DIAGNOSTICS)) {
      expect(d.code).toMatch(d.severity === 'error' ? /^E\d{4}$/ : /^W\d{4}$/);
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('docs/fin-diagnostics.md is up to date (npx tsx compiler/fin/gen-diagnostics-doc.ts)', () => {
    expect(readFileSync(DOC_FILE, 'utf8')).toBe(diagnosticsDoc());
  });

  it('cst.generated.ts is up to date (npx tsx compiler/fin/gen-cst.ts)', () => {
    expect(readFileSync(CST_FILE, 'utf8')).toBe(generateCstTypes());
  });

  it('formats as path:line:col: severity: message', () => {
    const r = compile('fn f() {\n  var x: u8 = 300;\n  var y: u32 = 1;\n}');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      '/src/main.fin:2:7: warning: variable \'x\' is never used',
      '/src/main.fin:2:15: error: 300 does not fit in u8',
      '/src/main.fin:3:7: warning: variable \'y\' is never used',
    ]);
    expect(r.diagnostics[1]).toEqual({ code: 'E0301', name: 'literal-out-of-range', severity: 'error', path: '/src/main.fin', line: 2, col: 15, message: '300 does not fit in u8' });
  });

  it('keeps checking other functions after an error', () => {
    const r = compile('fn a() -> u32 {\n return true; }\nfn b() {\n var x: u8 = 256; x += 1; }\nfn c() {\n undefined_fn(); }');
    expect(r.codes).toEqual(['E0300@2', 'E0301@4', 'E0200@6']);
  });

  it('reports one error, not a cascade, for a bad expression', () => {
    const r = compile('fn f() -> u32 {\n var x = nope + 1;\n var y = x * 2 + x;\n return y; }');
    expect(r.codes).toEqual(['E0200@2']);
  });
});
