// TypeScript spellings of Flounder names and types. Flounder identifiers may contain `'`, and
// argument or field names may be TS reserved words, so property keys are quoted when needed and
// type names get the interface name and `_t` around them (as the C stubs do), which also keeps
// them apart from the stubs' own exports.
import type { ArgType, Interface, ValueType } from '../model.ts';
import type { PathStep as PathStepLike } from '../pack.ts';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key in an object literal or type. */
export const key = (name: string): string => (IDENT.test(name) ? name : JSON.stringify(name));

/** Property access on `base`. */
export const access = (base: string, path: readonly PathStepLike[]): string =>
  base + path.map((s) => (typeof s === 'number' ? `[${s}]` : IDENT.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');

/** A Flounder identifier as a TS identifier: letters (any script), digits and `_` carry over;
 *  `'` (legal in Flounder, never `$`) becomes `$`, so the mapping stays one-to-one. */
export const ident = (name: string): string => name.replace(/'/g, '$');

/** The exported type name for a declared Flounder type: `IF_NAME_t`, as Barrelfish's C stubs
 *  name it. No other generated name ends in `_t`, so a type can never collide with one. */
export const typeName = (iface: Interface, name: string): string => `${ident(iface.name)}_${ident(name)}_t`;

/** A TS type for a resolved type. Named types (struct, enum, array typedefs) print by name. */
export function tsType(iface: Interface, t: ArgType | ValueType): string {
  switch (t.kind) {
    case 'int': return t.bits === 64 ? 'bigint' : 'number';
    case 'bool': return 'boolean';
    case 'char': case 'iref': case 'errval': return 'number';
    case 'enum': case 'struct': case 'array': return typeName(iface, t.name);
    case 'string': return 'string';
    case 'bytes': return 'Uint8Array';
    case 'cap': return 'CapRef';
  }
}
