// The Fugu compiler as one call, for `shoal fugu` and for Hake: read a .fugu file, number its
// codes, and print TypeScript and/or Fin. Never throws on bad input; an output is present only
// when there are no errors.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diagnostic, formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import { emitFin } from './emit-fin.ts';
import { emitTs } from './emit-ts.ts';
import { buildModel, type ErrorModel } from './model.ts';
import { checkOutputNames } from './names.ts';
import { parseFugu } from './parse.ts';

export interface FuguOptions { ts?: boolean; fin?: boolean }

export interface FuguResult {
  /** formatted `path:line:col: error: message` lines */
  diagnostics: string[];
  /** the same, as data with stable codes */
  errors: Diagnostic[];
  /** the numbered model, when the file parsed and checked cleanly */
  model?: ErrorModel;
  ts?: string;
  fin?: string;
}

/** Parse and number a .fugu text; `path` labels diagnostics. */
export function fuguModel(text: string, path: string): { model?: ErrorModel; errors: Diagnostic[] } {
  const parsed = parseFugu(text, path);
  if (parsed.diagnostics.length > 0) return { errors: parsed.diagnostics };
  const { model, diagnostics } = buildModel(parsed.classes, path);
  return diagnostics.length > 0 ? { errors: diagnostics } : { model, errors: [] };
}

export function fuguGenerate(file: string, opts: FuguOptions): FuguResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const d = diagnostic('file-not-found', file, { line: 1, col: 1 }, `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    return { diagnostics: [formatDiagnostic(d)], errors: [d] };
  }
  const { model, errors } = fuguModel(text, file);
  const nameErrors = model && (opts.ts || opts.fin) ? checkOutputNames(model, file) : [];
  const all = [...errors, ...nameErrors];
  const result: FuguResult = { diagnostics: all.map(formatDiagnostic), errors: all };
  if (!model || all.length > 0) return result;
  result.model = model;
  if (opts.ts) result.ts = emitTs(model, basename(file));
  if (opts.fin) result.fin = emitFin(model, basename(file));
  return result;
}

export type { ErrorModel, ErrorCode, ErrorDomain } from './model.ts';
export type { Diagnostic } from './diagnostics.ts';
export { DIAGNOSTICS } from './diagnostics.ts';
