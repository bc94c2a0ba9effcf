// Boot images: what Hake writes (menu.lst, binaries at distinct addresses), the module table the
// loader leaves in memory, and `shoal run` booting the demo on every machine preset.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMenu } from '../../compiler/hake/menu.ts';
import { readExecutable } from '../../compiler/link/index.ts';
import { runImage } from '../../tools/actions/run.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { loadBootImage, MODULE_TABLE, MODULE_TABLE_MAGIC } from '../../vm/machine/image.ts';
import { Machine } from '../../vm/machine/machine.ts';
import { build, put, REPO, SAMPLE, tempTree } from './tree.ts';

const HELLO4 = 'hello from core 0 (x86)\nhello from core 1 (x86)\nhello from core 2 (arm)\nhello from core 3 (arm)\nall 4 cores checked in; powering off\n';

describe('the demo image of the real tree', () => {
  const out = mkdtempSync(join(tmpdir(), 'shoal-image-'));
  beforeAll(async () => {
    const r = await build(REPO, { build: out });
    expect(r.errors).toEqual([]);
  }, 180_000); // a whole-tree build on a busy machine

  it('menu.lst names one kernel per personality, the boot core\'s first', () => {
    const text = readFileSync(join(out, 'images/hetero-4/menu.lst'), 'utf8');
    expect(text.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'timeout 0', 'title   hello from every core of hetero-4', 'machine hetero-4',
      'kernel  /x86/sbin/demo/hello', 'kernel  /arm/sbin/demo/hello', '',
    ]);
    expect(readFileSync(join(out, 'images/arm-1/menu.lst'), 'utf8')).toContain('kernel  /arm/sbin/demo/hello\n');
    expect(readFileSync(join(out, 'images/arm-1/menu.lst'), 'utf8')).not.toContain('/x86/');
  });

  it('the binaries beside it are of their personality, at distinct addresses', () => {
    const exes = ['x86', 'arm'].map((a) => readExecutable(new Uint8Array(readFileSync(join(out, `images/hetero-4/${a}/sbin/demo/hello`)))));
    expect(exes.map((e) => e.arch)).toEqual(['x86', 'arm']);
    const [x, a] = exes.map((e) => [Math.min(...e.segments.map((s) => s.vaddr)), Math.max(...e.segments.map((s) => s.vaddr + s.memsz))]);
    expect(x[0]).toBe(0x100000);
    expect(a[0]).toBeGreaterThanOrEqual(x[1]);
  });

  it('boots on hetero-4: each core says hello from its own personality\'s binary', async () => {
    const r = await runImage({ image: join(out, 'images/hetero-4') });
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.console).toBe(HELLO4);
  });

  it('gives the same bytes for any seed and slice', async () => {
    for (const [seed, slice] of [[1, 100], [7, 3000], [99, 50_000]]) {
      const r = await runImage({ image: join(out, 'images/hetero-4/menu.lst'), seed, slice });
      expect(r.console).toBe(HELLO4);
    }
  });

  it.each(['hetero-2', 'pc-2', 'x86-1', 'arm-1', 'numa-32'])('boots on %s', async (m) => {
    const r = await runImage({ image: join(out, 'images', m) });
    const cores = presetNamed(m)!.packages.flat();
    expect(r.code).toBe(0);
    expect(r.console).toBe([...cores.map((p, i) => `hello from core ${i} (${p})\n`), `all ${cores.length} cores checked in; powering off\n`].join(''));
  });
});

describe('module lines and the module table', () => {
  it('writes module lines with their arguments for each personality that has the program', async () => {
    const t = tempTree(SAMPLE);
    expect((await build(t)).errors).toEqual([]);
    const menu = parseMenu(readFileSync(join(t, 'build/images/hetero-2/menu.lst'), 'utf8'), 'menu.lst').menu!;
    expect(menu.entries.map((e) => [e.kind, e.path, e.args.join(' ')])).toEqual([
      ['kernel', '/x86/sbin/one', ''], ['kernel', '/arm/sbin/one', ''], ['module', '/x86/sbin/two', 'boot x=1'],
    ]);
  });

  it('leaves a table of every binary in memory for the kernels', async () => {
    const t = tempTree(SAMPLE);
    await build(t);
    const dir = join(t, 'build/images/hetero-2');
    const menu = parseMenu(readFileSync(join(dir, 'menu.lst'), 'utf8'), 'menu.lst').menu!;
    const modules = menu.entries.map((e) => ({ kind: e.kind, path: e.path, args: e.args, exe: readExecutable(new Uint8Array(readFileSync(join(dir, e.path)))) }));
    const m = new Machine(presetNamed('hetero-2')!);
    const kernels = loadBootImage(m, modules);
    expect([...kernels.keys()]).toEqual(['x86', 'arm']);
    const w = (i: number) => m.mem.dv.getUint32(MODULE_TABLE + 4 * i, true);
    const str = (addr: number) => { let s = ''; for (let a = addr; m.mem.dv.getUint8(a); a++) s += String.fromCharCode(m.mem.dv.getUint8(a)); return s; };
    expect([w(0), w(1), w(2)]).toEqual([MODULE_TABLE_MAGIC, 1, 3]);
    const entry = (i: number) => [0, 1, 2, 3, 4].map((k) => w(4 + 8 * i + k));
    expect(entry(1).slice(0, 3)).toEqual([0, 1, modules[1].exe.entry]); // the arm kernel
    expect(entry(2).slice(0, 2)).toEqual([1, 0]); // an x86 module
    expect(str(w(4 + 16 + 5))).toBe('/x86/sbin/two');
    expect(str(w(4 + 16 + 6))).toBe('boot x=1');
  });

  it('refuses binaries that overlap', async () => {
    const t = tempTree(SAMPLE);
    await build(t);
    const exe = readExecutable(new Uint8Array(readFileSync(join(t, 'build/x86/sbin/two'))));
    const m = new Machine(presetNamed('x86-1')!);
    expect(() => loadBootImage(m, [{ kind: 'kernel', path: '/x86/a', args: [], exe }, { kind: 'module', path: '/x86/b', args: [], exe }])).toThrow(/\/x86\/b .* overlaps \/x86\/a/);
  });
});

describe('bad boot images are located errors', () => {
  const image = (menu: string) => { const t = tempTree({ 'img/menu.lst': menu }); return join(t, 'img'); };
  it('an unknown command or a path without a personality', async () => {
    const r1 = await runImage({ image: image('title x\nbogus /x86/sbin/a\n') });
    expect(r1.err).toEqual([expect.stringMatching(/img\/menu\.lst:2:1: error: unknown menu\.lst command `bogus`/)]);
    const r2 = await runImage({ image: image('machine x86-1\nkernel  /sbin/a\n') });
    expect(r2.err[0]).toMatch(/menu\.lst:2:9: error: binary path "\/sbin\/a" must start with \/x86\/ or \/arm\//);
  });
  it('a binary that is missing, or of the wrong personality', async () => {
    const r1 = await runImage({ image: image('machine x86-1\nkernel /x86/sbin/a\n') });
    expect(r1.err[0]).toMatch(/menu\.lst:2:1: error: \/x86\/sbin\/a is not in the image/);
    const dir = image('machine hetero-2\nkernel /x86/sbin/a\n');
    put(dir, 'x86/sbin/a', '');
    const { cpSync } = await import('node:fs');
    const t = tempTree(SAMPLE);
    await build(t, { target: 'one' });
    cpSync(join(t, 'build/arm/sbin/one'), join(dir, 'x86/sbin/a'));
    expect((await runImage({ image: dir })).err[0]).toMatch(/menu\.lst:2:1: error: \/x86\/sbin\/a is an arm binary under \/x86\//);
  });
  it('no machine, or no kernel for the boot core', async () => {
    expect((await runImage({ image: image('kernel /x86/sbin/a\n') })).err[0]).toMatch(/names no machine/);
    const t = tempTree(SAMPLE);
    await build(t);
    expect((await runImage({ image: join(t, 'build/images/x86-1'), machine: 'arm-1' })).err[0]).toMatch(/no arm kernel for the boot core/);
  });
});
