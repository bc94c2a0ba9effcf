// Conformance check against GNU readelf: our files must parse cleanly with a real ELF tool, not
// just with our own reader. readelf is required (CI installs binutils), so a missing binary is a
// test failure with instructions rather than a silent skip.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExecutable, writeObject } from '../../compiler/link/elf-write.ts';
import { link } from '../../compiler/link/link.ts';
import { sampleProgram } from './fixtures.ts';

function findReadelf(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'readelf');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error('readelf was not found on PATH; install GNU binutils (e.g. `apt-get install binutils`) to run the ELF conformance tests');
}

const dir = mkdtempSync(join(tmpdir(), 'shoal-readelf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readelf(name: string, bytes: Uint8Array, flags: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const res = spawnSync(findReadelf(), ['-W', ...flags, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  expect(res.error).toBeUndefined();
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  return res.stdout;
}

describe('readelf accepts our files', () => {
  const { main, lib } = sampleProgram();

  it('relocatable object', () => {
    const out = readelf('main.o', writeObject(main), ['-h', '-S', '-s']);
    expect(out).toMatch(/Class:\s+ELF32/);
    expect(out).toMatch(/Data:\s+2's complement, little endian/);
    expect(out).toMatch(/Type:\s+REL \(Relocatable file\)/);
    expect(out).toMatch(/Machine:\s+<unknown>: 0x5341/);
    for (const name of ['.text', '.rodata', '.rela.text', '.symtab', '.strtab', '.shoal.lines', '.shstrtab']) {
      expect(out).toMatch(new RegExp(`\\] ${name.replace(/\./g, '\\.')}\\s`));
    }
    expect(out).toMatch(/FUNC\s+GLOBAL\s+DEFAULT\s+1 _start/);
    expect(out).toMatch(/OBJECT\s+LOCAL\s+DEFAULT\s+2 greeting/);
    expect(out).toMatch(/NOTYPE\s+GLOBAL\s+DEFAULT\s+UND helper/);

    const libOut = readelf('lib.o', writeObject(lib), ['-h', '-S', '-s']);
    expect(libOut).toMatch(/\] \.bss\s+NOBITS/);
    expect(libOut).toMatch(/OBJECT\s+GLOBAL\s+DEFAULT\s+3 counter/);
  });

  it('linked executable', () => {
    const exe = link([main, lib]);
    const out = readelf('a.out', writeExecutable(exe), ['-h', '-l', '-S', '-s']);
    expect(out).toMatch(/Type:\s+EXEC \(Executable file\)/);
    expect(out).toMatch(/Machine:\s+<unknown>: 0x5341/);
    expect(out).toMatch(/Entry point address:\s+0x100000/);
    expect(out.match(/^\s+LOAD\s/gm)).toHaveLength(3);
    expect(out).toMatch(/LOAD\s+0x\w+ 0x00100000 0x00100000 0x00018 0x00018 R E 0x1000/);
    expect(out).toMatch(/LOAD\s+0x\w+ 0x00102000 0x00102000 0x00008 0x01040 RW\s+0x1000/);
    for (const name of ['.text', '.rodata', '.data', '.bss', '.symtab', '.strtab', '.shoal.lines', '.shstrtab']) {
      expect(out).toMatch(new RegExp(`\\] ${name.replace(/\./g, '\\.')}\\s`));
    }
    expect(out).toMatch(/00100000\s+20 FUNC\s+GLOBAL DEFAULT\s+1 _start/);
    expect(out).toMatch(/00103000\s+4 OBJECT\s+GLOBAL DEFAULT\s+\d+ counter/);
    expect(out).toMatch(/00103008\s+56 OBJECT\s+LOCAL\s+DEFAULT\s+\d+ scratch/);
  });
});
