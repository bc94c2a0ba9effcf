// Prints the encode and decode functions of one message on one transport, straight from its
// plan (pack.ts): each fixed word is one expression over the argument's leaves, so the stubs do
// no layout work at run time. The runtime helpers they call are in ../runtime/codec.ts.
import type { Arg, Prim, ValueType } from '../model.ts';
import { isValueType } from '../model.ts';
import type { PathStep, Piece, Plan } from '../pack.ts';
import { access, key } from './names.ts';

const pathKey = (p: readonly PathStep[]): string => JSON.stringify(p);
const pathText = (p: readonly PathStep[]): string => JSON.stringify(p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '['));
const mask = (bits: number): string => (bits === 32 ? '' : ` & 0x${(2 ** bits - 1).toString(16)}`);
const enumCount = (p: Prim): number => (p.kind === 'enum' ? p.members.length : 0);

/** The checked, masked value of one ≤32-bit leaf, as an expression. */
function encodeLeaf(p: Prim, acc: string, where: string): string {
  switch (p.kind) {
    case 'int': return p.signed ? `e.s(${acc}, ${p.bits}, ${where})` : `e.u(${acc}, ${p.bits}, ${where})`;
    case 'bool': return `e.b(${acc}, ${where})`;
    case 'char': return `e.u(${acc}, 8, ${where})`;
    case 'enum': return `e.e(${acc}, ${enumCount(p)}, ${where})`;
    case 'iref': case 'errval': return `e.u(${acc}, 32, ${where})`;
  }
}

const is64 = (p: Prim): boolean => p.kind === 'int' && p.bits === 64;

export function printEncode(fn: string, argsType: string, plan: Plan): string {
  const m = plan.message;
  const t = JSON.stringify(plan.transport);
  const body: string[] = [`const e = new Enc(${JSON.stringify(m.name)});`];
  const wide = new Map<string, string>();
  for (const frag of plan.fixed) for (const w of frag) for (const p of w) {
    if (p.part && !wide.has(pathKey(p.path))) {
      const v = `t${wide.size}`;
      wide.set(pathKey(p.path), v);
      body.push(`const ${v} = e.w64(${access('a', p.path)}, ${p.prim.kind === 'int' && p.prim.signed}, ${pathText(p.path)});`);
    }
  }
  const piece = (p: Piece): string => {
    const v = p.part ? `${wide.get(pathKey(p.path))}[${p.part === 'lo' ? 0 : 1}]` : encodeLeaf(p.prim, access('a', p.path), pathText(p.path));
    return p.shift ? `(${v} << ${p.shift})` : v;
  };
  const frags = plan.fixed.map((frag, i) => {
    const words = frag.map((w) => (w.length === 1 && w[0]!.bits === 32 && !w[0]!.shift ? piece(w[0]!) : `(${w.map(piece).join(' | ')}) >>> 0`));
    return `fragment(${t}, ${m.number}, ${i}, [${words.join(', ')}])`;
  });
  body.push(`const frags = [${frags.join(', ')}];`);
  const ov = plan.overflow.map((o, i) => {
    const acc = access('a', [o.arg]);
    body.push(o.kind === 'string'
      ? `const o${i} = e.str(${acc}, ${o.max}, ${JSON.stringify(o.arg)});`
      : `const o${i} = e.bytes(${acc}, ${o.max}, ${JSON.stringify(o.arg)});`);
    return `o${i}`;
  });
  body.push(`const caps: CapTransfer[] = [${plan.caps.map((c) => `{ cap: e.cap(${access('a', c.path)}, ${pathText(c.path)}), giveAway: ${c.giveAway} }`).join(', ')}];`);
  body.push('if (e.error !== undefined) return errResult(e.error);');
  for (const o of ov) body.push(`frags.push(...overflowFrags(${t}, ${m.number}, frags.length, ${o}));`);
  body.push(`return okResult({ msg: ${m.number}, frags, caps });`);
  return `function ${fn}(${m.args.length ? 'a' : '_a'}: ${argsType}): Result<Encoded> {
  return guard(${JSON.stringify(m.name)}, () => {
    ${body.join('\n    ')}
  });
}`;
}

/** The decoded value of one ≤32-bit leaf read out of `word`. */
function decodeLeaf(p: Piece, word: string, enumType: (name: string) => string): string {
  const raw = p.shift ? `((${word} >>> ${p.shift})${mask(p.bits)})` : p.bits === 32 ? `(${word} >>> 0)` : `(${word}${mask(p.bits)})`;
  switch (p.prim.kind) {
    case 'bool': return `${raw} === 1`;
    case 'enum': return `d.enumValue<${enumType(p.prim.name)}>(sx(${raw}, 32), ${enumCount(p.prim)}, ${pathText(p.path)})`;
    default: return p.signed ? `sx(${raw}, ${p.bits})` : raw;
  }
}

function build(t: ValueType, path: PathStep[], leaves: Map<string, string>): string {
  if (t.kind === 'struct') return `{ ${t.fields.map((f) => `${key(f.name)}: ${build(f.type, [...path, f.name], leaves)}`).join(', ')} }`;
  if (t.kind === 'array') return `[${Array.from({ length: t.length }, (_, i) => build(t.elem, [...path, i], leaves)).join(', ')}]`;
  return leaves.get(pathKey(path))!;
}

export function printDecode(fn: string, argsType: string, plan: Plan, enumType: (name: string) => string): string {
  const m = plan.message;
  const body: string[] = [`const d = new Dec(${JSON.stringify(plan.transport)}, ${m.number}, ${JSON.stringify(m.name)}, frags);`];
  const leaves = new Map<string, string>();
  const halves = new Map<string, { lo?: string; hi?: string; prim: Prim }>();
  let n = 0;
  plan.fixed.forEach((frag, fi) => {
    body.push(frag.length ? `const f${fi} = d.take(${frag.length});` : `d.take(0);`);
    frag.forEach((w, wi) => {
      for (const p of w) {
        const v = `v${n++}`;
        body.push(`const ${v} = ${decodeLeaf(p, `f${fi}[${wi}]!`, enumType)};`);
        if (!p.part) { leaves.set(pathKey(p.path), v); continue; }
        const h = halves.get(pathKey(p.path)) ?? { prim: p.prim };
        h[p.part] = v;
        halves.set(pathKey(p.path), h);
      }
    });
  });
  for (const [k, h] of halves) {
    const v = `v${n++}`;
    body.push(`const ${v} = join64(${h.lo}, ${h.hi}, ${h.prim.kind === 'int' && h.prim.signed});`);
    leaves.set(k, v);
  }
  const fields = new Map<string, string>();
  for (const [i, o] of plan.overflow.entries()) {
    body.push(o.kind === 'string' ? `const o${i} = d.str(${o.max}, ${JSON.stringify(o.arg)});` : `const o${i} = d.overflow(${o.max}, ${JSON.stringify(o.arg)});`);
    fields.set(o.arg, `o${i}`);
  }
  body.push('d.finish();');
  body.push(`if (caps.length !== ${plan.caps.length}) d.fail(\`\${caps.length} capabilities where ${plan.caps.length} belong to the message\`);`);
  plan.caps.forEach((c, i) => leaves.set(pathKey(c.path), `caps[${i}]!`));
  body.push('if (d.error !== undefined) return errResult(d.error);');
  const value = m.args.map((a: Arg) => `${key(a.name)}: ${isValueType(a.type) ? build(a.type, [a.name], leaves) : fields.get(a.name)!}`);
  body.push(`return okResult({ ${value.join(', ')} });`);
  return `function ${fn}(frags: readonly Uint32Array[], caps: readonly CapRef[]): Result<${argsType}> {
  return guard(${JSON.stringify(m.name)}, () => {
    ${body.join('\n    ')}
  });
}`;
}
