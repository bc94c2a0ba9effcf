// Every .dev of the corpus gets the original tool's verdict: accepted files are accepted,
// rejected ones fail with a located error of the same kind on the same line.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { CORPUS, devVerdicts } from './corpus.ts';

const verdicts = devVerdicts();

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.dev') ? [p] : []; });
}

describe('mackerel corpus verdicts', () => {
  it('VERDICTS.md covers every .dev file in the corpus, sub-folders included', () => {
    const onDisk = walk(CORPUS + 'devices').map((p) => p.slice(CORPUS.length)).sort();
    expect(verdicts.map((v) => v.file).sort()).toEqual(onDisk);
    expect(verdicts.filter((v) => !v.ok).length).toBe(12);
  });

  it.each(verdicts.filter((v) => v.ok).map((v) => [v.file]))('accepts %s', (file) => {
    expect(mackerelGenerate(CORPUS + file, {}).diagnostics).toEqual([]);
  });

  it.each(verdicts.filter((v) => !v.ok).map((v) => [v.file, v.kind!, v.line!] as const))('rejects %s (%s, line %i)', (file, kind, line) => {
    const r = mackerelGenerate(CORPUS + file, { ts: true, fin: true });
    expect(r.ts).toBeUndefined();
    expect(r.fin).toBeUndefined();
    expect(r.errors[0].name).toBe(kind);
    expect(r.errors[0].pos.line).toBe(line);
    expect(r.diagnostics[0]).toMatch(new RegExp(`^${(CORPUS + file).replace(/[.]/g, '\\.')}:${line}:\\d+: error: `));
  });

  it('reports the overlap where the original does: at the earlier register, naming the later one', () => {
    const r = mackerelGenerate(CORPUS + 'devices/omap/omap44xx_uart1.dev', {});
    expect(r.diagnostics[0]).toContain('omap44xx_uart1.dev:31:14: error: register \'uart_dll\' overlaps with register \'uart_rhr\'');
  });

  it('resolves `import` from the file\'s folder and reports the imported file as a dependency', () => {
    const r = mackerelGenerate(CORPUS + 'devices/x2apic.dev', { ts: true });
    expect(r.diagnostics).toEqual([]);
    expect(r.deps).toEqual([CORPUS + 'devices/xapic.dev']);
  });
});
