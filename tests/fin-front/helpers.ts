// Shared helpers: compile in-memory Fin sources through the public API.
import { expect } from 'vitest';
import { checkProgram, formatDiagnostic, type CheckResult, type Diagnostic } from '../../compiler/fin/index.ts';
import type { Arch, FuncInfo, TExpr, TStmt } from '../../compiler/fin/checked.ts';

export const MAIN = '/src/main.fin';

/** A tiny std.io, enough for the spec's example. */
export const STD_IO = `
pub fn print(s: *u8) { }
pub fn println(s: *u8) { }
pub fn print_u32(n: u32) { }
`;

/** The example program of the language spec, verbatim. */
export const SPEC_EXAMPLE = `import std.io;

struct Node { value: u32, next: *Node }

fn sum(list: *Node) -> u32 {
    var total: u32 = 0;
    var n = list;
    while n != null { total += n.value; n = n.next; }
    return total;
}

pub fn main() -> i32 {
    var nodes: [4]Node;
    for i in 0..4 {
        nodes[i].value = i * 10;
        nodes[i].next = null;
        if i > 0 { nodes[i - 1].next = &nodes[i]; }
    }
    io.print("sum=");
    io.print_u32(sum(&nodes[0]));    // prints sum=60
    io.println("");
    return 0;
}
`;

export interface Compiled extends CheckResult {
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** `CODE@line` for every diagnostic, in order */
  codes: string[];
}

/** Compiles `main` (the text of /src/main.fin) plus extra files (path → text; relative paths
 *  are under /src). Roots: /std (with std/io.fin) then /src. */
export function compile(main: string, opts: { arch?: Arch; files?: Record<string, string> } = {}): Compiled {
  const files: Record<string, string> = { '/std/std/io.fin': STD_IO, [MAIN]: main };
  for (const [p, text] of Object.entries(opts.files ?? {})) files[p.startsWith('/') ? p : `/src/${p}`] = text;
  const r = checkProgram({ mainFiles: [MAIN], roots: ['/std', '/src'], arch: opts.arch ?? 'x86', readFile: (p) => files[p] });
  return {
    ...r,
    errors: r.diagnostics.filter((d) => d.severity === 'error'),
    warnings: r.diagnostics.filter((d) => d.severity === 'warning'),
    codes: r.diagnostics.map((d) => `${d.code}@${d.line}`),
  };
}

/** Asserts the program compiles without errors and returns it. */
export function ok(main: string, opts: { arch?: Arch; files?: Record<string, string> } = {}): NonNullable<CheckResult['program']> {
  const r = compile(main, opts);
  if (r.errors.length > 0 || !r.program) throw new Error('unexpected errors:\n' + r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.program;
}

/** Asserts that compiling gives an error with this code on this line. */
export function fails(main: string, code: string, line: number, opts: { arch?: Arch; files?: Record<string, string> } = {}): Compiled {
  const r = compile(main, opts);
  expect(r.program).toBeUndefined();
  const hit = r.errors.find((d) => d.code === code && d.line === line);
  if (!hit) throw new Error(`expected ${code} at line ${line}, got:\n` + (r.diagnostics.map(formatDiagnostic).join('\n') || '(nothing)'));
  return r;
}

/** Wraps statements in `fn f() { ... }` on line 1 so that statement lines are 2, 3, ... */
export function inFn(body: string, ret = ''): string {
  return `fn f()${ret ? ' -> ' + ret : ''} {\n${body}\n}`;
}

export function fn(p: { functions: FuncInfo[] }, name: string): FuncInfo {
  const f = p.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
}

/** Every expression in a function body, in pre-order. */
export function exprsOf(stmts: TStmt[]): TExpr[] {
  const out: TExpr[] = [];
  const visitE = (e: TExpr | null): void => {
    if (!e) return;
    out.push(e);
    switch (e.kind) {
      case 'field': visitE(e.object); break;
      case 'index': visitE(e.object); visitE(e.index); break;
      case 'deref': visitE(e.pointer); break;
      case 'addr': visitE(e.operand); break;
      case 'unary': visitE(e.operand); break;
      case 'binary': case 'logical': case 'ptrdiff': visitE(e.left); visitE(e.right); break;
      case 'ptradd': visitE(e.pointer); visitE(e.offset); break;
      case 'cast': visitE(e.operand); break;
      case 'call': visitE(e.callee); e.args.forEach(visitE); break;
      case 'intrinsic': e.args.forEach(visitE); break;
      default: break;
    }
  };
  const visitS = (s: TStmt): void => {
    switch (s.kind) {
      case 'block': s.body.forEach(visitS); break;
      case 'var': visitE(s.init); break;
      case 'assign': visitE(s.target); visitE(s.value); break;
      case 'expr': visitE(s.expr); break;
      case 'if': visitE(s.cond); s.then.forEach(visitS); s.else?.forEach(visitS); break;
      case 'while': visitE(s.cond); s.body.forEach(visitS); break;
      case 'loop': s.body.forEach(visitS); break;
      case 'for': visitE(s.from); visitE(s.to); s.body.forEach(visitS); break;
      case 'return': visitE(s.value); break;
      case 'switch': visitE(s.subject); s.cases.forEach((c) => c.body.forEach(visitS)); s.default?.forEach(visitS); break;
      default: break;
    }
  };
  stmts.forEach(visitS);
  return out;
}
