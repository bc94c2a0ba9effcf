// Syntax tree → model: resolves type names (builtin first, then aliases and typedefs declared
// earlier, imports before the interface), numbers the messages and enforces the semantic rules
// of the original tool (reference §1.1) with located, coded diagnostics.
import { basename, extname } from 'node:path';
import type { ArgAst, InterfaceAst, MsgAst, Name, TypeDeclAst } from './ast.ts';
import { BUILTIN_TYPES } from './builtins.ts';
import type { Diags } from './diagnostics.ts';
import {
  FIRST_MESSAGE_NUMBER, MAX_MESSAGE_NUMBER, isValueType,
  type Arg, type ArgType, type Interface, type Message, type Meta, type Rpc, type TypeDecl, type ValueType,
} from './model.ts';
import { MAX_FRAGMENTS, TRANSPORTS, overflowFragments, planMessage } from './pack.ts';

/** Fixed arrays longer than this are refused: every element is its own piece in every stub. */
export const MAX_FIXED_ARRAY = 4096;

interface Declared { decl: TypeDecl; imported: boolean; used: boolean }

/** Type names in scope, in declaration order; shared by the import files and the interface. */
export class TypeScope {
  readonly names = new Map<string, Declared>();
  /** declared names whose declaration had an error: uses stay quiet (it was reported once) */
  private readonly broken = new Set<string>();

  /** Resolve a name to a type, or report why not (undefined). */
  resolve(n: Name, diags: Diags, self?: string): ArgType | undefined {
    const b = BUILTIN_TYPES.get(n.text);
    if (b) return b;
    const d = this.names.get(n.text);
    if (d) { d.used = true; return d.decl.type; }
    if (this.broken.has(n.text)) return undefined;
    if (n.text === 'String') diags.error('string-without-max', n.at, '`String` is only an argument type, written `String name[maxlen]`');
    else if (n.text === self) diags.error('recursive-type', n.at, `type '${n.text}' refers to itself`);
    else diags.error('unknown-type', n.at, `unknown type '${n.text}'`);
    return undefined;
  }

  resolveValue(n: Name, diags: Diags, self?: string): ValueType | undefined {
    const t = this.resolve(n, diags, self);
    // Only builtins and declared types resolve, and all of those are values.
    return t && isValueType(t) ? t : undefined;
  }

  declare(decl: TypeDeclAst, diags: Diags, imported: boolean): void {
    const loc = diags.loc(decl.at);
    const name = decl.name.text;
    let made: TypeDecl | undefined;
    if (decl.kind === 'alias') {
      const b = BUILTIN_TYPES.get(decl.target.text);
      if (!b) diags.error('alias-not-builtin', decl.target.at, `alias target '${decl.target.text}' is not a builtin type`);
      else made = { kind: 'alias', name, type: b, builtin: decl.target.text, imported, loc };
      // An alias named like a builtin (the import files' `alias errval uint32`) is accepted and
      // changes nothing: builtins resolve first, as in the original.
      if (BUILTIN_TYPES.has(name)) return;
    } else {
      const type = this.typedefType(decl, diags);
      if (type) made = { kind: 'typedef', name, type, loc };
      if (BUILTIN_TYPES.has(name)) {
        diags.error('duplicate-type', decl.name.at, `typedef '${name}' would shadow the builtin type of that name`);
        return;
      }
    }
    const prev = this.names.get(name);
    if (prev) {
      const same = prev.decl.kind === 'alias' && made?.kind === 'alias' && prev.decl.builtin === made.builtin;
      if (!same) diags.error('duplicate-type', decl.name.at, `type '${name}' is already declared`);
      return;
    }
    if (made) this.names.set(name, { decl: made, imported, used: false });
    else this.broken.add(name);
  }

  private typedefType(d: Exclude<TypeDeclAst, { kind: 'alias' }>, diags: Diags): ValueType | undefined {
    const self = d.name.text;
    switch (d.kind) {
      case 'typedef': return this.resolveValue(d.target, diags, self);
      case 'enum': {
        const seen = new Set<string>();
        for (const m of d.members) {
          if (seen.has(m.text)) diags.error('duplicate-member', m.at, `enum member '${m.text}' declared twice`);
          seen.add(m.text);
        }
        return { kind: 'enum', name: self, members: d.members.map((m) => m.text) };
      }
      case 'array': {
        const elem = this.resolveValue(d.elem, diags, self);
        if (d.length < 1 || d.length > MAX_FIXED_ARRAY) {
          diags.error('bad-size', d.lengthAt, `array length must be between 1 and ${MAX_FIXED_ARRAY}, not ${d.length}`);
          return undefined;
        }
        return elem && { kind: 'array', name: self, elem, length: d.length };
      }
      case 'struct': {
        const seen = new Set<string>();
        const fields = d.fields.map((f) => {
          if (seen.has(f.name.text)) diags.error('duplicate-member', f.name.at, `struct field '${f.name.text}' declared twice`);
          seen.add(f.name.text);
          return { name: f.name.text, type: this.resolveValue(f.type, diags, self) };
        });
        if (fields.some((f) => !f.type)) return undefined;
        return { kind: 'struct', name: self, fields: fields.map((f) => ({ name: f.name, type: f.type! })) };
      }
    }
  }

  /** Import-file aliases the interface used, so backends can name them. */
  usedImports(): TypeDecl[] {
    return [...this.names.values()].filter((d) => d.imported && d.used).map((d) => d.decl);
  }
}

function resolveArg(a: ArgAst, scope: TypeScope, diags: Diags): Arg | undefined {
  const loc = diags.loc(a.name.at);
  const base = { name: a.name.text, typeName: a.type.text, loc };
  if (a.form === 'string') {
    if (a.max < 1) { diags.error('bad-size', a.maxAt, 'a String needs room for at least its NUL: max must be at least 1'); return undefined; }
    return { ...base, type: { kind: 'string', max: a.max } };
  }
  if (a.form === 'dynamic') {
    const t = scope.resolve(a.type, diags);
    if (!t) return undefined;
    const elem = t.kind === 'char' ? 'char' : t.kind === 'int' && t.bits === 8 ? (t.signed ? 'int8' : 'uint8') : undefined;
    if (!elem) {
      diags.error('dynamic-array-element', a.type.at, `dynamic arrays of '${a.type.text}' are not supported: only uint8, int8 and char elements`);
      return undefined;
    }
    if (a.max < 1) { diags.error('bad-size', a.maxAt, 'a dynamic array maximum must be at least 1'); return undefined; }
    return { ...base, type: { kind: 'bytes', elem, lengthName: a.lengthName.text, max: a.max } };
  }
  const t = scope.resolve(a.type, diags);
  return t && { ...base, type: t };
}

/** Resolve the arguments of one message (or of one whole rpc: its in and out args share names). */
function resolveArgs(args: ArgAst[], scope: TypeScope, diags: Diags): (Arg & { dir?: 'in' | 'out' })[] | undefined {
  const seen = new Set<string>();
  const dup = (n: Name) => {
    if (seen.has(n.text)) diags.error('duplicate-argument', n.at, `argument '${n.text}' declared twice`);
    seen.add(n.text);
  };
  let ok = true;
  const out: (Arg & { dir?: 'in' | 'out' })[] = [];
  for (const a of args) {
    dup(a.name);
    if (a.form === 'dynamic') dup(a.lengthName);
    const r = resolveArg(a, scope, diags);
    if (r) out.push({ ...r, dir: a.dir }); else ok = false;
  }
  return ok ? out : undefined;
}

const meta = (m: MsgAst): Meta[] => m.meta.map((x) => ({ name: x.name.text, args: x.args.map((a) => ({ name: a.name.text, value: a.value })) }));
const strip = (args: (Arg & { dir?: 'in' | 'out' })[]): Arg[] => args.map(({ dir: _d, ...a }) => a);

/** Refuse, at compile time, a message no transport could carry at its declared maxima: every
 *  transport message of it needs an index (docs/flounder-wire.md). */
function checkSize(m: Message, diags: Diags): void {
  for (const t of TRANSPORTS) {
    const plan = planMessage(m, t);
    const worst = plan.fixed.length + plan.overflow.reduce((n, o) => n + overflowFragments(o.max, t), 0);
    if (worst > MAX_FRAGMENTS[t]) {
      diags.errorAt('message-too-large', m.loc, `message '${m.name}' can need ${worst} ${t.toUpperCase()} transport messages, more than the ${MAX_FRAGMENTS[t]} a message may take; lower its String or array maxima`);
      return;
    }
  }
}

export function checkInterface(ast: InterfaceAst, path: string, scope: TypeScope, diags: Diags): Interface | undefined {
  const before = diags.list.length;
  const fileBase = basename(path, extname(path));
  if (ast.name.text !== fileBase) {
    diags.error('name-mismatch', ast.name.at, `interface name '${ast.name.text}' has to equal the file name '${fileBase}'`);
  }
  const types: TypeDecl[] = [];
  const messages: Message[] = [];
  const rpcs: Rpc[] = [];
  const msgNames = new Map<string, number>();
  const claim = (name: string, at: number) => {
    if (msgNames.has(name)) diags.error('duplicate-message', at, `message name '${name}' is already used`);
    msgNames.set(name, at);
  };
  let number = FIRST_MESSAGE_NUMBER;
  let sawMessage = false;
  for (const d of ast.decls) {
    if (d.decl === 'type') {
      if (sawMessage) diags.error('decl-after-message', d.at, 'type declarations must come before the first message');
      const n = scope.names.size;
      scope.declare(d, diags, false);
      if (scope.names.size > n) types.push(scope.names.get(d.name.text)!.decl);
      continue;
    }
    sawMessage = true;
    const loc = diags.loc(d.name.at);
    const name = d.name.text;
    const args = resolveArgs(d.args, scope, diags);
    if (d.kind === 'message') {
      claim(name, d.name.at);
      if (args) messages.push({ name, number: number, kind: 'message', direction: 'both', args: strip(args), meta: meta(d), loc });
      number += 1;
    } else {
      claim(name, d.name.at);
      claim(`${name}_call`, d.name.at);
      claim(`${name}_response`, d.name.at);
      if (args) {
        const inArgs = strip(args.filter((a) => a.dir === 'in'));
        const outArgs = strip(args.filter((a) => a.dir === 'out'));
        const call: Message = { name: `${name}_call`, number, kind: 'call', rpc: name, direction: 'c2s', args: inArgs, meta: meta(d), loc };
        const response: Message = { name: `${name}_response`, number: number + 1, kind: 'response', rpc: name, direction: 's2c', args: outArgs, meta: meta(d), loc };
        messages.push(call, response);
        rpcs.push({ name, inArgs, outArgs, call, response, meta: meta(d), loc });
      }
      number += 2;
    }
    if (number - 1 > MAX_MESSAGE_NUMBER) {
      diags.error('too-many-messages', d.name.at, `too many messages: numbers above ${MAX_MESSAGE_NUMBER} do not fit the wire`);
      break;
    }
  }
  for (const m of messages) checkSize(m, diags);
  if (!sawMessage) diags.error('no-messages', ast.at, `interface '${ast.name.text}' declares no message or rpc`);
  if (diags.list.length > before) return undefined;
  return { name: ast.name.text, description: ast.description ?? ast.name.text, path, types: [...scope.usedImports(), ...types], messages, rpcs };
}
