// `shoal asm`, `shoal link` and `shoal disasm`.
import { writeFileSync } from 'node:fs';
import { disassemble } from '../../compiler/asm/index.ts';
import { isElf, readExecutable, readObject, writeExecutable, writeObject } from '../../compiler/link/index.ts';
import type { Personality } from '../../vm/isa/table.ts';
import { BuildError, executableFrom, guard, objectFrom, readInput } from './build.ts';
import { fail, ok, type ActionResult } from './result.ts';

function attempt(f: () => ActionResult): ActionResult {
  try {
    return f();
  } catch (e) {
    if (e instanceof BuildError) return fail(e.lines);
    throw e;
  }
}

function write(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new BuildError([`${path}: error: cannot write file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
}

export function asmFile(file: string, arch: Personality, out: string): ActionResult {
  return attempt(() => {
    const obj = objectFrom(file, arch);
    write(out, writeObject(obj, out));
    return ok();
  });
}

export function linkFiles(files: string[], out: string, opts: { arch?: Personality; entry?: string; base?: number }): ActionResult {
  return attempt(() => {
    const exe = executableFrom(files, opts.arch, { entry: opts.entry, base: opts.base });
    write(out, writeExecutable(exe, out));
    return ok();
  });
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0');

export function disasmFile(file: string, opts: { arch?: Personality; base?: number }): ActionResult {
  return attempt(() => {
    const bytes = readInput(file);
    const lines: string[] = [];
    const show = (title: string, data: Uint8Array, arch: Personality, base: number, symbols: { name: string; value: number }[]) => {
      lines.push(`${title}:`);
      const byAddr = new Map(symbols.map((s) => [s.value >>> 0, s.name]));
      for (const d of disassemble(data, arch, base, symbols)) {
        const label = byAddr.get(d.addr >>> 0);
        if (label) lines.push(`${hex(d.addr)} <${label}>:`);
        lines.push(`  ${hex(d.addr)}:  ${d.bytes.map((b) => hex(b, 2)).join(' ').padEnd(36)}${d.text}`);
      }
    };
    if (isElf(bytes) && bytes[16] === 2) {
      const exe = guard(() => readExecutable(bytes, file));
      for (const s of exe.segments) if (s.flags.x) show(`segment ${s.name} at 0x${hex(s.vaddr)}`, s.data, exe.arch, s.vaddr, exe.symbols);
    } else if (isElf(bytes)) {
      const obj = guard(() => readObject(bytes, file));
      for (const s of obj.sections) {
        if (s.kind !== 'text') continue;
        const syms = obj.symbols.filter((y) => y.section === s.name).map((y) => ({ name: y.name, value: y.value }));
        show(`section ${s.name}`, s.data, obj.arch, 0, syms);
      }
    } else {
      if (!opts.arch) return fail([`${file}: error: not an ELF file; give --arch x86|arm to disassemble raw bytes`]);
      show('raw', bytes, opts.arch, opts.base ?? 0, []);
    }
    return ok(lines);
  });
}
