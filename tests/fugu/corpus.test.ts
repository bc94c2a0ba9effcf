// Barrelfish's own errno.fugu must compile with the original tool's numbering: 978 codes,
// values 0..977 (VERDICTS.md), successes before failures (barrelfish-dsls.md §4.2).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuguGenerate } from '../../compiler/fugu/index.ts';
import { CORPUS, compileText, loadTs } from './helpers.ts';

const r = fuguGenerate(CORPUS, { ts: true, fin: true });
const m = r.model!;
const value = (name: string) => m.domains.flatMap((d) => d.codes).find((c) => c.name === name)?.value;

/** An independent oracle: the numbering rule applied by a line scan (every entry of the corpus
 *  sits on its own line; keywords in any case, as `FAILURE` in the mmchs class). */
function scanNumbering(text: string): Map<string, number> {
  const lines = text.replace(/\/\*[\s\S]*?\*\//g, '').split('\n').map((l) => l.replace(/\/\/.*/, ''));
  const entries: { name: string; kind: string; dflt: boolean }[] = [];
  let prefix = '';
  for (const l of lines) {
    const cls = /^\s*errors\s+\S+\s+(\S+)\s*\{/.exec(l);
    if (cls) prefix = cls[1]!;
    const e = /^\s*(default\s+)?(success|failure)\s+(\S+)/i.exec(l);
    if (e) entries.push({ name: prefix + e[3], kind: e[2]!.toLowerCase(), dflt: !!e[1] });
  }
  const s = 1 + entries.filter((e) => e.kind === 'success' && !e.dflt).length;
  let nextS = 1, nextF = s;
  return new Map(entries.map((e) => [e.name, e.dflt ? 0 : e.kind === 'success' ? nextS++ : nextF++]));
}

describe('the Barrelfish corpus errno.fugu', () => {
  it('compiles without diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.ts).toBeDefined();
    expect(r.fin).toBeDefined();
  });

  it('has 62 classes and 978 codes, values 0..977, 10-bit codes', () => {
    expect(m.domains.length).toBe(62);
    expect(m.domains.flatMap((d) => d.codes).length).toBe(978);
    expect(m.count).toBe(978);
    expect(m.byValue.every((c, i) => c?.value === i)).toBe(true);
    expect(m.bits).toBe(10);
    expect(m.successLimit).toBe(5);
    expect(m.depth).toBe(3);
  });

  it('numbers the default success 0, the other successes 1..4, failures from 5', () => {
    expect(value('SYS_ERR_OK')).toBe(0);
    expect(value('SYS_ERR_NOT_IMPLEMENTED')).toBe(5);
    expect(value('VAS_ERR_OUT_OF_HANDLES')).toBe(977);
    expect([value('SYS_ERR_RAM_CAP_CREATED'), value('TRACE_ERR_SUBSYS_DISABLED'), value('SKB_ERR_IO_OUTPUT'), value('VFS_ERR_EOF')]).toEqual([1, 2, 3, 4]);
  });

  it('gives every code the number a line scan of the file gives it under the same rule', () => {
    const want = scanNumbering(readFileSync(CORPUS, 'utf8'));
    expect(want.size).toBe(978);
    const got = new Map(m.domains.flatMap((d) => d.codes).map((c) => [c.name, c.value]));
    expect(got).toEqual(want);
  });

  it('puts the first and last failure of several domains where the rule says', () => {
    const firstLast = (prefix: string) => {
      const codes = m.domains.filter((d) => d.prefix === prefix).flatMap((d) => d.codes).filter((c) => c.kind === 'failure');
      return [codes[0]!.value, codes.at(-1)!.value];
    };
    // each class's failures follow the previous class's last failure
    for (let i = 1; i < m.domains.length; i++) {
      const before = m.domains.slice(0, i).flatMap((d) => d.codes).filter((c) => c.kind === 'failure').at(-1)!.value;
      const first = m.domains[i]!.codes.find((c) => c.kind === 'failure');
      if (first) expect(first.value).toBe(before + 1);
    }
    expect(firstLast('SYS_ERR_')[0]).toBe(5);
    expect(firstLast('VAS_ERR_')[1]).toBe(977);
    const kernel = m.domains[0]!.codes.filter((c) => c.kind === 'failure').length;
    expect(firstLast(m.domains[1]!.prefix)[0]).toBe(5 + kernel);
  });

  it('keeps duplicate domain names apart (filter is four classes)', () => {
    expect(m.domains.filter((d) => d.name === 'filter').length).toBe(4);
  });

  it('generates TypeScript whose constants and tables agree with the model', async () => {
    const ts = await loadTs(r.ts!);
    expect([ts.ERR_BITS, ts.ERR_DEPTH, ts.ERR_SUCCESS_LIMIT, ts.ERR_COUNT]).toEqual([10, 3, 5, 978]);
    for (const c of m.domains.flatMap((d) => d.codes)) {
      expect(ts[c.name]).toBe(c.value);
      expect([ts.errName(c.value), ts.errDomain(c.value), ts.errMessage(c.value)]).toEqual([c.name, c.domain, c.message]);
    }
    const e = ts.errPush(ts.errPush(0, value('LIB_ERR_MALLOC_FAIL')!), value('SYS_ERR_NOT_IMPLEMENTED')!);
    expect(ts.errStack(e)!.map((c) => ts.errName(c))).toEqual(['SYS_ERR_NOT_IMPLEMENTED', 'LIB_ERR_MALLOC_FAIL']);
  });
});

describe('the reference example (barrelfish-dsls.md §4.2)', () => {
  it('numbers thermo as the real fugu does: 0, 1, 2 in 2-bit codes, ok iff code < 1', async () => {
    const t = compileText('errors thermo THERMO_ERR_ {\n    default success OK "Thermometer operation succeeded",\n' +
      '    failure NO_SENSOR "Requested sensor does not exist",\n    failure STALE_READING "Reading is older than the requested period",\n};\n', { ts: true });
    expect(t.diagnostics).toEqual([]);
    const ts = await loadTs(t.ts!);
    expect([ts['THERMO_ERR_OK'], ts['THERMO_ERR_NO_SENSOR'], ts['THERMO_ERR_STALE_READING']]).toEqual([0, 1, 2]);
    expect([ts.ERR_BITS, ts.ERR_SUCCESS_LIMIT, ts.ERR_DEPTH]).toEqual([2, 1, 16]);
    expect([0, 1, 2].map((c) => ts.errIsOk(c))).toEqual([true, false, false]);
  });

  it('counts slot 0 without a default and numbers a success placed after failures before them', () => {
    const t = compileText('errors a A_ { failure F \"f\", success S \"s\", failure G \"g\", };');
    const got = t.model!.domains[0]!.codes.map((c) => [c.name, c.value]);
    expect(got).toEqual([['A_F', 2], ['A_S', 1], ['A_G', 3]]);
    expect(t.model!.count).toBe(4);
    expect(t.model!.bits).toBe(3);
    expect(t.model!.byValue[0]).toBeUndefined();
  });

  it('derives the width as floor(log2 N) + 1 at the power-of-two edges', () => {
    const width = (failures: number) => compileText(`errors a A_ { default success OK "", ${Array.from({ length: failures }, (_, i) => `failure F${i} "",`).join(' ')} };`).model!.bits;
    // N = failures + 1
    expect([width(1), width(2), width(3), width(6), width(7), width(254), width(255)]).toEqual([2, 2, 3, 3, 4, 8, 9]);
  });
});
