// `shoal flounder` end to end (the real tools/shoal in a child process), and the docs listing
// every diagnostic code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOUNDER_DIAGNOSTICS } from '../../compiler/flounder/diagnostics.ts';
import { IF_DIR } from './corpus.ts';

const SHOAL = fileURLToPath(new URL('../../tools/shoal', import.meta.url));
const OUT = fileURLToPath(new URL('./.out/', import.meta.url));
mkdirSync(OUT, { recursive: true });
const shoal = (...args: string[]) => {
  const r = spawnSync(SHOAL, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('shoal flounder', () => {
  it('--check accepts a corpus file with a one-line summary', () => {
    const r = shoal('flounder', join(IF_DIR, 'test.if'), '--check');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^.*test\.if: interface test: 5 message\(s\), 1 rpc\(s\), 7 wire message\(s\)\n$/);
  });
  it('--check accepts an import file as one', () => {
    const r = shoal('flounder', join(IF_DIR, 'types.if'), '--check');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/types\.if: import file: 3 declaration\(s\)\n$/);
  });
  it('--check rejects a bad file with a located error and exit 1', () => {
    const r = shoal('flounder', join(IF_DIR, 'lpc_kbd.if'), '--check');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/lpc_kbd\.if:\d+:\d+: error: interface name 'keyboard' has to equal the file name 'lpc_kbd'/);
  });
  it('writes TypeScript stubs with --ts, honouring --arch and -i', () => {
    const dir = mkdtempSync(join(OUT, 'cli-'));
    const inc = join(dir, 'cyc.if');
    writeFileSync(inc, 'alias cycles uint16;\n');
    const src = join(dir, 'clk.if');
    writeFileSync(src, 'interface clk { message tick(cycles c); };\n');
    const out = join(dir, 'clk.ts');
    expect(shoal('flounder', src, '--ts', out, '-i', inc)).toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).toContain('tick: { c: number; }');
    expect(shoal('flounder', src, '--ts', out, '--arch', 'x86')).toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).toContain('tick: { c: bigint; }');
    expect(shoal('flounder', src, '--ts', out, '--arch', 'arm')).toMatchObject({ code: 0 });
    expect(readFileSync(out, 'utf8')).toContain('tick: { c: number; }');
  });
  it('reports an unreadable file, and a missing action, without a stack trace', () => {
    const r = shoal('flounder', join(OUT, 'nope.if'), '--check');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.if:1:1: error: cannot read file \(ENOENT\)/);
    const n = shoal('flounder', join(IF_DIR, 'test.if'));
    expect(n.code).toBe(2);
    expect(n.err).toMatch(/nothing to do/);
    expect(existsSync(join(OUT, 'nope.ts'))).toBe(false);
  });
});

describe('docs/flounder.md', () => {
  it('lists every diagnostic code with its name', () => {
    const doc = readFileSync(new URL('../../docs/flounder.md', import.meta.url), 'utf8');
    for (const [name, d] of Object.entries(FLOUNDER_DIAGNOSTICS)) expect(doc).toContain(`| ${d.code} | ${name} |`);
  });
});
