// Dependency tracking on throw-away trees: a full build, a no-op rebuild, and after each edit
// exactly the steps that depend on the edited file.
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execProgram } from '../../tools/actions/exec.ts';
import { build, edit, put, SAMPLE, tempTree } from './tree.ts';

const STD_CHECKS = ['check x86 std', 'check arm std'];

describe('incremental builds', () => {
  let root: string;
  beforeAll(async () => {
    root = tempTree(SAMPLE);
    const r = await build(root);
    expect(r.errors).toEqual([]);
  }, 180_000); // a whole-tree build on a busy machine

  it('the first build ran every step; the programs run', async () => {
    const r = execProgram({ files: [join(root, 'build/arm/sbin/one')] });
    expect(r.console).toBe('42\n');
    expect(execProgram({ files: [join(root, 'build/x86/sbin/two')] }).console).toBe('two\n');
    expect(existsSync(join(root, 'build/arm/sbin/two'))).toBe(false); // two is x86-only
  });

  it('an unchanged tree rebuilds nothing, and touching a file changes nothing', async () => {
    expect((await build(root)).ran).toEqual([]);
    const t = new Date(Date.now() + 5000);
    utimesSync(join(root, 'os-src/apps/one.fin'), t, t);
    const r = await build(root);
    expect(r.ran).toEqual([]);
    expect(r.upToDate).toBe(r.total);
  });

  it('editing a module rebuilds exactly the programs that import it, their links and images', async () => {
    edit(root, 'os-src/apps/helper.fin', (s) => s.replace('x * 2', 'x * 3'));
    const r = await build(root);
    expect(r.ran).toEqual(['fin x86 one', 'link x86 one', 'fin arm one', 'link arm one', 'image hetero-2']);
    expect(execProgram({ files: [join(root, 'build/x86/sbin/one')] }).console).toBe('63\n');
    expect((await build(root)).ran).toEqual([]);
  });

  it('editing a library\'s assembly rebuilds that object and what links it, nothing else', async () => {
    edit(root, 'os-src/lib/magic.arm.s', (s) => s.replace('#21', '#7'));
    expect((await build(root)).ran).toEqual(['asm arm os-src/lib/magic.arm.s', 'link arm one', 'image hetero-2']);
  });

  it('an edit that leaves the compiled output unchanged stops there', async () => {
    edit(root, 'os-src/apps/Hakefile', (s) => s.replace('-- two programs', '-- two small programs'));
    expect((await build(root)).ran).toEqual([]);
  });

  it('a new module earlier in the search path is noticed', async () => {
    // `import helper` finds inc/helper.fin (an addIncludes root); the main file's own folder
    // is searched before it, so a helper.fin appearing there must rebuild the program
    const t = tempTree({
      'os-src/sh/Hakefile': '[ build application { target = "sh", finFiles = [ "sh.fin" ], addIncludes = [ "inc" ], addLibraries = [ "rt" ], architectures = [ "x86" ] } ]',
      'os-src/sh/sh.fin': 'import helper;\n\npub fn main() -> i32 {\n    return helper.value() as i32;\n}\n',
      'os-src/sh/inc/helper.fin': 'pub fn value() -> u32 {\n    return 1;\n}\n',
    });
    expect((await build(t)).errors).toEqual([]);
    expect(execProgram({ files: [join(t, 'build/x86/sbin/sh')] }).code).toBe(1);
    put(t, 'os-src/sh/helper.fin', 'pub fn value() -> u32 {\n    return 2;\n}\n');
    expect((await build(t)).ran).toEqual(['fin x86 sh', 'link x86 sh']);
    expect(execProgram({ files: [join(t, 'build/x86/sbin/sh')] }).code).toBe(2);
  });

  it('a deleted output is rebuilt', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(root, 'build/x86/sbin/two'));
    expect((await build(root)).ran).toEqual(['link x86 two']);
  });

  it('one target builds only what it needs', async () => {
    const fresh = tempTree(SAMPLE);
    const r = await build(fresh, { target: 'two' });
    expect(r.ran).toEqual(['asm x86 stdlib/rt/start.x86.s', 'fin x86 two', 'link x86 two']);
  });

  it('--machine builds what that boot image needs and the image', async () => {
    const fresh = tempTree(SAMPLE);
    const r = await build(fresh, { machine: 'x86-1' });
    expect(r.ran).toEqual(['asm x86 stdlib/rt/start.x86.s', 'fin x86 two', 'link x86 two', 'image x86-1']);
    expect(Object.keys(r.images)).toEqual(['x86-1']);
  });

  it('a clean build deletes build/ first', async () => {
    const r = await build(root, { clean: true });
    expect(r.ran.length).toBe(r.total);
    expect(r.ran).toEqual(expect.arrayContaining([...STD_CHECKS, 'image x86-1']));
  });

  it('a compile error fails the build, keeps the rest, and reports the Fin location', async () => {
    edit(root, 'os-src/apps/two.fin', (s) => s.replace('io.println("two");', 'io.println(two);'));
    const r = await build(root);
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/os-src\/apps\/two\.fin:4:16: error: /);
    expect(r.ran).toEqual(['fin x86 two']);
    expect(readFileSync(join(root, 'build/.hake-state.json'), 'utf8')).toContain('link x86 one');
  });
});
