// `shoal fugu`: compile a Fugu error-definition file to TypeScript and/or Fin, or summarise it.
import { writeFileSync } from 'node:fs';
import { fuguGenerate, type ErrorModel } from '../../compiler/fugu/index.ts';
import { fail, ok, type ActionResult } from './result.ts';

export interface FuguActionOptions {
  file: string;
  /** where to write the TypeScript module */
  ts?: string;
  /** where to write the Fin module */
  fin?: string;
  /** print the one-line summary (also the default when no output is asked for) */
  check?: boolean;
}

/** One line: classes, codes by kind, value range, and the errval layout. */
export function fuguSummary(file: string, m: ErrorModel): string {
  const codes = m.domains.flatMap((d) => d.codes);
  const successes = codes.filter((c) => c.kind === 'success').length;
  const distinct = new Set(m.domains.map((d) => d.name)).size;
  const classes = `${m.domains.length} error classes${distinct !== m.domains.length ? ` (${distinct} domains)` : ''}`;
  return `${file}: ${classes}, ${codes.length} codes (${successes} success, ${codes.length - successes} failure), ` +
    `values 0..${m.count - 1}; ${m.bits}-bit codes, ${m.depth} per 32-bit errval`;
}

export function fuguAction(o: FuguActionOptions): ActionResult {
  const r = fuguGenerate(o.file, { ts: o.ts !== undefined, fin: o.fin !== undefined });
  if (!r.model) return fail(r.diagnostics);
  for (const [path, text] of [[o.ts, r.ts], [o.fin, r.fin]] as const) {
    if (path === undefined || text === undefined) continue;
    try {
      writeFileSync(path, text);
    } catch (e) {
      return fail([`${path}: error: cannot write file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
    }
  }
  const summarise = o.check || (o.ts === undefined && o.fin === undefined);
  return ok(summarise ? [fuguSummary(o.file, r.model)] : []);
}
