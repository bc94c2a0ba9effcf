// Every accepted corpus device generates TypeScript that type-checks under `strict` and Fin
// that compiles for both personalities (port accesses guarded: on arm they trap).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFin } from '../../compiler/fin/driver/compile.ts';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { CORPUS, devVerdicts } from './corpus.ts';

// inside the repo (so relative runtime imports resolve) and gitignored (`/tmp/`)
const OUT = 'tmp/mackerel-corpus/';
const accepted = devVerdicts().filter((v) => v.ok).map((v) => v.file);
const generated = new Map<string, { ts: string; fin: string }>();

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(`${OUT}ts`, { recursive: true });
  mkdirSync(`${OUT}fin/dev`, { recursive: true });
  for (const file of accepted) {
    const r = mackerelGenerate(CORPUS + file, { ts: true, fin: true, tsRuntimeImport: '../../../compiler/mackerel/runtime/' });
    if (r.ts === undefined || r.fin === undefined) throw new Error(`${file}: ${r.diagnostics.join('\n')}`);
    generated.set(file, { ts: r.ts, fin: r.fin });
  }
});

const stem = (file: string) => basename(file, '.dev');

describe('generated TypeScript', () => {
  it('type-checks under strict for every accepted corpus device', () => {
    for (const [file, g] of generated) writeFileSync(`${OUT}ts/${stem(file)}.ts`, g.ts);
    writeFileSync(`${OUT}tsconfig.json`, JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, verbatimModuleSyntax: true, skipLibCheck: true, types: [], lib: ['ES2022'] },
      include: ['ts/*.ts'],
    }));
    let output = '';
    try { execFileSync('node_modules/.bin/tsc', ['--noEmit', '-p', `${OUT}tsconfig.json`], { encoding: 'utf8' }); } catch (e) { output = String((e as { stdout?: string }).stdout ?? e); }
    expect(output).toBe('');
    expect(generated.size).toBe(accepted.length);
  });
});

describe('generated Fin', () => {
  it.each(accepted.map((f) => [f]))('%s compiles for both personalities', (file) => {
    const g = generated.get(file)!;
    const name = stem(file);
    writeFileSync(`${OUT}fin/dev/${name}.fin`, g.fin);
    writeFileSync(`${OUT}fin/use_${name}.fin`, `import dev.${name};\npub fn main() -> i32 { return 0; }\n`);
    for (const arch of ['x86', 'arm'] as const) {
      const r = compileFin({ files: [`${OUT}fin/use_${name}.fin`], arch, roots: [`${OUT}fin`] });
      expect(r.messages.filter((m) => m.includes('error'))).toEqual([]);
    }
    // every port access sits behind the x86 guard, its arm side a trap
    for (const line of g.fin.split('\n').filter((l) => l.includes('@port_'))) expect(line).toMatch(/^(pub fn .*\{ if @is_arch\("x86"\) \{ .*@port_.*\} (else \{ )?@trap\(77\);|        v\.(lo|hi) = @port_in32|        @port_out32)/);
  });
});
