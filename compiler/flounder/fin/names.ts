// Fin spellings of Flounder names and types. The rules that keep generated modules compiling:
// - a Flounder name that is a Fin keyword, a Fin builtin type or one of the stub module's own
//   top-level names gets a trailing `_`; characters Fin does not allow (`'`, non-ASCII letters)
//   are spelled out (see `ascii`);
// - every name the stubs invent for themselves either starts with `_` (Flounder identifiers
//   cannot) or contains `__` after a message name, so it never meets a user's name;
// - declared types print as `<name>_t`, as in Barrelfish's C stubs.
import type { ArgType, Prim, ValueType } from '../model.ts';
import type { PathStep } from '../pack.ts';

const FIN_KEYWORDS = new Set([
  'module', 'import', 'as', 'pub', 'fn', 'var', 'const', 'struct', 'enum', 'type', 'extern', 'if', 'else', 'while',
  'for', 'in', 'loop', 'break', 'continue', 'return', 'switch', 'case', 'default', 'true', 'false', 'null', 'sizeof',
  'u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'usize', 'isize', 'bool', 'void',
]);
/** Top-level names of every stub module (see index.ts). */
const STUB_NAMES = new Set(['binding', 'rx_vtbl', 'init_ump', 'init_lmp', 'poll']);

/** Fin identifiers are ASCII: `'` becomes `_q`, any other character outside [A-Za-z0-9_] (Flounder
 *  takes Unicode letters) `_u<hex>_`; a name that would then start with `_` (the stubs' own
 *  namespace) gets a leading `q`. */
function ascii(name: string): string {
  const n = name.replace(/'/g, '_q').replace(/[^A-Za-z0-9_]/gu, (c) => `_u${c.codePointAt(0)!.toString(16)}_`);
  return n.startsWith('_') ? `q${n}` : n;
}

/** A Flounder identifier as a Fin identifier (argument, field, enum member, message name). */
export function finName(name: string): string {
  const n = ascii(name);
  return FIN_KEYWORDS.has(n) || STUB_NAMES.has(n) ? `${n}_` : n;
}

/** The Fin name of a declared Flounder type. */
export const finTypeName = (name: string): string => `${ascii(name)}_t`;

/** The Fin type a primitive is held in (64-bit integers: os.chan's two-word U64). */
export function finPrim(p: Prim): string {
  switch (p.kind) {
    case 'int': return p.bits === 64 ? '_chan.U64' : `${p.signed ? 'i' : 'u'}${p.bits}`;
    case 'bool': return 'bool';
    case 'char': return 'u8';
    case 'enum': return finTypeName(p.name);
    case 'iref': case 'errval': return 'u32';
  }
}

/** The Fin type of a value (a capability is its slot number). */
export function finType(t: ValueType): string {
  switch (t.kind) {
    case 'cap': return 'u32';
    case 'struct': return finTypeName(t.name);
    case 'array': return t.name ? finTypeName(t.name) : `[${t.length}]${finType(t.elem)}`;
    default: return finPrim(t);
  }
}

/** Parameters an argument becomes in send functions and handlers: strings one `*u8`, byte
 *  arrays a pointer and a length. */
export function finParams(name: string, t: ArgType): { name: string; type: string }[] {
  if (t.kind === 'string') return [{ name: finName(name), type: '*u8' }];
  if (t.kind === 'bytes') return [{ name: finName(name), type: '*u8' }, { name: finName(t.lengthName), type: 'usize' }];
  return [{ name: finName(name), type: finType(t) }];
}

/** `base` followed by a path of fields and indices (the first step is the argument itself). */
export const finAccess = (base: string, path: readonly PathStep[]): string =>
  base + path.slice(1).map((s) => (typeof s === 'number' ? `[${s}]` : `.${finName(s)}`)).join('');

/** A doc comment line safe to print (no newlines). */
export const docLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');
