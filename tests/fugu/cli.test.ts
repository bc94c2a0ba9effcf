// `shoal fugu` and `shoal errno` as a user runs them (the real tools/shoal in a child process).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as E from '../../os-src/errors/errno.generated.ts';
import { CORPUS, dir, fuguFile } from './helpers.ts';

const SHOAL = new URL('../../tools/shoal', import.meta.url).pathname;
const shoal = (...args: string[]) => {
  const r = spawnSync(SHOAL, args, { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('shoal fugu', () => {
  it('--check summarises the Barrelfish corpus in one line', () => {
    const r = shoal('fugu', CORPUS, '--check');
    expect(r).toEqual({ code: 0, err: '', out: `${CORPUS}: 62 error classes (56 domains), 978 codes (5 success, 973 failure), values 0..977; 10-bit codes, 3 per 32-bit errval\n` });
  });
  it('writes TypeScript and Fin', () => {
    const f = fuguFile('errors t T_ { default success OK "ok", failure A "a", };', 'cli.fugu');
    const ts = join(dir, 'cli.ts'), fin = join(dir, 'cli.fin');
    expect(shoal('fugu', f, '--ts', ts, '--fin', fin)).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(ts, 'utf8')).toContain('export const T_A = 1;');
    expect(readFileSync(fin, 'utf8')).toContain('pub const T_A: u32 = 1;');
  });
  it('gives located errors and exit 1 for bad input', () => {
    const f = fuguFile('errors t T_ {\n  failure A "a",\n  failure A "again",\n};\n', 'dup.fugu');
    const r = shoal('fugu', f, '--check');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${f}:3:3: error: 'T_A' is already defined at 2:3\n`);
    expect(r.out).toBe('');
  });
});

describe('shoal errno', () => {
  const e = [E.MM_ERR_OUT_OF_MEMORY, E.SPAWN_ERR_LOAD_SEGMENT, E.FLOUNDER_ERR_TX_MSG_TOO_LONG].reduce((acc, c) => E.errPush(acc, c), 0);
  const line = (c: number) => `${E.errName(c)} (0x${c.toString(16)}) — ${E.errMessage(c)}`;
  const want = [E.FLOUNDER_ERR_TX_MSG_TOO_LONG, E.SPAWN_ERR_LOAD_SEGMENT, E.MM_ERR_OUT_OF_MEMORY].map(line).join('\n') + '\n';

  it('prints the decoded stack, most recent first, from hex or decimal', () => {
    expect(shoal('errno', `0x${e.toString(16)}`)).toEqual({ code: 0, err: '', out: want });
    expect(shoal('errno', String(e)).out).toBe(want);
    expect(shoal('errno', '0').out).toBe(`${line(E.SYS_ERR_OK)}\n`);
  });
  it('exits 1 for a value that does not decode, 2 for one that is not a number', () => {
    const bad = shoal('errno', '0xff');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: 0xff does not decode: slot 0 .* holds 0xff, which is no code/);
    expect(shoal('errno', '0x100000000').code).toBe(1);
    expect(shoal('errno', 'nope').code).toBe(2);
  });
});

describe('the fugu action', () => {
  it('reports an output it cannot write, with exit 1', async () => {
    const { fuguAction } = await import('../../tools/actions/fugu.ts');
    const f = fuguFile('errors t T_ { failure A "a", };', 'nowrite.fugu');
    const r = fuguAction({ file: f, ts: join(dir, 'no/such/dir/out.ts') });
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`${join(dir, 'no/such/dir/out.ts')}: error: cannot write file (ENOENT)`]);
  });
});
