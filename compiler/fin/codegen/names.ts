// Symbol names as the assembler sees them. Fin names are normally plain identifiers and pass
// through unchanged, so hand-written assembly can call `main` or a Fin function by its name;
// `.L` names stay file-local labels.
// A name the assembler would read as something else (a register such as `eax` or `r0`, a
// system register such as `far` or `tsc`, an x86 size word) or that has characters an
// identifier cannot hold is written as `$` followed by the name with those characters escaped
// as `$xx`. The mapping depends only on the name, so every module spells a symbol the same way.
import { armReserved } from '../../asm/arm.ts';
import { x86Reserved } from '../../asm/x86.ts';

/** identifiers, and `.L` names (file-local labels, e.g. string literals) */
const PLAIN = /^(\.L)?[A-Za-z_][A-Za-z0-9_.]*$/;
const WORDS = new Set(['byte', 'word', 'dword', 'ptr', 'strict', 'lsl']);

export function asmName(name: string): string {
  if (PLAIN.test(name) && !x86Reserved(name) && !armReserved(name) && !WORDS.has(name.toLowerCase())) return name;
  let out = '$';
  for (const ch of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(ch);
    out += /[A-Za-z0-9_.]/.test(c) ? c : `$${ch.toString(16).padStart(2, '0')}`;
  }
  return out;
}
