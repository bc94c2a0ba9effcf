// Shared helpers for the assembler tests.
import { expect } from 'vitest';
import { assemble, AsmError, type Diagnostic } from '../../compiler/asm/index.ts';
import type { Arch, ObjectFile, ObjSection } from '../../compiler/link/object.ts';
import { validateObject } from '../../compiler/link/validate.ts';
import { INSTRS, type Arg, type InstrDef } from '../../vm/isa/instr.ts';
import type { ArgKind } from '../../vm/isa/table.ts';
import { encodeX86 } from '../../vm/isa/x86.ts';
import { encodeArm } from '../../vm/isa/arm.ts';

/** Assembles and checks the object against the object model's invariants. */
export function asm(src: string, arch: Arch): ObjectFile {
  const obj = assemble(src, arch, 't.s');
  validateObject(obj, 't.s');
  return obj;
}

export function section(obj: ObjectFile, name = '.text'): ObjSection {
  const s = obj.sections.find((x) => x.name === name);
  if (!s) throw new Error(`no section ${name} in ${obj.sections.map((x) => x.name).join(', ')}`);
  return s;
}

/** Bytes of the .text section of a one-file program. */
export function bytes(src: string, arch: Arch): number[] {
  return [...section(asm(src, arch)).data];
}

/** Diagnostics of a source that must fail. */
export function errors(src: string, arch: Arch): Diagnostic[] {
  try {
    assemble(src, arch, 't.s');
  } catch (e) {
    expect(e).toBeInstanceOf(AsmError);
    return [...(e as AsmError).diagnostics];
  }
  throw new Error('expected the assembly to fail');
}

/** Diagnostics as `line:col code` strings, for compact expectations. */
export function errorCodes(src: string, arch: Arch): string[] {
  return errors(src, arch).map((d) => `${d.line}:${d.col} ${d.code}`);
}

/** The definition for a mnemonic and operand kinds (and x86 memory size). */
export function def(arch: Arch, mn: string, kinds: string, size?: string): InstrDef {
  const want = kinds === '' ? [] : kinds.split(',');
  const d = INSTRS[arch].find((x) => x.mn === mn && x.form.args.join(',') === want.join(',') && x.form.size === size);
  if (!d) throw new Error(`no ${arch} definition ${mn} ${kinds} ${size ?? ''}`);
  return d;
}

/** Reference encoding straight from the ISA encoders. */
export function enc(arch: Arch, mn: string, kinds: string, args: Arg[], size?: string): number[] {
  const d = def(arch, mn, kinds, size);
  if (arch === 'x86') return encodeX86({ id: d.id, args }).bytes;
  const w = encodeArm({ id: d.id, args }).word;
  return [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff];
}

export const r = (n: number): Arg => ({ k: 'r', r: n });
export const i = (v: number): Arg => ({ k: 'i', v });
export const rel = (v: number): Arg => ({ k: 'rel', v });
export const mem = (base: number, index = -1, scale = 0, disp = 0): Arg => ({ k: 'm', base, index, scale, disp });

export type { ArgKind };
