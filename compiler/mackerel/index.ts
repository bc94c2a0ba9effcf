// Mackerel: `.dev` device specifications -> TypeScript layouts/accessors and Fin accessor
// modules. Pipeline: lexer -> grammar (Ohm over the token string) -> parse (AST) -> build
// (model) -> checks -> gen-ts / gen-fin. Hake and the CLI call `mackerelGenerate`.
import { formatDiagnostic, type MackerelDiagnostic, diag } from './diagnostics.ts';
import { generateFin, finArchProblem } from './gen-fin.ts';
import { generateTs } from './gen-ts.ts';
import { loadDevice } from './load.ts';

export interface MackerelOptions {
  ts?: boolean;
  fin?: boolean;
  /** extra import roots, searched after the file's folder and its parent */
  includeDirs?: string[];
  /** import path of compiler/mackerel/runtime/ from where the TS output will live (ends in /) */
  tsRuntimeImport?: string;
  /** personality the Fin output is for: `arm` rejects devices with an io space up front (M0200).
   *  The text does not depend on it: without it, io accessors compile on both and trap on arm. */
  arch?: 'x86' | 'arm';
}

export interface MackerelResult {
  /** `path:line:col: error: message` lines; outputs are present only when this is empty */
  diagnostics: string[];
  ts?: string;
  fin?: string;
  /** imported .dev files actually read (for incremental builds) */
  deps: string[];
  /** the same diagnostics as data, with stable codes */
  errors: MackerelDiagnostic[];
}

export function mackerelGenerate(file: string, opts: MackerelOptions = {}): MackerelResult {
  const loaded = loadDevice(file, opts.includeDirs ?? []);
  const errors = [...loaded.diagnostics];
  const dev = loaded.device;
  if (dev && opts.fin && opts.arch) {
    const p = finArchProblem(dev, opts.arch);
    if (p) errors.push(diag('port-space-on-arm', file, p.pos, p.message));
  }
  if (!dev || errors.length > 0) return { diagnostics: errors.map(formatDiagnostic), deps: loaded.deps, errors };
  return {
    diagnostics: [], deps: loaded.deps, errors,
    ts: opts.ts ? generateTs(dev, { runtimeImport: opts.tsRuntimeImport }) : undefined,
    fin: opts.fin ? generateFin(dev) : undefined,
  };
}

export { loadDevice } from './load.ts';
export { parseDev } from './parse.ts';
export { generateTs } from './gen-ts.ts';
export { generateFin } from './gen-fin.ts';
export { MACKEREL_DIAGNOSTICS, formatDiagnostic } from './diagnostics.ts';
export type { Device, Register, Field } from './model.ts';
