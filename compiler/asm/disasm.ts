// Disassemblers for both personalities, derived from the same ISA table as the assemblers. The
// text is in the syntax the assemblers accept: a numeric branch target is an absolute address,
// which the assembler reads as an offset from the start of the section, so an instruction
// formatted at address A re-assembles to the same bytes when it is placed at offset A.
import { ARM_COND_NAME, INSTRS, REG_NAMES, byMnemonic, type Arg, type Instr, type InstrDef } from '../../vm/isa/instr.ts';
import { SYSREGS, type ArgKind } from '../../vm/isa/table.ts';
import { decodeArm } from '../../vm/isa/arm.ts';
import { decodeX86, encodeX86 } from '../../vm/isa/x86.ts';
import type { Arch } from '../link/object.ts';

export interface DisasmLine {
  addr: number;
  bytes: number[];
  text: string;
}

export interface DisasmSymbol {
  name: string;
  value: number;
}

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** A number as the assembler reads it back: small ones in decimal, others in (signed) hex. */
export function formatNumber(v: number): string {
  if (v > -10 && v < 10) return String(v);
  return v < 0 ? '-' + hex(-v) : hex(v);
}

function symbolize(target: number, symbols: readonly DisasmSymbol[] | undefined): string | undefined {
  if (!symbols || symbols.length === 0) return undefined;
  let best: DisasmSymbol | undefined;
  for (const s of symbols) {
    const v = s.value >>> 0;
    if (v <= target && (!best || v > (best.value >>> 0))) best = s;
  }
  if (!best) return undefined;
  const off = target - (best.value >>> 0);
  return off === 0 ? `<${best.name}>` : `<${best.name}+${hex(off)}>`;
}

const X86_BY_MN = byMnemonic('x86');

/** Whether an x86 definition's i32 operand at `i` has an i8 twin (same mnemonic, size and other
 *  operands), so a small value must be written `dword N` to keep the long form. */
const shortTwin = new Map<string, boolean>();
function hasShortTwin(def: InstrDef, i: number): boolean {
  const key = `${def.id}:${i}`;
  let v = shortTwin.get(key);
  if (v === undefined) {
    v = (X86_BY_MN.get(def.mn) ?? []).some((d) => d !== def && d.form.size === def.form.size
      && d.form.args.length === def.form.args.length
      && d.form.args.every((k, j) => (j === i ? k === 'i8' || k === 'u8' : k === def.form.args[j])));
    shortTwin.set(key, v);
  }
  return v;
}

function x86Mem(a: Extract<Arg, { k: 'm' }>, wide: boolean): string {
  const regs = REG_NAMES.x86;
  const name = (r: number) => regs[r] ?? `r${r}`;
  const parts: string[] = [];
  if (a.base >= 0) parts.push(name(a.base));
  if (a.index >= 0) parts.push(`${name(a.index)}*${1 << (a.scale & 3)}`);
  let s = parts.join('+');
  if (parts.length === 0) s = hex(a.disp);
  else if (a.disp !== 0) s += a.disp < 0 ? `-${formatNumber(-a.disp).replace(/^-/, '')}` : `+${formatNumber(a.disp)}`;
  // a 32-bit displacement the value alone would not need (a relocated field, say) is marked
  return `[${wide && parts.length ? 'dword ' : ''}${s}]`;
}

function armRegList(mask: number): string {
  const names = REG_NAMES.arm;
  const out: string[] = [];
  for (let r = 0; r < 16; r++) {
    if (!(mask & (1 << r))) continue;
    let e = r;
    while (e + 1 <= 12 && mask & (1 << (e + 1))) e++;
    if (r <= 12 && e - r >= 2) { out.push(`${names[r]}-${names[e]}`); r = e; }
    else out.push(names[r]!);
  }
  return `{${out.join(', ')}}`;
}

/**
 * One instruction as assembly text; `addr` is where it sits (for branch targets). `symbols`
 * annotate branch targets; `wide` says the x86 encoding used a 32-bit displacement
 * (encodeX86(ins, true)), which the text then asks for.
 */
export function formatInstr(arch: Arch, ins: Instr, addr: number, symbols?: readonly DisasmSymbol[], wide = false): string {
  const def = INSTRS[arch]?.[ins.id];
  if (!def) return `.invalid ${ins.id}`;
  const kinds: readonly ArgKind[] = def.form.args;
  const parts: string[] = [];
  let mn = arch === 'x86' ? def.mn : def.form.mn;
  let note: string | undefined;
  kinds.forEach((kind, i) => {
    const a: Arg | undefined = ins.args[i];
    if (!a) { parts.push('?'); return; }
    switch (a.k) {
      case 'r': parts.push(REG_NAMES[arch][a.r] ?? `r${a.r}`); break;
      case 'i': {
        const n = formatNumber(a.v);
        if (arch === 'arm') parts.push('#' + n);
        else parts.push(kind === 'i32' && a.v >= -128 && a.v <= 127 && hasShortTwin(def, i) ? `dword ${n}` : n);
        break;
      }
      case 'm':
        if (arch === 'x86') parts.push((def.form.size ? `${def.form.size} ` : '') + x86Mem(a, wide));
        else if (kind === 'mx') parts.push(`[${REG_NAMES.arm[a.base] ?? '?'}, ${REG_NAMES.arm[a.index] ?? '?'}${a.scale ? `, lsl #${a.scale}` : ''}]`);
        else parts.push(`[${REG_NAMES.arm[a.base] ?? '?'}${a.disp ? `, #${formatNumber(a.disp)}` : ''}]`);
        break;
      case 'rel': {
        const target = (addr + a.v) >>> 0;
        parts.push(hex(target));
        note = symbolize(target, symbols);
        break;
      }
      case 'sr': parts.push(SYSREGS[a.id]?.[arch] ?? `sr${a.id}`); break;
      case 'rl': parts.push(armRegList(a.mask)); break;
      case 'cond':
        if (kinds.includes('rel')) mn += ARM_COND_NAME[a.c] ?? a.c;
        else parts.push(ARM_COND_NAME[a.c] ?? a.c);
        break;
      case 'cpsr': parts.push('cpsr'); break;
    }
  });
  let text = parts.length ? `${mn} ${parts.join(', ')}` : mn;
  if (note) text += `${arch === 'x86' ? ' ;' : ' @'} ${note}`;
  return text;
}

/** Linear disassembly; bytes that do not decode print as `.byte` (x86) or `.word` (arm) and decoding continues. */
export function disassemble(bytes: Uint8Array, arch: Arch, baseAddr = 0, symbols?: readonly DisasmSymbol[]): DisasmLine[] {
  const out: DisasmLine[] = [];
  const n = bytes.length;
  let pos = 0;
  if (arch === 'x86') {
    while (pos < n) {
      const addr = (baseAddr + pos) >>> 0;
      try {
        const at = pos;
        const { ins, len } = decodeX86((off) => {
          if (at + off >= n) throw new RangeError('truncated instruction');
          return bytes[at + off]!;
        });
        const wide = encodeX86(ins).bytes.length !== len && encodeX86(ins, true).bytes.length === len;
        out.push({ addr, bytes: [...bytes.subarray(pos, pos + len)], text: formatInstr(arch, ins, addr, symbols, wide) });
        pos += len;
      } catch {
        out.push({ addr, bytes: [bytes[pos]!], text: `.byte ${hex(bytes[pos]!)}` });
        pos++;
      }
    }
    return out;
  }
  while (pos + 4 <= n) {
    const addr = (baseAddr + pos) >>> 0;
    const word = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24);
    let text: string;
    try {
      text = formatInstr(arch, decodeArm(word), addr, symbols);
    } catch {
      text = `.word ${hex(word)}`;
    }
    out.push({ addr, bytes: [...bytes.subarray(pos, pos + 4)], text });
    pos += 4;
  }
  for (; pos < n; pos++) out.push({ addr: (baseAddr + pos) >>> 0, bytes: [bytes[pos]!], text: `.byte ${hex(bytes[pos]!)}` });
  return out;
}
