// Every interface file of the Barrelfish corpus gets the original tool's verdict; accepted
// interfaces generate TypeScript stubs that type-check under strict tsc.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flounderGenerate, parseImportFile } from '../../compiler/flounder/index.ts';
import { IF_DIR, corpusFiles } from './corpus.ts';

const OUT = fileURLToPath(new URL('./.out/corpus/', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const files = corpusFiles();

describe('corpus verdicts', () => {
  it('covers the whole if/ folder, including the failing file', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
    expect(files.filter((f) => f.verdict.startsWith('FAIL')).map((f) => f.rel)).toEqual(['if/lpc_kbd.if']);
  });
  for (const f of files) {
    it(`${f.rel}: ${f.verdict.slice(0, 60)}`, () => {
      if (f.verdict === 'INCLUDE') {
        expect(parseImportFile(readFileSync(f.path, 'utf8'), f.path)).toEqual([]);
        return;
      }
      for (const arch of ['x86', 'arm'] as const) {
        const r = flounderGenerate(f.path, { ts: true, arch, tsOut: join(OUT, 'x.ts') });
        if (f.verdict === 'OK') {
          expect(r.diagnostics).toEqual([]);
          expect(r.ts).toContain('_codec');
        } else {
          expect(r.ts).toBeUndefined();
          expect(r.diagnostics.length).toBeGreaterThan(0);
          for (const d of r.diagnostics) expect(d).toMatch(/^.+\.if:\d+:\d+: error: .+/);
        }
      }
    });
  }
  it('lpc_kbd.if is rejected for the reason the original gives, at the interface name', () => {
    const r = flounderGenerate(files.find((f) => f.rel === 'if/lpc_kbd.if')!.path, {});
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatch(/lpc_kbd\.if:\d+:11: error: interface name 'keyboard' has to equal the file name 'lpc_kbd'/);
  });
});

describe('built-in import aliases', () => {
  it('give every accepted interface the same messages as Barrelfish\'s own -i files (x86 = x86_32, arm = armv7)', () => {
    for (const [arch, bf] of [['x86', 'x86_32'], ['arm', 'armv7']] as const) {
      const imports = [`platform/${bf}.if`, `arch/${bf}.if`, 'types.if'].map((p) => join(IF_DIR, p));
      for (const f of files.filter((x) => x.verdict === 'OK')) {
        const builtin = flounderGenerate(f.path, { arch });
        const real = flounderGenerate(f.path, { arch, imports });
        expect(real.diagnostics).toEqual([]);
        expect(real.iface!.messages).toEqual(builtin.iface!.messages);
      }
    }
  });
});

describe('generated TypeScript', () => {
  it('type-checks under strict tsc for every accepted interface', () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const accepted = files.filter((f) => f.verdict === 'OK');
    for (const f of accepted) {
      const out = join(OUT, f.rel.replace(/^if\//, '').replace(/\.if$/, '.ts'));
      const r = flounderGenerate(f.path, { ts: true, tsOut: out });
      writeFileSync(out, r.ts!);
    }
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        allowImportingTsExtensions: true, verbatimModuleSyntax: true, skipLibCheck: true, types: ['node'], lib: ['ES2022'],
        noUnusedLocals: true, noUnusedParameters: true,
      },
      include: ['*.ts'],
    }));
    let output = '';
    try {
      execFileSync(process.execPath, [TSC, '--noEmit', '-p', OUT], { encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });
});
