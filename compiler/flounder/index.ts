// Flounder's library entry points: `parseInterface` (text → model or diagnostics) and
// `flounderGenerate` (a path → stubs), which both the `shoal flounder` command and Hake use.
import { readFileSync } from 'node:fs';
import { builtinImports, type Arch } from './builtins.ts';
import { checkInterface, TypeScope } from './check.ts';
import { Diags, formatDiagnostic, type FlounderDiagnostic } from './diagnostics.ts';
import type { Interface } from './model.ts';
import { parseIncludeText, parseInterfaceText } from './parse.ts';
import type { TypeDeclAst } from './ast.ts';
import { tsStubs, type TsStubOptions } from './ts/index.ts';
import { finStubs } from './fin/index.ts';

export type { Interface } from './model.ts';
export type { Arch } from './builtins.ts';
export type { FlounderDiagnostic } from './diagnostics.ts';

export interface ParseOptions {
  /** personality: picks the built-in import aliases (default x86) */
  arch?: Arch;
  /** import files (`-i`), parsed in order before the interface; when given they replace the
   *  built-in aliases, as Barrelfish's own `-i` files would */
  imports?: { path: string; text: string }[];
}

// Import files are parsed once per text: every interface of a build reads the same three, and
// a syntax tree is never modified after parsing.
const importCache = new Map<string, { decls: TypeDeclAst[]; diagnostics: FlounderDiagnostic[] }>();
function parsedImport(imp: { path: string; text: string }): { decls: TypeDeclAst[]; diagnostics: FlounderDiagnostic[] } {
  const key = `${imp.path}\0${imp.text}`;
  let r = importCache.get(key);
  if (!r) {
    const d = new Diags(imp.path, imp.text);
    r = { decls: parseIncludeText(imp.text, d) ?? [], diagnostics: d.list };
    if (importCache.size > 64) importCache.clear();
    importCache.set(key, r);
  }
  return r;
}

export interface ParseResult { iface?: Interface; diagnostics: FlounderDiagnostic[] }

/** Parse and check one interface. Never throws on bad input: problems come back as diagnostics. */
export function parseInterface(text: string, path: string, opts: ParseOptions = {}): ParseResult {
  const scope = new TypeScope();
  const diagnostics: FlounderDiagnostic[] = [];
  for (const imp of opts.imports ?? builtinImports(opts.arch ?? 'x86')) {
    const d = new Diags(imp.path, imp.text);
    const parsed = parsedImport(imp);
    d.list.push(...parsed.diagnostics);
    for (const decl of parsed.decls) scope.declare(decl, d, true);
    diagnostics.push(...d.list);
  }
  const diags = new Diags(path, text);
  const ast = parseInterfaceText(text, diags);
  const iface = ast && diagnostics.length === 0 ? checkInterface(ast, path, scope, diags) : undefined;
  diagnostics.push(...diags.list);
  return diagnostics.length ? { diagnostics } : { iface, diagnostics };
}

/** Check an import file (`-i`, e.g. Barrelfish's `if/types.if`): declarations only. */
export function parseImportFile(text: string, path: string): FlounderDiagnostic[] {
  return checkImport(text, path).diagnostics;
}

function checkImport(text: string, path: string): { diagnostics: FlounderDiagnostic[]; declarations: number } {
  const d = new Diags(path, text);
  const scope = new TypeScope();
  const decls = parseIncludeText(text, d) ?? [];
  for (const decl of decls) scope.declare(decl, d, true);
  return { diagnostics: d.list, declarations: decls.length };
}

export interface GenerateOptions {
  ts?: boolean;
  fin?: boolean;
  arch?: Arch;
  /** `-i` import file paths */
  imports?: string[];
  /** where the TS stubs will be written: runtime imports are made relative to it */
  tsOut?: string;
}

export interface GenerateResult {
  diagnostics: string[];
  ts?: string;
  fin?: string;
  summary: string;
  iface?: Interface;
  /** the interface file itself did not parse (only syntax diagnostics) */
  syntaxOnly?: boolean;
  /** the `-i` import files read (besides the interface), for incremental builds */
  deps?: string[];
}

function readText(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { error: `${path}:1:1: error: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
}

/** `--check`: an interface file, or else an import file (declarations only, like Barrelfish's
 *  `if/types.if`), which is accepted as such when it declares something and has no error. */
export function flounderCheck(file: string, opts: Pick<GenerateOptions, 'arch' | 'imports'> = {}): { diagnostics: string[]; summary: string } {
  const r = flounderGenerate(file, opts);
  if (r.diagnostics.length === 0 || !r.syntaxOnly) return r;
  const src = readText(file);
  const imp = src.text !== undefined ? checkImport(src.text, file) : undefined;
  if (imp && imp.declarations > 0 && imp.diagnostics.length === 0) return { diagnostics: [], summary: `${file}: import file: ${imp.declarations} declaration(s)` };
  return r;
}

/** One interface file → stubs. `diagnostics` are formatted lines; outputs only when there are none. */
export function flounderGenerate(file: string, opts: GenerateOptions & TsStubOptions = {}): GenerateResult {
  const imports: { path: string; text: string }[] = [];
  const errors: string[] = [];
  for (const p of opts.imports ?? []) {
    const r = readText(p);
    if (r.error) errors.push(r.error); else imports.push({ path: p, text: r.text! });
  }
  const src = readText(file);
  if (src.error) errors.push(src.error);
  if (errors.length) return { diagnostics: errors, summary: `${file}: unreadable` };
  const arch = opts.arch ?? 'x86';
  const r = parseInterface(src.text!, file, { arch, imports: opts.imports ? imports : undefined });
  if (!r.iface) {
    const syntaxOnly = r.diagnostics.every((d) => d.path === file && d.name === 'syntax-error');
    return { diagnostics: r.diagnostics.map(formatDiagnostic), summary: `${file}: ${r.diagnostics.length} error(s)`, syntaxOnly };
  }
  const iface = r.iface;
  const rpcs = iface.rpcs.length;
  const summary = `${file}: interface ${iface.name}: ${iface.messages.length - 2 * rpcs} message(s), ${rpcs} rpc(s), ${iface.messages.length} wire message(s)`;
  const out: GenerateResult = { diagnostics: [], summary, iface, deps: opts.imports ?? [] };
  if (opts.ts) out.ts = tsStubs(iface, { tsOut: opts.tsOut, runtimeImport: opts.runtimeImport });
  if (opts.fin) out.fin = finStubs(iface, arch);
  return out;
}
