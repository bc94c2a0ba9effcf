// Problems in the rules as a whole: each is a located error naming the Hakefile and line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execProgram } from '../../tools/actions/exec.ts';
import { build, put, SAMPLE, tempTree } from './tree.ts';

const errorsOf = async (files: Record<string, string>) => (await build(tempTree(files))).errors;

describe('bad rules', () => {
  it('a missing input names the Hakefile, the field and the file', async () => {
    const [e] = await errorsOf({ 'os-src/a/Hakefile': '[ build application { target = "a",\n    finFiles = [ "nope.fin" ] } ]' });
    expect(e).toMatch(/^.*os-src\/a\/Hakefile:2:5: error: missing input "nope\.fin" \(os-src\/a\/nope\.fin does not exist\)$/);
  });
  it('a library cycle names the rule that closes it', async () => {
    const [e] = await errorsOf({
      'os-src/a/Hakefile': '[ build library { target = "a", addLibraries = [ "b" ] },\n  build library { target = "b",\n                  addLibraries = [ "a" ] },\n  build application { target = "app", addLibraries = [ "a" ] } ]',
    });
    expect(e).toMatch(/os-src\/a\/Hakefile:(1:33|3:19): error: library cycle: .*a -> b -> a|b -> a -> b/);
  });
  it('an unknown library', async () => {
    const [e] = await errorsOf({ 'os-src/a/Hakefile': '[ build application { target = "a", addLibraries = [ "missing" ] } ]' });
    expect(e).toMatch(/os-src\/a\/Hakefile:1:37: error: no Hakefile builds a library "missing" for x86/);
  });
  it('a target built twice for the same personality', async () => {
    const [e] = await errorsOf({
      'os-src/a/Hakefile': '[ build application { target = "a" } ]',
      'os-src/b/Hakefile': '[ build application { target = "a", architectures = [ "arm" ] },\n  build application { target = "a", architectures = [ "x86" ] } ]',
    });
    expect(e).toMatch(/os-src\/b\/Hakefile:1:3: error: application "a" for arm is also built by .*os-src\/a\/Hakefile:1/);
  });
  it('an image of an unknown machine, or whose kernel is missing for a personality', async () => {
    const [e1] = await errorsOf({ ...SAMPLE, 'os-src/platforms/Hakefile': '[ build image { machine = "vax-1", kernel = "one" } ]' });
    expect(e1).toMatch(/os-src\/platforms\/Hakefile:1:17: error: no machine preset "vax-1"/);
    const [e2] = await errorsOf({ ...SAMPLE, 'os-src/platforms/Hakefile': '[ build image { machine = "hetero-2",\n  kernel = "two" } ]' });
    expect(e2).toMatch(/Hakefile:2:3: error: kernel "two" is not built for arm, which hetero-2's cores 1 need/);
  });
  it('an unknown target or machine on the command line', async () => {
    const t = tempTree(SAMPLE);
    expect((await build(t, { target: 'three' })).errors[0]).toMatch(/no Hakefile builds a target "three" \(known: err, magic, one, os, rt, std, two\)/);
    expect((await build(t, { machine: 'pc-2' })).errors[0]).toMatch(/no Hakefile defines a boot image for pc-2/);
    expect((await build(t, { machine: 'nope' })).errors[0]).toMatch(/unknown machine 'nope'/);
  });
  it('a library whose module does not type-check fails its check step at the Fin line', async () => {
    const r = await build(tempTree({
      'os-src/l/Hakefile': '[ build library { target = "l", finFiles = [ "l.fin" ], architectures = [ "arm" ] } ]',
      'os-src/l/l.fin': 'pub fn f() -> u32 {\n    return true;\n}\n',
    }), { target: 'l' });
    expect(r.ran).toEqual(['check arm l']);
    expect(r.errors[0]).toMatch(/os-src\/l\/l\.fin:2:12: error: /);
  });
  it('a bad Hakefile stops the build before anything runs', async () => {
    const r = await build(tempTree({ ...SAMPLE, 'os-src/bad/Hakefile': '[ build application { target = "x" ' }));
    expect(r.ran).toEqual([]);
    expect(r.errors[0]).toMatch(/os-src\/bad\/Hakefile:1:36: error: Hakefile syntax: unexpected end of file/);
  });
});

describe('generators', () => {
  it('Fugu error files become a Fin module the program imports', async () => {
    const t = tempTree({
      'os-src/e/Hakefile': '[ build application { target = "e", finFiles = [ "e.fin" ], fuguFiles = [ "my.fugu" ], addLibraries = [ "rt" ], architectures = [ "arm" ] } ]',
      'os-src/e/my.fugu': 'errors demo DEMO_ERR_ {\n    default success OK "fine",\n    success DONE "done",\n    failure BROKEN "broken",\n    failure WORSE "worse",\n};\n',
      'os-src/e/e.fin': 'import errors.my;\n\npub fn main() -> i32 {\n    return my.DEMO_ERR_WORSE as i32;\n}\n',
    });
    const r = await build(t);
    expect(r.errors).toEqual([]);
    expect(r.ran).toContain('fugu arm os-src/e/my.fugu');
    expect(existsSync(join(t, 'build/arm/gen/errors/my.fin'))).toBe(true);
    // Barrelfish's numbering: default success 0, other successes 1.., then failures
    expect(execProgram({ files: [join(t, 'build/arm/sbin/e')] }).code).toBe(3);
  });
  it('Mackerel devices become accessor modules; editing the .dev rebuilds what uses it', async () => {
    const dev = (off: number) => `device toy lsbfirst (addr base) "a toy" {\n    register val rw addr(base, ${off}) "a value" type(uint32);\n};\n`;
    const t = tempTree({
      'os-src/devices/toy.dev': dev(0),
      'os-src/t/Hakefile': '[ build application { target = "t", finFiles = [ "t.fin" ], mackerelDevices = [ "toy" ], addLibraries = [ "rt" ], architectures = [ "x86" ] } ]',
      // RAM at 0x3000 stands in for the device: a write then a read through the accessors
      'os-src/t/t.fin': 'import dev.toy;\n\npub fn main() -> i32 {\n    var d: toy.Dev;\n    toy.initialize(&d, 0x3000);\n    toy.val_wr(&d, 5);\n    return (toy.val_rd(&d) + @mmio_read32(0x3004)) as i32;\n}\n',
    });
    expect((await build(t)).errors).toEqual([]);
    expect(execProgram({ files: [join(t, 'build/x86/sbin/t')] }).code).toBe(5);
    put(t, 'os-src/devices/toy.dev', dev(4)); // val moves to 0x3004: main now reads it twice
    expect((await build(t)).ran).toEqual(['mackerel x86 os-src/devices/toy.dev', 'fin x86 t', 'link x86 t']);
    expect(execProgram({ files: [join(t, 'build/x86/sbin/t')] }).code).toBe(10);
  });
  it('Flounder interfaces become stub modules the program imports', async () => {
    const t = tempTree({
      'os-src/if/echo.if': 'interface echo "an echo service" {\n    message ping(uint32 v);\n    message pong(uint32 v);\n};\n',
      'os-src/a/Hakefile': '[ build application { target = "a", finFiles = [ "a.fin" ], flounderBindings = [ "echo" ], addLibraries = [ "rt" ] } ]',
      'os-src/a/a.fin': 'import flounder.echo;\n\npub fn main() -> i32 {\n    return (echo.pong__msgnum - echo.ping__msgnum) as i32;\n}\n',
    });
    const r = await build(t, { target: 'a' });
    expect(r.errors).toEqual([]);
    expect(r.ran).toEqual(expect.arrayContaining(['flounder x86 os-src/if/echo.if', 'flounder arm os-src/if/echo.if']));
    expect(execProgram({ files: [join(t, 'build/arm/sbin/a')] }).code).toBe(1);
  });
  it('a bad definition file is an error at its own line', async () => {
    const r = await build(tempTree({
      'os-src/e/Hakefile': '[ build application { target = "e", finFiles = [ "e.fin" ], fuguFiles = [ "my.fugu" ], architectures = [ "x86" ] } ]',
      'os-src/e/my.fugu': 'errors demo DEMO_ERR_ {\n    failure BROKEN,\n};\n',
      'os-src/e/e.fin': 'pub fn main() -> i32 {\n    return 0;\n}\n',
    }));
    expect(r.errors[0]).toMatch(/os-src\/e\/my\.fugu:2:\d+: error: /);
    expect(r.ran).toContain('fugu x86 os-src/e/my.fugu');
    expect(r.ran).not.toContain('fin x86 e');
  });
  it('a missing interface or device file is located at the field', async () => {
    const r = await build(tempTree({ 'os-src/a/Hakefile': '[ build application { target = "a",\n  flounderBindings = [ "nosuch" ] } ]' }));
    expect(r.errors[0]).toMatch(/os-src\/a\/Hakefile:2:3: error: flounder input "nosuch" not found \(os-src\/if\/nosuch\.if does not exist\)/);
  });
});
