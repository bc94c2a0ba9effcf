// The assembler driver shared by both personalities: two passes over the source, sections,
// symbols, relocations and the line table.
//
// Pass 1 walks the lines, defines labels and constants, and fixes every statement's size. x86
// instruction lengths depend on the form chosen (imm8 or imm32, disp8 or disp32), so x86 chooses
// forms here, from what is known at that point: a value that is relocatable or not yet defined
// gets the 32-bit field, which keeps pass-1 addresses final. arm instructions are always 4 bytes
// (8 for the movw+movt pseudo-instructions), so arm chooses forms in pass 2.
// Pass 2 evaluates every expression with all labels known, range-checks, encodes, and emits
// relocations for what only the linker can know.
import { INSTRS, type Instr } from '../../vm/isa/instr.ts';
import { encodeArm } from '../../vm/isa/arm.ts';
import { encodeX86 } from '../../vm/isa/x86.ts';
import { RelocType, type Arch, type LineEntry, type ObjectFile, type ObjSection, type ObjSymbol, type Reloc, type SectionKind, type SymbolType } from '../link/object.ts';
import { armReserved, armSize, encodeArmPlanned, planArm } from './arm.ts';
import { AsmError, LineError, fail, type AsmErrorCode, type Diagnostic } from './errors.ts';
import { Cursor, evaluate, parseExpr, type EvalEnv, type Expr, type Value } from './expr.ts';
import { lexLine } from './lexer.ts';
import { describe, parseLine, type Operand, type Stmt } from './parse.ts';
import type { BranchTarget, InsnCtx, Planned } from './target.ts';
import { encodeX86Planned, planX86, preEncodeX86, x86Reserved } from './x86.ts';

export { AsmError } from './errors.ts';
export type { Diagnostic, AsmErrorCode } from './errors.ts';

const MAX_DIAGNOSTICS = 1000;
/** constants defined in terms of constants, at most this deep */
const MAX_EQU_DEPTH = 200;
/** largest .zero/.space/.align padding accepted in one directive */
const MAX_FILL = 1 << 24;
/** largest section */
const MAX_SECTION = 1 << 28;
/** names the ELF writer keeps for itself */
const RESERVED_SECTIONS = ['.symtab', '.strtab', '.shstrtab', '.shoal.lines'];

interface Sec {
  name: string;
  kind: SectionKind;
  align: number;
  /** pass 1: running size; after pass 1: final size */
  size: number;
  data: Uint8Array;
  relocs: Reloc[];
  used: boolean;
}

interface LabelDef { sec: string; off: number; line: number; col: number }
interface EquDef { expr: Expr; dot: { sec: string; off: number }; line: number; col: number; busy: boolean; value?: Value }

interface Loc { file: string; line: number; col: number }

type Item =
  // x86 keeps the plans made in pass 1, arm the statement it plans in pass 2: an item holds
  // only what pass 2 needs, since every line's item lives until the end (the tokens of a big
  // generated file kept alive made the garbage collector's work grow with it)
  | { k: 'ins'; line: number; col: number; sec: string; off: number; size: number; plans: Planned[]; bytes: number[] | null; stmt?: undefined; loc: Loc }
  | { k: 'ins'; line: number; col: number; sec: string; off: number; size: number; plans?: undefined; bytes?: undefined; stmt: Extract<Stmt, { k: 'ins' }>; loc: Loc }
  | { k: 'data'; line: number; sec: string; off: number; width: 1 | 2 | 4; exprs: Expr[] }
  | { k: 'bytes'; line: number; sec: string; off: number; bytes: number[] }
  | { k: 'fill'; line: number; sec: string; off: number; size: number; byte: number; nop: boolean }
  | { k: 'size'; line: number; col: number; sec: string; off: number; name: string; expr: Expr };

// Helpers are module-level functions and classes rather than closures made per line: tsx
// compiles with esbuild's keepNames, which wraps every named closure in a defineProperty call
// each time it is created (that was ~20% of a warm compile).

/** pass 1: value if known, else 'unk'; never reports */
function peekIn(env: EvalEnv): (e: Expr) => Value {
  return (e) => {
    try {
      return evaluate(e, env);
    } catch {
      return { t: 'unk' };
    }
  };
}

function noOperands(stmt: Extract<Stmt, { k: 'dir' }>): void {
  if (stmt.ops.length) fail('bad-directive', stmt.ops[0]!.col, `'${stmt.name}' takes no operands`);
}

function operandCount(stmt: Extract<Stmt, { k: 'dir' }>, lo: number, hi: number): void {
  const { ops, name, col } = stmt;
  if (ops.length < lo || ops.length > hi) {
    fail('bad-directive', ops[hi]?.col ?? col, `'${name}' takes ${lo === hi ? lo : `${lo} to ${hi}`} operand${hi === 1 ? '' : 's'}`);
  }
}

/** pass 2: what an encoder may ask about one instruction (insOff: where the instruction
 *  starts; off: where this encoded piece of it starts) */
class InsnContext implements InsnCtx {
  constructor(
    private readonly relocTarget: (v: Value, col: number) => { symbol: string; addend: number },
    private readonly env: EvalEnv,
    readonly sec: string,
    private readonly insOff: number,
    readonly off: number,
  ) {}

  eval(e: Expr): Value {
    return evaluate(e, this.env);
  }

  reloc(v: Value, col: number): { symbol: string; addend: number } {
    return this.relocTarget(v, col);
  }

  branch(e: Expr, col: number): BranchTarget {
    const v = evaluate(e, this.env);
    if (v.t === 'abs' || (v.t === 'sec' && v.sec === this.sec)) return { k: 'direct', rel: (v.v - this.insOff) | 0 };
    return { k: 'reloc', ...this.relocTarget(v, col) };
  }
}

/**
 * Assembles one source file for a personality. Throws AsmError (and nothing else) listing every
 * problem found.
 */
export function assemble(source: string, arch: Arch, path = '<input>'): ObjectFile {
  let asm: Assembler | undefined;
  try {
    asm = new Assembler(String(source), arch, String(path));
    return asm.run();
  } catch (e) {
    if (e instanceof AsmError) throw e;
    const diags = asm?.diags.slice() ?? [];
    diags.push({ path: String(path), line: asm?.curLine ?? 1, col: 1, code: 'internal', message: `internal assembler error: ${e instanceof Error ? e.message : String(e)}` });
    throw new AsmError(diags);
  }
}

class Assembler {
  readonly diags: Diagnostic[] = [];
  curLine = 1;
  private pass: 1 | 2 = 1;
  private readonly sections = new Map<string, Sec>();
  private cur: Sec;
  private readonly labels = new Map<string, LabelDef>();
  private readonly equs = new Map<string, EquDef>();
  private readonly globals = new Map<string, { line: number; col: number }>();
  private readonly externs = new Map<string, { line: number; col: number }>();
  private readonly types = new Map<string, { type: SymbolType; line: number; col: number }>();
  private readonly sizes = new Map<string, number>();
  /** undefined symbols relocations refer to, in first-use order */
  private readonly undefinedUsed = new Set<string>();
  /** sections whose own symbol a relocation refers to */
  private readonly sectionSymsUsed = new Set<string>();
  private readonly items: Item[] = [];
  private readonly usedOrder: Sec[] = [];
  private readonly lineTable: LineEntry[] = [];
  private readonly reserved: (name: string) => string | undefined;
  private equDepth = 0;
  private locFiles = new Map<number, string>();
  private defaultFile: string | undefined;
  private loc: Loc | undefined;
  // bound once: a closure per env() call would cost a defineProperty each under tsx
  private readonly lookupBound = this.lookup.bind(this);
  private readonly relocBound = this.relocTarget.bind(this);

  constructor(private readonly source: string, private readonly arch: Arch, private readonly path: string) {
    if (arch !== 'x86' && arch !== 'arm') {
      this.diags.push({ path, line: 1, col: 1, code: 'bad-directive', message: `unknown architecture '${String(arch)}'` });
      throw new AsmError(this.diags);
    }
    this.reserved = arch === 'x86' ? x86Reserved : armReserved;
    this.cur = this.section('.text', 'text');
  }

  run(): ObjectFile {
    const lines = this.source.split('\n');
    lines.forEach((text, i) => this.pass1Line(text, i + 1));
    if (this.diags.length >= MAX_DIAGNOSTICS) throw new AsmError(this.diags);
    for (const s of this.sections.values()) {
      if (s.size > MAX_SECTION) this.report(1, 1, 'bad-directive', `section '${s.name}' is larger than ${MAX_SECTION} bytes`);
    }
    // pass 2 runs even after pass-1 errors (failed statements hold no item) to report more
    this.pass = 2;
    for (const [name, eq] of this.equs) this.resolveEqu(name, eq);
    for (const s of this.sections.values()) s.data = new Uint8Array(s.kind === 'bss' ? 0 : s.size);
    for (const item of this.items) {
      this.curLine = item.line;
      try {
        this.pass2Item(item);
      } catch (e) {
        this.caught(item.line, e);
      }
    }
    const obj = this.finish();
    if (this.diags.length) throw new AsmError(this.sorted());
    return obj;
  }

  private sorted(): Diagnostic[] {
    return this.diags.slice().sort((a, b) => a.line - b.line || a.col - b.col);
  }

  private report(line: number, col: number, code: AsmErrorCode, message: string): void {
    if (this.diags.length >= MAX_DIAGNOSTICS) return;
    this.diags.push({ path: this.path, line, col, code, message });
    if (this.diags.length === MAX_DIAGNOSTICS) {
      this.diags.push({ path: this.path, line, col, code, message: 'too many errors; giving up' });
    }
  }

  private guard(line: number, f: () => void): void {
    try {
      f();
    } catch (e) {
      this.caught(line, e);
    }
  }

  /** what guard does with an exception (used directly where a closure per line would cost) */
  private caught(line: number, e: unknown): void {
    if (e instanceof LineError) this.report(line, e.col, e.code, e.message);
    else if (e instanceof AsmError) throw e;
    else this.report(line, 1, 'internal', `internal assembler error: ${e instanceof Error ? e.message : String(e)}`);
  }

  // ---- sections, symbols ------------------------------------------------------------------

  private section(name: string, kind: SectionKind): Sec {
    let s = this.sections.get(name);
    if (!s) {
      const align = this.arch === 'arm' ? 4 : kind === 'text' ? 1 : 4;
      s = { name, kind, align, size: 0, data: new Uint8Array(0), relocs: [], used: false };
      this.sections.set(name, s);
    }
    return s;
  }

  private checkNewName(name: string, col: number, what: string): void {
    const why = this.reserved(name);
    if (why !== undefined || name.startsWith('@')) fail('bad-label', col, `'${name}' cannot be a ${what} name (it is a register)`);
    if (this.sections.has(name)) fail('bad-label', col, `'${name}' is a section name`);
    const l = this.labels.get(name);
    if (l) fail('duplicate-label', col, `'${name}' is already defined (line ${l.line})`);
    const q = this.equs.get(name);
    if (q) fail('duplicate-label', col, `'${name}' is already defined (line ${q.line})`);
  }

  private defineLabel(name: string, col: number): void {
    this.checkNewName(name, col, 'label');
    this.labels.set(name, { sec: this.cur.name, off: this.cur.size, line: this.curLine, col });
    this.use(this.cur);
  }

  private env(dot: { sec: string; off: number } | undefined): EvalEnv {
    return { dot, lookup: this.lookupBound };
  }

  private lookup(name: string, col: number): Value {
    const eq = this.equs.get(name);
    if (eq) {
      if (this.equDepth >= MAX_EQU_DEPTH) fail('bad-expression', col, `constants nested more than ${MAX_EQU_DEPTH} deep`);
      this.equDepth++;
      try {
        if (this.pass === 2) return this.resolveEqu(name, eq);
        if (eq.busy) fail('bad-expression', col, `'${name}' is defined in terms of itself`);
        eq.busy = true;
        try {
          return evaluate(eq.expr, this.env(eq.dot));
        } finally {
          eq.busy = false;
        }
      } finally {
        this.equDepth--;
      }
    }
    const l = this.labels.get(name);
    if (l) {
      const hint = !name.startsWith('.L') || this.globals.has(name) ? name : undefined;
      return { t: 'sec', sec: l.sec, v: l.off, hint };
    }
    if (this.sections.has(name)) return { t: 'sec', sec: name, v: 0 };
    return this.pass === 1 ? { t: 'unk' } : { t: 'ext', sym: name, v: 0 };
  }

  private resolveEqu(name: string, eq: EquDef): Value {
    if (eq.value) return eq.value;
    if (eq.busy) fail('bad-expression', eq.col, `'${name}' is defined in terms of itself`);
    eq.busy = true;
    let v: Value;
    try {
      v = evaluate(eq.expr, this.env(eq.dot));
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.report(eq.line, e.col, e.code, e.message);
      v = { t: 'abs', v: 0 };
    } finally {
      eq.busy = false;
    }
    eq.value = v;
    return v;
  }

  /** pass 1: value if known, else 'unk'; never reports */
  private peek(dot: { sec: string; off: number }): (e: Expr) => Value {
    return peekIn(this.env(dot));
  }

  /** pass 1: an expression that must be a constant now (sizes, alignments) */
  private constant(e: Expr, what: string): number {
    const v = evaluate(e, this.env({ sec: this.cur.name, off: this.cur.size }));
    if (v.t === 'abs') return v.v;
    if (v.t === 'unk') fail('not-constant', e.col, `${what} must be a constant defined before this line`);
    fail('not-constant', e.col, `${what} must be a constant, not an address`);
  }

  private relocTarget(v: Value, col: number): { symbol: string; addend: number } {
    if (v.t === 'ext') {
      if (v.sym.startsWith('.L')) fail('undefined-symbol', col, `undefined local label '${v.sym}'`);
      this.undefinedUsed.add(v.sym);
      return { symbol: v.sym, addend: v.v | 0 };
    }
    if (v.t === 'sec') {
      if (v.hint !== undefined) {
        const l = this.labels.get(v.hint)!;
        return { symbol: v.hint, addend: (v.v - l.off) | 0 };
      }
      this.sectionSymsUsed.add(v.sec);
      return { symbol: v.sec, addend: v.v | 0 };
    }
    fail('internal', col, 'relocation of a constant');
  }

  // ---- pass 1 ------------------------------------------------------------------------------

  private pass1Line(text: string, line: number): void {
    this.curLine = line;
    if (this.diags.length >= MAX_DIAGNOSTICS) return;
    // try/catch in place of guard(): this runs for every line, and each closure costs
    let parsed: ReturnType<typeof parseLine>;
    try {
      const toks = lexLine(text, this.arch);
      if (toks.length === 0) return;
      parsed = parseLine(toks, text.length + 1);
    } catch (e) {
      this.caught(line, e);
      return;
    }
    for (const l of parsed.labels) {
      try {
        this.defineLabel(l.name, l.col);
      } catch (e) {
        this.caught(line, e);
      }
    }
    const stmt = parsed.stmt;
    if (!stmt) return;
    try {
      switch (stmt.k) {
        case 'dir': this.directive(stmt); break;
        case 'assign': this.defineEqu(stmt.name, stmt.col, stmt.value, stmt.endCol); break;
        case 'ins': this.instruction(stmt); break;
      }
    } catch (e) {
      this.caught(line, e);
    }
  }

  private defineEqu(name: string, col: number, value: Operand, endCol: number): void {
    const e = this.expr(value, endCol);
    this.checkNewName(name, col, 'constant');
    this.equs.set(name, { expr: e, dot: { sec: this.cur.name, off: this.cur.size }, line: this.curLine, col, busy: false });
  }

  private expr(op: Operand, endCol: number): Expr {
    const cur = new Cursor(op.toks, endCol);
    const e = parseExpr(cur, { reserved: this.reserved });
    const t = cur.peek();
    if (t) fail('syntax', t.col, `unexpected ${describe(t)}`);
    return e;
  }

  private ident(op: Operand | undefined, what: string, col: number): { name: string; col: number } {
    if (!op) fail('bad-directive', col, `expected ${what}`);
    const t = op.toks[0]!;
    if (op.toks.length !== 1 || t.t !== 'id' || t.s.startsWith('@')) fail('bad-directive', op.col, `expected ${what}`);
    return { name: t.s, col: t.col };
  }

  private advance(n: number): void {
    this.cur.size += n;
    this.use(this.cur);
  }

  /** sections appear in the object in the order they are first used */
  private use(s: Sec): void {
    if (s.used) return;
    s.used = true;
    this.usedOrder.push(s);
  }

  private instruction(stmt: Extract<Stmt, { k: 'ins' }>): void {
    const cur = this.cur;
    if (cur.kind === 'bss') fail('bad-directive', stmt.col, `instructions are not allowed in bss section '${cur.name}'`);
    const off = cur.size;
    const loc = this.loc ?? { file: this.path, line: this.curLine, col: stmt.col };
    if (this.arch === 'x86') {
      const peek = this.peek({ sec: cur.name, off });
      const plans = planX86(stmt.mn, stmt.col, stmt.ops, stmt.endCol, peek);
      const { size, bytes } = preEncodeX86(plans, peek);
      this.items.push({ k: 'ins', line: this.curLine, col: stmt.col, sec: cur.name, off, size, plans, bytes, loc });
      this.advance(size);
    } else {
      if (off % 4 !== 0) this.report(this.curLine, stmt.col, 'misaligned', `instruction at offset ${off} of '${cur.name}' is not word aligned (add .align 4)`);
      const size = armSize(stmt.mn, stmt.ops);
      this.items.push({ k: 'ins', line: this.curLine, col: stmt.col, sec: cur.name, off, size, stmt, loc });
      this.advance(size);
    }
  }

  private directive(stmt: Extract<Stmt, { k: 'dir' }>): void {
    const { name, ops, col, endCol } = stmt;
    // most directives in compiled code are line markers: test for them before the long switch
    if (name === '.loc') { this.locDirective(stmt); return; }
    switch (name) {
      case '.text': case '.data': case '.rodata': case '.bss':
        noOperands(stmt);
        this.switchTo(name, name.slice(1) as SectionKind, col);
        return;
      case '.section': {
        operandCount(stmt, 1, 3);
        const t = ops[0]!.toks;
        const nm = t.length === 1 && t[0]!.t === 'id' ? t[0]!.s : t.length === 1 && t[0]!.t === 'str' ? new TextDecoder().decode(new Uint8Array(t[0]!.bytes)) : undefined;
        if (nm === undefined || nm === '' || nm.includes('\0')) fail('bad-directive', ops[0]!.col, 'expected a section name');
        let flags: string | undefined;
        if (ops[1]) {
          const f = ops[1].toks;
          if (f.length !== 1 || f[0]!.t !== 'str') fail('bad-directive', ops[1].col, 'expected section flags as a string ("ax", "aw", "a")');
          flags = String.fromCharCode(...f[0]!.bytes);
        }
        let nobits = false;
        if (ops[2]) {
          const ty = ops[2].toks.map((x) => (x.t === 'id' ? x.s : x.t === 'p' ? x.s : '?')).join('');
          if (!/^[@%]?(nobits|progbits)$/.test(ty)) fail('bad-directive', ops[2].col, "expected @progbits or @nobits");
          nobits = ty.endsWith('nobits');
        }
        this.switchTo(nm, nobits ? 'bss' : sectionKind(nm, flags), ops[0]!.col);
        return;
      }
      case '.global': case '.globl': case '.extern': {
        if (ops.length === 0) fail('bad-directive', col, `'${name}' needs a symbol name`);
        for (const op of ops) {
          const id = this.ident(op, 'a symbol name', col);
          if (this.reserved(id.name)) fail('bad-directive', id.col, `'${id.name}' is a register, not a symbol`);
          if (this.sections.has(id.name)) fail('bad-directive', id.col, `'${id.name}' is a section name`);
          const map = name === '.extern' ? this.externs : this.globals;
          if (!map.has(id.name)) map.set(id.name, { line: this.curLine, col: id.col });
        }
        return;
      }
      case '.byte': case '.half': case '.short': case '.hword': case '.2byte': case '.word':
      case '.dword': case '.long': case '.int': case '.4byte': {
        const width = name === '.byte' ? 1
          : name === '.word' ? (this.arch === 'x86' ? 2 : 4)
          : name === '.half' || name === '.short' || name === '.hword' || name === '.2byte' ? 2 : 4;
        if (name === '.dword' && this.arch === 'arm') fail('bad-directive', col, "'.dword' is x86 only; use .word or .long on arm");
        if (ops.length === 0) fail('bad-directive', col, `'${name}' needs at least one value`);
        this.noBss(stmt);
        const exprs = ops.map((o) => this.expr(o, endCol));
        this.items.push({ k: 'data', line: this.curLine, sec: this.cur.name, off: this.cur.size, width, exprs });
        this.advance(width * exprs.length);
        return;
      }
      case '.ascii': case '.asciz': case '.string': {
        if (ops.length === 0) fail('bad-directive', col, `'${name}' needs a string`);
        this.noBss(stmt);
        const bytes: number[] = [];
        for (const op of ops) {
          const t = op.toks[0]!;
          if (op.toks.length !== 1 || t.t !== 'str') fail('bad-directive', op.col, `'${name}' expects "strings"`);
          bytes.push(...t.bytes);
          if (name !== '.ascii') bytes.push(0);
        }
        this.items.push({ k: 'bytes', line: this.curLine, sec: this.cur.name, off: this.cur.size, bytes });
        this.advance(bytes.length);
        return;
      }
      case '.zero': case '.space': case '.skip': {
        operandCount(stmt, 1, 2);
        const n = this.constant(this.expr(ops[0]!, endCol), 'the size');
        if (n < 0 || n > MAX_FILL) fail('imm-range', ops[0]!.col, `size ${n} out of range 0..${MAX_FILL}`);
        const fill = ops[1] ? this.fillByte(ops[1], endCol) : 0;
        if (this.cur.kind === 'bss' && fill !== 0) fail('bad-directive', ops[1]!.col, 'bss can only be filled with zeros');
        this.fill(n, fill, false);
        return;
      }
      case '.align': case '.balign': case '.p2align': {
        operandCount(stmt, 1, 2);
        let n = this.constant(this.expr(ops[0]!, endCol), 'the alignment');
        if (name === '.p2align') {
          if (n < 0 || n > 16) fail('imm-range', ops[0]!.col, `alignment 2^${n} out of range 2^0..2^16`);
          n = 1 << n;
        }
        if (n < 1 || n > 65536 || (n & (n - 1)) !== 0) fail('bad-directive', ops[0]!.col, `alignment ${n} is not a power of two in 1..65536`);
        const fill = ops[1] ? this.fillByte(ops[1], endCol) : undefined;
        if (this.cur.kind === 'bss' && fill) fail('bad-directive', ops[1]!.col, 'bss can only be filled with zeros');
        this.cur.align = Math.max(this.cur.align, n);
        const pad = (n - (this.cur.size % n)) % n;
        this.fill(pad, fill ?? 0, fill === undefined && this.cur.kind === 'text');
        this.use(this.cur);
        return;
      }
      case '.equ': case '.set': {
        operandCount(stmt, 2, 2);
        const id = this.ident(ops[0], 'a constant name', col);
        this.defineEqu(id.name, id.col, ops[1]!, endCol);
        return;
      }
      case '.type': {
        operandCount(stmt, 2, 2);
        const id = this.ident(ops[0], 'a symbol name', col);
        const ty = ops[1]!.toks.map((x) => (x.t === 'id' ? x.s : x.t === 'p' ? x.s : x.t === 'str' ? String.fromCharCode(...x.bytes) : '?')).join('').toLowerCase();
        const m = /^[@%#]?(function|object|notype|stt_func|stt_object|stt_notype)$/.exec(ty);
        if (!m) fail('bad-directive', ops[1]!.col, 'expected @function, @object or @notype');
        const type: SymbolType = m[1]!.endsWith('function') || m[1] === 'stt_func' ? 'func' : m[1]!.endsWith('object') ? 'object' : 'none';
        this.types.set(id.name, { type, line: this.curLine, col: id.col });
        return;
      }
      case '.size': {
        operandCount(stmt, 2, 2);
        const id = this.ident(ops[0], 'a symbol name', col);
        const e = this.expr(ops[1]!, endCol);
        this.items.push({ k: 'size', line: this.curLine, col: ops[1]!.col, sec: this.cur.name, off: this.cur.size, name: id.name, expr: e });
        return;
      }
      case '.file': {
        const toks = ops.flatMap((o) => o.toks);
        const num = toks[0]?.t === 'num' ? toks[0].n : undefined;
        const str = toks[num === undefined ? 0 : 1];
        if (!str || str.t !== 'str' || toks.length !== (num === undefined ? 1 : 2)) fail('bad-directive', col, 'expected .file "name" or .file N "name"');
        const file = new TextDecoder().decode(new Uint8Array(str.bytes));
        if (file.includes('\0')) fail('bad-directive', str.col, 'file name contains a NUL');
        if (num === undefined) this.defaultFile = file;
        else this.locFiles.set(num, file);
        return;
      }
      default:
        fail('bad-directive', col, `unknown directive '${name}'`);
    }
  }

  private locDirective(stmt: Extract<Stmt, { k: 'dir' }>): void {
    const toks = stmt.ops.flatMap((o) => o.toks);
    const nums: number[] = [];
    for (const t of toks) { if (t.t !== 'num') break; nums.push(t.n); }
    if (nums.length < 2 || nums.some((n) => n < 0)) fail('bad-directive', stmt.col, 'expected .loc FILE LINE [COLUMN]');
    const file = this.locFiles.get(nums[0]!) ?? this.defaultFile;
    if (file === undefined) fail('bad-directive', toks[0]!.col, `file ${nums[0]} was not declared with .file`);
    this.loc = { file, line: nums[1]!, col: nums[2] ?? 0 };
  }

  private noBss(stmt: Extract<Stmt, { k: 'dir' }>): void {
    if (this.cur.kind === 'bss') fail('bad-directive', stmt.col, `'${stmt.name}': bss section '${this.cur.name}' holds no initialised data (use .zero)`);
  }

  private fillByte(op: Operand, endCol: number): number {
    const v = this.constant(this.expr(op, endCol), 'the fill value');
    if (v < -128 || v > 255) fail('imm-range', op.col, `fill value ${v} out of range -128..255`);
    return v & 0xff;
  }

  private fill(n: number, byte: number, nop: boolean): void {
    if (n === 0) return;
    if (this.cur.kind !== 'bss') this.items.push({ k: 'fill', line: this.curLine, sec: this.cur.name, off: this.cur.size, size: n, byte, nop });
    this.advance(n);
  }

  private switchTo(name: string, kind: SectionKind, col: number): void {
    if (RESERVED_SECTIONS.includes(name)) fail('bad-directive', col, `section name '${name}' is reserved`);
    if (this.labels.has(name) || this.equs.has(name)) fail('bad-directive', col, `'${name}' is already a symbol name`);
    this.cur = this.section(name, kind);
    this.use(this.cur);
  }

  // ---- pass 2 ------------------------------------------------------------------------------

  private pass2Item(item: Item): void {
    const sec = this.sections.get(item.sec)!;
    const dot = { sec: item.sec, off: item.off };
    const env = this.env(dot);
    switch (item.k) {
      case 'ins': {
        if (item.bytes) {
          sec.data.set(item.bytes, item.off);
          this.lineTable.push({ section: item.sec, offset: item.off, file: item.loc.file, line: item.loc.line, col: item.loc.col });
          return;
        }
        const plans = item.plans ?? planArm(item.stmt.mn, item.stmt.col, item.stmt.ops, item.stmt.endCol, peekIn(env));
        const bytes: number[] = [];
        const relocs: Reloc[] = [];
        for (const p of plans) {
          const ctx = new InsnContext(this.relocBound, env, item.sec, item.off, item.off + bytes.length);
          const enc = this.arch === 'x86' ? encodeX86Planned(p, ctx) : encodeArmPlanned(p, ctx);
          for (const r of enc.relocs) relocs.push({ offset: item.off + bytes.length + r.offset, type: r.type, symbol: r.symbol, addend: r.addend });
          bytes.push(...enc.bytes);
        }
        if (bytes.length !== item.size) fail('internal', item.col, `instruction is ${bytes.length} bytes in pass 2 but ${item.size} in pass 1`);
        sec.data.set(bytes, item.off);
        sec.relocs.push(...relocs);
        this.lineTable.push({ section: item.sec, offset: item.off, file: item.loc.file, line: item.loc.line, col: item.loc.col });
        return;
      }
      case 'data': {
        const w = item.width;
        item.exprs.forEach((e, i) => this.guard(item.line, () => {
          const at = item.off + i * w;
          const v = evaluate(e, env);
          if (v.t === 'abs') {
            const lo = w === 1 ? -128 : w === 2 ? -32768 : -2147483648;
            const hi = w === 1 ? 255 : w === 2 ? 65535 : 4294967295;
            if (v.v < lo || v.v > hi) fail('imm-range', e.col, `value ${v.v} out of range ${lo}..${hi}`);
            for (let j = 0; j < w; j++) sec.data[at + j] = (v.v >>> (8 * j)) & 0xff;
            return;
          }
          const t = this.relocTarget(v, e.col);
          sec.relocs.push({ offset: at, type: w === 4 ? RelocType.ABS32 : w === 2 ? RelocType.ABS16 : RelocType.ABS8, symbol: t.symbol, addend: t.addend });
        }));
        return;
      }
      case 'bytes':
        sec.data.set(item.bytes, item.off);
        return;
      case 'fill': {
        if (!item.nop) { sec.data.fill(item.byte, item.off, item.off + item.size); return; }
        const nop = this.nopBytes();
        if (nop.length === 0 || item.size % nop.length !== 0 || item.off % nop.length !== 0) sec.data.fill(0, item.off, item.off + item.size);
        else for (let i = 0; i < item.size; i += nop.length) sec.data.set(nop, item.off + i);
        return;
      }
      case 'size': {
        const v = evaluate(item.expr, env);
        if (v.t !== 'abs') fail('not-constant', item.col, 'the size must be a constant');
        if (v.v < 0) fail('imm-range', item.col, `size ${v.v} is negative`);
        this.sizes.set(item.name, v.v);
        const l = this.labels.get(item.name);
        if (!l) fail('undefined-symbol', item.col, `'.size' of '${item.name}', which is not a label in this file`);
        const s = this.sections.get(l.sec)!;
        if (l.off + v.v > s.size) fail('imm-range', item.col, `size ${v.v} of '${item.name}' runs past the end of '${s.name}'`);
        return;
      }
    }
  }

  private nopCache: number[] | undefined;
  private nopBytes(): number[] {
    if (this.nopCache) return this.nopCache;
    const def = INSTRS[this.arch].find((d) => d.op.cls === 'nop' && d.form.args.length === 0);
    if (!def) return (this.nopCache = []);
    const ins: Instr = { id: def.id, args: [] };
    if (this.arch === 'x86') return (this.nopCache = encodeX86(ins).bytes);
    const w = encodeArm(ins).word;
    return (this.nopCache = [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff]);
  }

  // ---- output ------------------------------------------------------------------------------

  private finish(): ObjectFile {
    for (const [name, g] of this.globals) {
      if (this.equs.has(name)) this.report(g.line, g.col, 'bad-directive', `constant '${name}' cannot be exported (only labels can)`);
    }
    for (const [name, t] of this.types) {
      if (!this.labels.has(name) && !this.globals.has(name) && !this.externs.has(name) && !this.undefinedUsed.has(name)) {
        this.report(t.line, t.col, 'undefined-symbol', `'.type' of '${name}', which is not defined or referenced in this file`);
      }
    }
    const sections: ObjSection[] = [];
    for (const s of this.sections.values()) if (!s.used && this.sectionSymsUsed.has(s.name)) this.use(s);
    for (const s of this.usedOrder) {
      sections.push({ name: s.name, kind: s.kind, align: s.align, data: s.data, size: s.size, relocs: s.relocs.sort((a, b) => a.offset - b.offset) });
    }
    const kindOf = (sec: string) => this.sections.get(sec)!.kind;
    const locals: ObjSymbol[] = [];
    const globals: ObjSymbol[] = [];
    for (const s of sections) {
      if (this.sectionSymsUsed.has(s.name)) locals.push({ name: s.name, section: s.name, value: 0, global: false, size: 0, type: 'none' });
    }
    for (const [name, l] of this.labels) {
      const global = this.globals.has(name);
      if (!global && name.startsWith('.L')) continue;
      const sym: ObjSymbol = {
        name, section: l.sec, value: l.off, global,
        size: this.sizes.get(name) ?? 0,
        type: this.types.get(name)?.type ?? (kindOf(l.sec) === 'text' ? 'func' : 'object'),
      };
      (global ? globals : locals).push(sym);
    }
    const undef = new Set<string>();
    for (const name of [...this.globals.keys(), ...this.externs.keys(), ...this.undefinedUsed]) {
      if (this.labels.has(name) || this.equs.has(name) || undef.has(name)) continue;
      undef.add(name);
      globals.push({ name, section: null, value: 0, global: true, size: 0, type: this.types.get(name)?.type ?? 'none' });
    }
    return { arch: this.arch, sections, symbols: [...locals, ...globals], lines: this.lineTable };
  }
}

function sectionKind(name: string, flags: string | undefined): SectionKind {
  const pre = (p: string) => name === p || name.startsWith(p + '.');
  if (pre('.text')) return 'text';
  if (pre('.rodata')) return 'rodata';
  if (pre('.data')) return 'data';
  if (pre('.bss')) return 'bss';
  if (flags !== undefined) {
    if (flags.includes('x')) return 'text';
    if (flags.includes('w')) return 'data';
    return 'rodata';
  }
  return 'data';
}
