// `shoal build` and `shoal run` as a user runs them: the real tools/shoal in a child process.
// Nothing here writes into the repository: builds go to temporary trees.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, SAMPLE, tempTree } from './tree.ts';

const SHOAL = new URL('../../tools/shoal', import.meta.url).pathname;
const shoal = (...args: string[]) => {
  const r = spawnSync(SHOAL, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('shoal run', () => {
  it('boots an image directory; the console goes to stdout, the summary after it', async () => {
    const t = tempTree(SAMPLE);
    await build(t);
    const r = shoal('run', join(t, 'build/images/hetero-2'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('42');
    expect(lines[1]).toMatch(/^booting .*menu\.lst on hetero-2: 1 x86 \+ 1 arm cores, 64 MiB; exit with status 0 after [\d,]+ cycles/);
  });
  it('a bad image path is one located error line and exit 1, no stack trace', () => {
    const t = tempTree({ 'img/menu.lst': 'machine x86-1\nkernal /x86/sbin/a\n' });
    const r = shoal('run', join(t, 'img'));
    expect(r.code).toBe(1);
    expect(r.err.trim()).toMatch(/^\S*img\/menu\.lst:2:1: error: unknown menu\.lst command `kernal`.*$/);
  });
});

describe('shoal build', () => {
  it('an unknown target is an error listing the known ones, exit 1', () => {
    const r = shoal('build', 'no-such-target');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error: no Hakefile builds a target "no-such-target" \(known: .*demo\/hello.*\)/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
  it('usage errors exit 2', () => {
    expect(shoal('build', '-j', 'many').code).toBe(2);
  });
});
