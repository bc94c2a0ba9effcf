// `shoal mackerel`: check a device specification and write its TypeScript and/or Fin accessors.
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mackerelGenerate } from '../../compiler/mackerel/index.ts';
import { fail, ok, type ActionResult } from './result.ts';

const RUNTIME = fileURLToPath(new URL('../../compiler/mackerel/runtime/', import.meta.url));

export interface MackerelActionOptions {
  file: string;
  /** write the TypeScript here */
  ts?: string;
  /** write the Fin module here */
  fin?: string;
  includeDirs?: string[];
  /** the personality the Fin output is for (`arm` rejects io-space devices) */
  arch?: 'x86' | 'arm';
  /** import path of the runtime from the TS output; default: computed from the paths */
  tsRuntime?: string;
}

/** The runtime folder as a relative import from the folder `out` will be written to. */
export function runtimeImportFor(out: string): string {
  let rel = relative(dirname(resolve(out)), RUNTIME).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel.endsWith('/') ? rel : `${rel}/`;
}

export function mackerelAction(o: MackerelActionOptions): ActionResult {
  const r = mackerelGenerate(o.file, {
    ts: o.ts !== undefined, fin: o.fin !== undefined, includeDirs: o.includeDirs, arch: o.arch,
    tsRuntimeImport: o.ts !== undefined ? (o.tsRuntime ?? runtimeImportFor(o.ts)) : undefined,
  });
  if (r.diagnostics.length > 0) return fail(r.diagnostics);
  try {
    if (o.ts !== undefined && r.ts !== undefined) writeFileSync(o.ts, r.ts);
    if (o.fin !== undefined && r.fin !== undefined) writeFileSync(o.fin, r.fin);
  } catch (e) {
    return fail([`error: cannot write output: ${(e as NodeJS.ErrnoException).message}`]);
  }
  return ok();
}
