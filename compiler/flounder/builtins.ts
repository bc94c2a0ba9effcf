// Flounder's builtin type names (reference §1.2) as shoal sizes them, and the aliases Barrelfish
// gets from its `-i` import files (`if/platform/ARCH.if`, `if/arch/ARCH.if`, `if/types.if`),
// built in per personality so that a lone `.if` file compiles. shoal's x86 personality is 32-bit,
// so it takes x86_32's import files; arm takes armv7's.
import type { ValueType } from './model.ts';

export type Arch = 'x86' | 'arm';

/** Builtins, by their case-sensitive names. `String` is not here: it only exists in the
 *  `String name[max]` argument form. Pointer-sized types are 32 bits on both personalities. */
export const BUILTIN_TYPES: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  ['uint8', { kind: 'int', bits: 8, signed: false }],
  ['uint16', { kind: 'int', bits: 16, signed: false }],
  ['uint32', { kind: 'int', bits: 32, signed: false }],
  ['uint64', { kind: 'int', bits: 64, signed: false }],
  ['int8', { kind: 'int', bits: 8, signed: true }],
  ['int16', { kind: 'int', bits: 16, signed: true }],
  ['int32', { kind: 'int', bits: 32, signed: true }],
  ['int64', { kind: 'int', bits: 64, signed: true }],
  ['int', { kind: 'int', bits: 32, signed: true }],
  ['uintptr', { kind: 'int', bits: 32, signed: false }],
  ['intptr', { kind: 'int', bits: 32, signed: true }],
  ['size', { kind: 'int', bits: 32, signed: false }],
  ['bool', { kind: 'bool' }],
  ['char', { kind: 'char' }],
  ['iref', { kind: 'iref' }],
  ['errval', { kind: 'errval' }],
  ['cap', { kind: 'cap', giveAway: false }],
  ['give_away_cap', { kind: 'cap', giveAway: true }],
]);

/** The text of the import files each personality gets when no `-i` file is given. Parsed like
 *  any import file, so one code path handles both. */
export function builtinImports(arch: Arch): { path: string; text: string }[] {
  const cycles = arch === 'x86' ? 'uint64' : 'uint32';
  const barrelfishArch = arch === 'x86' ? 'x86_32' : 'armv7';
  return [
    { path: `<builtin>/platform/${barrelfishArch}.if`, text: 'alias genpaddr uint64;\nalias genvaddr uint64;\nalias rsrcid uint32;\n' },
    { path: `<builtin>/arch/${barrelfishArch}.if`, text: `alias errval uint32;\nalias cycles ${cycles};\n` },
    { path: '<builtin>/types.if', text: 'alias iref uint32;\nalias coreid uint8;\nalias domainid uint32;\n' },
  ];
}
