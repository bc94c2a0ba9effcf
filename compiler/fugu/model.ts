// The typed model of a Fugu file: every code with its number, and the errval layout derived from
// the count. Numbering is the original tool's (`mkEnum` in Barrelfish's FuguBackend.lhs):
//   - a `default success` is 0, wherever it appears;
//   - the other successes are 1, 2, 3, ... in file order;
//   - failures are S, S+1, ... in file order, where S = 1 + the number of non-default successes;
//   - N = S + the number of failures (slot 0 counts even when no default exists);
//   - a code is `bits = floor(log2 N) + 1` wide.
// shoal's errval is 32 bits on both personalities: it holds DEPTH = floor(32 / bits) codes, the
// most recent in the low bits. Every printer (TS, Fin, the summary) reads these numbers from here.
import type { ClassDecl, CodeKind } from './ast.ts';
import { diagnostic, type Diagnostic, type Loc } from './diagnostics.ts';

/** Width of shoal's errval on both personalities (and of an errval on the wire in Flounder). */
export const ERRVAL_BITS = 32;

export interface ErrorCode {
  value: number;
  /** prefix + acronym, e.g. `SYS_ERR_OK` */
  name: string;
  domain: string;
  message: string;
  kind: CodeKind;
  isDefault: boolean;
  at: Loc;
}

export interface ErrorDomain {
  name: string;
  prefix: string;
  at: Loc;
  /** in file order */
  codes: ErrorCode[];
}

export interface ErrorModel {
  /** the classes in file order (a domain name may appear in several) */
  domains: ErrorDomain[];
  /** indexed by value; slot 0 is empty when the file has no `default success` */
  byValue: (ErrorCode | undefined)[];
  /** S: codes below it are successes (`is_ok`), codes from it on are failures */
  successLimit: number;
  /** N: the number of code slots, 0 .. N-1 */
  count: number;
  /** width of one code in an errval */
  bits: number;
  /** how many codes a 32-bit errval holds */
  depth: number;
}

export function codeBits(count: number): number {
  return Math.floor(Math.log2(count)) + 1;
}

export interface ModelResult {
  model: ErrorModel;
  diagnostics: Diagnostic[];
}

/** Number the codes and check what the original tool let through (duplicate names, two
 *  defaults); `path` labels diagnostics. */
export function buildModel(classes: ClassDecl[], path: string): ModelResult {
  const diagnostics: Diagnostic[] = [];
  const successes = classes.flatMap((c) => c.entries.filter((e) => e.kind === 'success' && !e.isDefault)).length;
  const successLimit = 1 + successes;
  let nextSuccess = 1;
  let nextFailure = successLimit;
  let dflt: ErrorCode | undefined;
  const seen = new Map<string, ErrorCode>();
  const domains: ErrorDomain[] = [];
  const byValue: (ErrorCode | undefined)[] = [];

  for (const c of classes) {
    const domain: ErrorDomain = { name: c.domain, prefix: c.prefix, at: c.at, codes: [] };
    domains.push(domain);
    for (const e of c.entries) {
      const value = e.isDefault ? 0 : e.kind === 'success' ? nextSuccess++ : nextFailure++;
      const code: ErrorCode = { value, name: c.prefix + e.acronym, domain: c.domain, message: e.message, kind: e.kind, isDefault: e.isDefault, at: e.at };
      domain.codes.push(code);
      const first = seen.get(code.name);
      if (first) diagnostics.push(diagnostic('duplicate-name', path, e.at, `'${code.name}' is already defined at ${first.at.line}:${first.at.col}`));
      else seen.set(code.name, code);
      if (e.isDefault) {
        if (dflt) diagnostics.push(diagnostic('duplicate-default', path, e.at, `a second default success: '${dflt.name}' at ${dflt.at.line}:${dflt.at.col} is already code 0`));
        else dflt = code;
      }
      if (e.message.includes('\0')) diagnostics.push(diagnostic('nul-in-message', path, e.messageAt, `the message of '${code.name}' contains a NUL character`));
      if (byValue[value] === undefined) byValue[value] = code;
    }
  }
  const count = nextFailure;
  byValue.length = count;
  const bits = codeBits(count);
  return { model: { domains, byValue, successLimit, count, bits, depth: Math.floor(ERRVAL_BITS / bits) }, diagnostics };
}
