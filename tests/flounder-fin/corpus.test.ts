// Every interface of the Barrelfish corpus gets the original tool's verdict from the Fin backend's
// point of view: each accepted one yields Fin stubs that compile, on both personalities (all of
// them imported by one program per personality, which is much faster than a compile each), and
// each rejected one yields a located error and no stubs. Include files are F1's to check.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { flounderGenerate } from '../../compiler/flounder/index.ts';
import { tempDir } from './gen.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/barrelfish/', import.meta.url));
const verdicts = [...readFileSync(join(CORPUS, 'VERDICTS.md'), 'utf8').matchAll(/^\| `(if\/[^`]+\.if)` \| (OK|INCLUDE|FAIL: .*) \|$/gm)]
  .map((m) => ({ file: m[1]!, verdict: m[2]! }));
const accepted = verdicts.filter((v) => v.verdict === 'OK');
const rejected = verdicts.filter((v) => v.verdict.startsWith('FAIL'));

describe('Fin stubs for the Barrelfish corpus', () => {
  it('the verdict table lists the corpus', () => {
    expect(accepted.length).toBeGreaterThan(60);
    expect(rejected.length).toBeGreaterThan(0);
  });

  const dir = tempDir('shoal-flounder-fin-');
  mkdirSync(join(dir, 'flounder'));
  const generated: string[] = [];
  it('every accepted interface generates Fin stubs', () => {
    const failures: string[] = [];
    for (const { file } of accepted) {
      const r = flounderGenerate(join(CORPUS, file), { fin: true, arch: 'x86' });
      if (r.diagnostics.length || !r.fin) { failures.push(`${file}: ${r.diagnostics.join('; ')}`); continue; }
      const name = basename(file, '.if');
      writeFileSync(join(dir, 'flounder', `${name}.fin`), r.fin);
      generated.push(name);
    }
    expect(failures).toEqual([]);
    expect(generated.length).toBe(accepted.length);
  });

  for (const arch of ['x86', 'arm'] as const) {
    it(`the generated stubs of all ${accepted.length} interfaces compile for ${arch}`, () => {
      const main = join(dir, `all_${arch}.fin`);
      writeFileSync(main, [
        ...generated.map((n, i) => `import flounder.${n} as m${i};`),
        'pub fn main() -> i32 {',
        // touch each module's binding type, so every stub's layout is computed too
        ...generated.map((_, i) => `    var b${i}: *m${i}.binding = null;\n    if b${i} != null { m${i}.poll(b${i}); }`),
        '    return 0;',
        '}',
      ].join('\n'));
      const r = compileFin({ files: [main], arch });
      expect(r.messages.filter((m) => / error: /.test(m))).toEqual([]);
      expect(r.object).toBeDefined();
      // every generated send function made it into the object
      const syms = new Set(r.object!.symbols.map((s) => s.name));
      expect(syms.has('flounder.ping_pong.str3_call__tx')).toBe(true);
      expect(syms.has('flounder.octopus.get__rpc')).toBe(true);
    });
  }

  for (const { file, verdict } of rejected) {
    it(`${file} is rejected with a located error (${verdict})`, () => {
      const r = flounderGenerate(join(CORPUS, file), { fin: true });
      expect(r.fin).toBeUndefined();
      expect(r.diagnostics[0]).toMatch(/^[^:]+\.if:\d+:\d+: error: /);
    });
  }
});
