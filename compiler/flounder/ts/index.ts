// The TypeScript backend: one module per interface with its types, the argument types of every
// message, RPC signatures, a descriptor, and encode/decode of each message on LMP and UMP.
// The module imports only the runtime files next to this backend (../runtime/), by a path
// relative to where it will be written, and must type-check under `tsc --strict`.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Interface, Message, TypeDecl } from '../model.ts';
import { TRANSPORTS, planMessage } from '../pack.ts';
import { printDecode, printEncode } from './codec.ts';
import { ident, key, tsType, typeName } from './names.ts';

export interface TsStubOptions {
  /** the path the stubs will be written to (runtime imports are made relative to it) */
  tsOut?: string;
  /** or: the import path of the runtime folder itself, used as given */
  runtimeImport?: string;
}

const RUNTIME_DIR = fileURLToPath(new URL('../runtime/', import.meta.url));

function runtimePath(o: TsStubOptions): string {
  if (o.runtimeImport) return o.runtimeImport.replace(/\/$/, '');
  const from = dirname(resolve(o.tsOut ?? 'stub.ts'));
  const rel = relative(from, RUNTIME_DIR).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function typeDecl(iface: Interface, d: TypeDecl): string[] {
  const name = typeName(iface, d.name);
  const t = d.type;
  if (d.kind === 'typedef' && t.kind === 'enum' && t.name === d.name) {
    return [
      `export const ${name} = { ${t.members.map((m, i) => `${key(m)}: ${i}`).join(', ')} } as const;`,
      `export type ${name} = ${t.members.map((_, i) => i).join(' | ')};`,
    ];
  }
  if (d.kind === 'typedef' && t.kind === 'struct' && t.name === d.name) {
    return [`export interface ${name} { ${t.fields.map((f) => `${key(f.name)}: ${tsType(iface, f.type)};`).join(' ')} }`];
  }
  if (d.kind === 'typedef' && t.kind === 'array' && t.name === d.name) {
    return [`/** exactly ${t.length} elements */`, `export type ${name} = ${tsType(iface, t.elem)}[];`];
  }
  return [`export type ${name} = ${tsType(iface, t)};`];
}

function argsType(iface: Interface, m: Message): string {
  if (m.args.length === 0) return 'Record<string, never>';
  return `{ ${m.args.map((a) => `${key(a.name)}: ${tsType(iface, a.type)};`).join(' ')} }`;
}

export function tsStubs(iface: Interface, o: TsStubOptions = {}): string {
  const I = ident(iface.name);
  const rt = runtimePath(o);
  const out: string[] = [`export const ${I}_NAME = ${JSON.stringify(iface.name)};`, ''];
  for (const d of iface.types) out.push(...typeDecl(iface, d));
  out.push('', `/** The arguments of every message, by message name (an rpc R gives R_call and R_response). */`);
  out.push(`export interface ${I}_Messages {`);
  for (const m of iface.messages) out.push(`  ${key(m.name)}: ${argsType(iface, m)};`);
  out.push('}', `export type ${I}_MessageName = keyof ${I}_Messages;`);
  out.push(`export const ${I}_MSGNUM = { ${iface.messages.map((m) => `${key(m.name)}: ${m.number}`).join(', ')} } as const;`);
  out.push('', '/** RPCs: the in arguments (the call) and the out arguments (the response). */');
  out.push(`export interface ${I}_Rpcs {`);
  for (const r of iface.rpcs) out.push(`  ${key(r.name)}: { in: ${I}_Messages[${JSON.stringify(r.call.name)}]; out: ${I}_Messages[${JSON.stringify(r.response.name)}] };`);
  out.push('}');
  out.push(`/** A blocking RPC client: one method per rpc (see ${I}_rpc_client). */`);
  out.push(`export type ${I}_RpcClient = { [R in keyof ${I}_Rpcs]: (args: ${I}_Rpcs[R]['in']) => Result<${I}_Rpcs[R]['out']> };`);
  out.push(`/** Receive handlers: one per message the other end may send. */`);
  out.push(`export type ${I}_Handlers = { [M in ${I}_MessageName]?: (args: ${I}_Messages[M]) => void };`);
  out.push(`/** A received message: its name and decoded arguments. */`);
  out.push(`export type ${I}_Received = { [M in ${I}_MessageName]: { name: M; args: ${I}_Messages[M] } }[${I}_MessageName];`);
  out.push('', `export const ${I}_descriptor: InterfaceDescriptor = ${JSON.stringify({
    name: iface.name,
    description: iface.description,
    messages: iface.messages.map((m) => ({
      name: m.name, number: m.number, kind: m.kind, ...(m.rpc ? { rpc: m.rpc } : {}), direction: m.direction,
      args: m.args.map((a) => ({ name: a.name, typeName: a.typeName, type: a.type })),
    })),
    rpcs: iface.rpcs.map((r) => ({ name: r.name, call: r.call.name, response: r.response.name })),
  })};`, '');
  for (const m of iface.messages) {
    const at = `${I}_Messages[${JSON.stringify(m.name)}]`;
    for (const t of TRANSPORTS) {
      const plan = planMessage(m, t);
      out.push(printEncode(`enc_${ident(m.name)}_${t}`, at, plan), printDecode(`dec_${ident(m.name)}_${t}`, at, plan, (n) => typeName(iface, n)));
    }
  }
  out.push('', `/** A message's codec on one transport. */`);
  out.push('export interface MessageCodec<A> { encode(args: A): Result<Encoded>; decode(frags: readonly Uint32Array[], caps: readonly CapRef[]): Result<A> }');
  out.push(`export const ${I}_codec: { [M in ${I}_MessageName]: Record<Transport, MessageCodec<${I}_Messages[M]>> } = {`);
  for (const m of iface.messages) {
    const n = ident(m.name);
    out.push(`  ${key(m.name)}: { ${TRANSPORTS.map((t) => `${t}: { encode: enc_${n}_${t}, decode: dec_${n}_${t} }`).join(', ')} },`);
  }
  out.push('};');
  out.push('', `/** One end of a channel speaking ${iface.name}: send by name, dispatch to handlers, run RPCs. */`);
  out.push(`export function ${I}_bind(channel: MessageChannel, t: Transport, handlers: ${I}_Handlers = {}): Binding<${I}_Messages, ${I}_Rpcs> {`);
  out.push(`  return new Binding<${I}_Messages, ${I}_Rpcs>(channel, t, { codec: ${I}_codec, msgnum: ${I}_MSGNUM }, handlers);`);
  out.push('}');
  out.push(`/** Blocking RPC wrappers over a binding: each sends the call and waits for the response,
 *  running \`pump\` between polls (it returns false when nothing more can happen). */`);
  const [b, pump] = iface.rpcs.length ? ['b', 'pump'] : ['_b', '_pump']; // no rpc: nothing to wrap
  out.push(`export function ${I}_rpc_client(${b}: Binding<${I}_Messages, ${I}_Rpcs>, ${pump}: () => boolean): ${I}_RpcClient {`);
  out.push(`  return { ${iface.rpcs.map((r) => `${key(r.name)}: (args) => b.call(${JSON.stringify(r.name)}, args, pump)`).join(', ')} };`);
  out.push('}');
  out.push('', `const ${I}_BY_NUMBER: Record<number, ${I}_MessageName> = { ${iface.messages.map((m) => `${m.number}: ${JSON.stringify(m.name)}`).join(', ')} };`);
  out.push(`/** Decode a received message by its wire number. */`);
  out.push(`export function ${I}_decode(t: Transport, msg: number, frags: readonly Uint32Array[], caps: readonly CapRef[]): Result<${I}_Received> {`);
  out.push(`  const name = ${I}_BY_NUMBER[msg];`);
  out.push(`  if (name === undefined) return errResult(\`${iface.name}: unknown message number \${msg}\`);`);
  out.push(`  const r = (${I}_codec[name][t] as MessageCodec<unknown>).decode(frags, caps);`);
  out.push(`  return r.ok ? okResult({ name, args: r.value } as ${I}_Received) : r;`);
  out.push('}', '');
  const body = out.join('\n');
  // Import only the helpers this module uses, so it also passes `noUnusedLocals`.
  const used = (names: string[]) => names.filter((n) => new RegExp(`\\b${n}\\b`).test(body));
  const codecNames = used(['Dec', 'Enc', 'errResult', 'fragment', 'guard', 'join64', 'okResult', 'overflowFrags', 'sx']);
  const codecTypes = used(['CapRef', 'CapTransfer', 'Encoded', 'Result', 'Transport']).map((n) => `type ${n}`);
  return [
    `// Generated by shoal flounder from ${iface.path}; do not edit. Wire format: docs/flounder-wire.md.`,
    `import { ${[...codecNames, ...codecTypes].join(', ')} } from '${rt}/codec.ts';`,
    `import type { InterfaceDescriptor } from '${rt}/descriptor.ts';`,
    `import { Binding, type MessageChannel } from '${rt}/binding.ts';`,
    '',
    body,
  ].join('\n');
}
