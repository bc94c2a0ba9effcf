// Finding, reading and parsing every module of a program. The main files are read first; then
// each `import a.b` is satisfied by an already loaded module of that name or else by the first
// file `a/b.fin` found under the search roots, in the order given (the caller passes the stdlib
// root first). Imports may form cycles: this stage only builds the graph, declarations are
// resolved later across all modules at once.
//
// Module names: a file's `module a.b;` declaration names it; without one, a main file is named by
// its path relative to the first root that contains it (`apps/hello.fin` → `apps.hello`), or by
// its file name when no root does; an imported file is named by the import path, and a
// `module` declaration in it must agree.
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { ImportDecl, SourceFile } from './ast.ts';
import type { DiagSink } from './diagnostics.ts';
import { parseSource } from './parse.ts';

export type ReadFile = (path: string) => string | undefined;

export interface LoadedModule {
  name: string;
  path: string;
  isMain: boolean;
  ast: SourceFile;
  /** the module each import of the file resolved to (failed imports are left out) */
  imports: { decl: ImportDecl; module: LoadedModule }[];
}

export interface LoadOptions {
  mainFiles: string[];
  roots: string[];
  readFile?: ReadFile;
}

export function defaultReadFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Loads the program's modules, main files first, then imports breadth-first. */
export function loadModules(opts: LoadOptions, diags: DiagSink): LoadedModule[] {
  const read = opts.readFile ?? defaultReadFile;
  const modules: LoadedModule[] = [];
  const byName = new Map<string, LoadedModule>();
  const byPath = new Map<string, LoadedModule | null>(); // null: read or parsed with errors

  const register = (m: LoadedModule, at: { line: number; col: number }): void => {
    const other = byName.get(m.name);
    if (other) {
      diags.report('duplicate-module', m.path, at, `module '${m.name}' is also defined by ${other.path}`);
      return;
    }
    byName.set(m.name, m);
  };

  for (const file of opts.mainFiles) {
    const path = nodePath.normalize(file);
    if (byPath.has(path)) continue;
    const source = read(path);
    if (source === undefined) {
      diags.report('file-not-found', path, { line: 1, col: 1 }, `cannot read '${path}'`);
      byPath.set(path, null);
      continue;
    }
    const ast = parseSource(source, path, diags);
    if (!ast) {
      byPath.set(path, null);
      continue;
    }
    const name = ast.module ? ast.module.path.join('.') : nameFromPath(path, opts.roots);
    const m: LoadedModule = { name, path, isMain: true, ast, imports: [] };
    byPath.set(path, m);
    modules.push(m);
    register(m, ast.module?.span ?? { line: 1, col: 1 });
  }

  const failedImports = new Set<string>();
  for (let i = 0; i < modules.length; i++) {
    const m = modules[i]!;
    for (const decl of m.ast.decls) {
      if (decl.kind !== 'import') continue;
      const name = decl.path.join('.');
      let target = byName.get(name);
      if (!target && !failedImports.has(name)) {
        target = loadImport(decl, m, opts.roots, read, byPath, diags) ?? undefined;
        if (target && !modules.includes(target)) {
          modules.push(target);
          register(target, target.ast.module?.span ?? { line: 1, col: 1 });
        } else if (!target) {
          failedImports.add(name);
        }
      }
      if (target) m.imports.push({ decl, module: target });
    }
  }
  return modules;
}

function loadImport(
  decl: ImportDecl, from: LoadedModule, roots: string[], read: ReadFile,
  byPath: Map<string, LoadedModule | null>, diags: DiagSink,
): LoadedModule | null {
  const name = decl.path.join('.');
  const rel = decl.path.join('/') + '.fin';
  const tried: string[] = [];
  for (const root of roots) {
    const path = nodePath.normalize(nodePath.join(root, rel));
    tried.push(path);
    if (byPath.has(path)) return byPath.get(path) ?? null;
    const source = read(path);
    if (source === undefined) continue;
    const ast = parseSource(source, path, diags);
    if (!ast) {
      byPath.set(path, null);
      return null;
    }
    if (ast.module && ast.module.path.join('.') !== name) {
      diags.report('module-name-mismatch', path, ast.module.span, `file declares module '${ast.module.path.join('.')}' but is imported as '${name}'`);
    }
    const m: LoadedModule = { name, path, isMain: false, ast, imports: [] };
    byPath.set(path, m);
    return m;
  }
  const where = tried.length > 0 ? `; looked for ${tried.join(', ')}` : '; no search roots were given';
  diags.report('module-not-found', from.path, decl.span, `cannot find module '${name}'${where}`);
  return null;
}

/** `root/a/b.fin` → `a.b`; outside every root, the file name without `.fin`. */
export function nameFromPath(path: string, roots: string[]): string {
  for (const root of roots) {
    const rel = nodePath.relative(nodePath.normalize(root), path);
    if (rel !== '' && !rel.startsWith('..') && !nodePath.isAbsolute(rel)) {
      return rel.replace(/\.fin$/, '').split(nodePath.sep).join('.');
    }
  }
  return nodePath.basename(path).replace(/\.fin$/, '');
}
