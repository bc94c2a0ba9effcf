// Reading a device and its imports from disk: parse, resolve `import`, build the model, check.
// Import search (reference §2; shoal's rule): the importing file's folder, then its parent, then
// each -I root, in that order; the first `NAME.dev` found is used.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildDevice } from './build.ts';
import { checkDevice } from './checks.ts';
import { diag, type MackerelDiagnostic } from './diagnostics.ts';
import type { Device } from './model.ts';
import { parseDev } from './parse.ts';

export interface Loaded {
  device?: Device;
  diagnostics: MackerelDiagnostic[];
  /** imported .dev files actually read */
  deps: string[];
}

/** `text` stands in for the file's contents (imports are still read from disk). */
export function loadDevice(path: string, includeDirs: string[] = [], text?: string): Loaded {
  const deps: string[] = [];
  const cache = new Map<string, Device | null>();
  const diagnostics: MackerelDiagnostic[] = [];

  const load = (file: string, stack: string[], src?: string): Device | undefined => {
    let text = src;
    if (text === undefined) {
      try { text = readFileSync(file, 'utf8'); } catch (e) {
        diagnostics.push(diag('file-unreadable', file, { line: 1, col: 1 }, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
        return undefined;
      }
    }
    const parsed = parseDev(text, file);
    if (!parsed.ok) { diagnostics.push(parsed.error); return undefined; }
    const imports: Device[] = [];
    for (const imp of parsed.file.imports) {
      const found = [dirname(file), dirname(dirname(file)), ...includeDirs].map((d) => join(d, `${imp.name}.dev`)).find((p) => existsSync(p));
      if (!found) {
        diagnostics.push(diag('import-not-found', file, imp.pos, `can't find import '${imp.name}' (looked for ${imp.name}.dev in ${dirname(file)}, its parent${includeDirs.length ? ', ' + includeDirs.join(', ') : ''})`));
        continue;
      }
      if (stack.includes(found)) { diagnostics.push(diag('import-cycle', file, imp.pos, `import '${imp.name}' leads back to ${found}`)); continue; }
      let dev = cache.get(found);
      if (dev === undefined) {
        deps.push(found);
        dev = load(found, [...stack, found]) ?? null;
        cache.set(found, dev);
      }
      if (dev) imports.push(dev);
    }
    const built = buildDevice(parsed.file, file, imports);
    diagnostics.push(...built.diagnostics);
    return built.device;
  };

  const device = load(path, [path], text);
  if (device) diagnostics.push(...checkDevice(device));
  // one order for all, as the original sorts its errors: by file, then position
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.pos.line - b.pos.line || a.pos.col - b.pos.col);
  return { device: diagnostics.length === 0 ? device : undefined, diagnostics, deps };
}
