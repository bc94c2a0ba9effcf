// Fin declarations for an interface's types: aliases and typedefs become `pub type`, `pub struct`
// and `pub enum` declarations named `<name>_t`. Enums are i32, their wire form.
import type { Interface, TypeDecl } from '../model.ts';
import { finName, finType, finTypeName } from './names.ts';

function decl(d: TypeDecl): string {
  const name = finTypeName(d.name);
  const t = d.type;
  if (d.kind === 'typedef' && t.kind === 'struct' && t.name === d.name) {
    return `pub struct ${name} { ${t.fields.map((f) => `${finName(f.name)}: ${finType(f.type)}`).join(', ')} }`;
  }
  if (d.kind === 'typedef' && t.kind === 'enum' && t.name === d.name) {
    return `pub enum ${name}: i32 { ${t.members.map((m, i) => `${finName(m)} = ${i}`).join(', ')} }`;
  }
  if (d.kind === 'typedef' && t.kind === 'array' && t.name === d.name) {
    return `pub type ${name} = [${t.length}]${finType(t.elem)};`;
  }
  return `pub type ${name} = ${finType(t)};`;
}

/** The declarations, each name once (an import file and the interface may both declare one). */
export function typeDecls(iface: Interface): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of iface.types) {
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    out.push(decl(d));
  }
  return out;
}
