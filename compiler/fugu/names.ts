// Which full names the generated TypeScript and Fin can declare. Fugu itself accepts apostrophes
// and any Unicode letter in names; the outputs need plain ASCII identifiers that are not keywords
// of either language and not the names the generated helpers use.
import { KEYWORDS as FIN_KEYWORDS } from '../fin/tokens.ts';
import { BUILTIN_TYPES as FIN_TYPES } from '../fin/types.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { FIN_HELPER_NAMES } from './emit-fin.ts';
import { TS_HELPER_NAMES } from './emit-ts.ts';
import type { ErrorModel } from './model.ts';

// Reserved in an ES module (strict mode), plus the bindings strict mode forbids.
const JS_RESERVED = [
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in',
  'instanceof', 'interface', 'let', 'new', 'null', 'package', 'private', 'protected', 'public', 'return', 'static',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity',
];

const TAKEN = new Map<string, string>([
  ...JS_RESERVED.map((w) => [w, 'a TypeScript keyword'] as const),
  ...TS_HELPER_NAMES.map((w) => [w, 'a name of the generated TypeScript helpers'] as const),
  ...FIN_KEYWORDS.map((w) => [w, 'a Fin keyword'] as const),
  ...[...FIN_TYPES.keys()].map((w) => [w, 'a Fin type'] as const),
  ...FIN_HELPER_NAMES.map((w) => [w, 'a name of the generated Fin helpers'] as const),
]);

const PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;

export function checkOutputNames(model: ErrorModel, path: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of model.domains) {
    for (const c of d.codes) {
      const why = !PLAIN.test(c.name) ? 'only ASCII letters, digits and `_` can appear in generated identifiers' : TAKEN.get(c.name);
      if (why) out.push(diagnostic('unusable-name', path, c.at, `'${c.name}' cannot be generated: ${why.startsWith('only') ? why : `it is ${why}`}`));
    }
  }
  return out;
}
