// The receive side of the Fin stubs: the shape table os.chan reassembles by, the dispatcher it
// calls with a complete message, and one unmarshalling function per message, which hands the
// arguments to the handler in the binding's rx vtable, or to a waiting blocking RPC.
// Strings and byte arrays are passed as pointers into the receive buffer: valid until the
// handler returns or polls the binding again.
import type { Interface, Message, Rpc } from '../model.ts';
import { planMessage, type Piece, type Plan } from '../pack.ts';
import { finAccess, finName, finPrim, finType } from './names.ts';
import { msgnumName, rpcOutFields } from './tx.ts';

const local = (arg: string) => `_a_${finName(arg)}`;

function decodePiece(p: Piece, word: string): { target: string; value: string } {
  const target = finAccess(local(String(p.path[0])), p.path) + (p.part ? `.${p.part}` : '');
  if (p.part) return { target, value: word };
  const shifted = p.shift ? `(${word} >> ${p.shift})` : word;
  const prim = p.prim;
  switch (prim.kind) {
    case 'bool': return { target, value: `(${shifted} & 1) != 0` };
    case 'enum': return { target, value: `(${shifted} as i32) as ${finPrim(prim)}` };
    case 'iref': case 'errval': return { target, value: shifted };
    case 'char': return { target, value: `${shifted} as u8` };
    case 'int': return { target, value: prim.bits === 32 && !prim.signed ? shifted : `${shifted} as ${finPrim(prim)}` };
  }
}

function unmarshalFixed(plan: Plan): string[] {
  if (plan.transport === 'ump' && plan.caps.length) return ['return _wire.ERR_PROTOCOL;'];
  const W = plan.wordsPerFragment;
  const out: string[] = [];
  plan.fixed.forEach((frag, fi) => frag.forEach((word, wi) => word.forEach((p) => {
    const d = decodePiece(p, `_w[${fi * W + wi}]`);
    out.push(`${d.target} = ${d.value};`);
  })));
  plan.caps.forEach((c, k) => out.push(`${finAccess(local(c.arg), c.path)} = _c.rx_caps[${k}];`));
  out.push(`_n = ${plan.fixed.length};`);
  return out;
}

const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l);

function deliverToRpc(r: Rpc): string[] {
  const fields = rpcOutFields(r);
  const out: string[] = [];
  let fi = 0;
  for (const a of r.outArgs) {
    const f = fields[fi++]!.name;
    if (a.type.kind === 'string') out.push(`_str.copy(_b.${f}, ${local(a.name)});`);
    else if (a.type.kind === 'bytes') {
      const len = fields[fi++]!.name;
      out.push(`_mem.copy(_b.${f}, ${local(a.name)}, ${local(a.type.lengthName)});`, `*_b.${len} = ${local(a.type.lengthName)};`);
    } else out.push(`*_b.${f} = ${local(a.name)};`);
  }
  return out;
}

export function printReceive(iface: Interface, m: Message): string[] {
  const out = [`fn _rx_${finName(m.name)}(_b: *binding) -> u32 {`, '    var _c = &_b.base;', '    var _w = _c.rx_buf;', '    var _n: u32 = 0;'];
  for (const a of m.args) {
    if (a.type.kind === 'string') continue;
    if (a.type.kind === 'bytes') continue;
    out.push(`    var ${local(a.name)}: ${finType(a.type)};`);
  }
  out.push('    if _c.transport == _wire.TRANSPORT_UMP {', ...indent(unmarshalFixed(planMessage(m, 'ump')), 8), '    } else {',
    ...indent(unmarshalFixed(planMessage(m, 'lmp')), 8), '    }');
  for (const o of planMessage(m, 'ump').overflow) {
    if (o.kind === 'string') {
      out.push(`    var ${local(o.arg)} = _chan.rx_string(_c, &_n);`, `    if ${local(o.arg)} == null {`, '        return _wire.ERR_PROTOCOL;', '    }');
    } else {
      out.push(`    var _o_${finName(o.arg)} = _chan.rx_overflow(_c, &_n);`,
        `    var ${local(o.arg)} = (_o_${finName(o.arg)} + 1) as *u8;`,
        `    var ${local(o.lengthName!)} = _o_${finName(o.arg)}[0] as usize;`);
    }
  }
  const rpc = m.kind === 'response' ? iface.rpcs.find((r) => r.name === m.rpc) : undefined;
  if (rpc) {
    out.push(`    if _c.rpc_wait == ${msgnumName(m)} {`, ...indent(deliverToRpc(rpc), 8), '        _c.rpc_done = true;', '        return _wire.OK;', '    }');
  }
  const args = m.args.flatMap((a) => (a.type.kind === 'bytes' ? [local(a.name), local(a.type.lengthName)] : [local(a.name)]));
  const h = `_b.rx.${finName(m.name)}`;
  out.push(`    if ${h} != null {`, `        ${h}(_b${args.map((a) => `, ${a}`).join('')});`, '    }', '    return _wire.OK;', '}');
  return out;
}

export function printShapeOf(iface: Interface): string[] {
  const out = [
    'fn _shape_of(_c: *_chan.Binding, _m: u32, _o: u32, _s: *_chan.Shape) -> bool {',
    '    var _u = _c.transport == _wire.TRANSPORT_UMP;',
    '    _s.max = 0;',
    '    switch _m {',
  ];
  for (const m of iface.messages) {
    const u = planMessage(m, 'ump');
    const l = planMessage(m, 'lmp');
    out.push(`        case ${msgnumName(m)} => {`);
    out.push(`            _s.fixed = ${l.fixed.length};`);
    if (u.fixed.length !== l.fixed.length) out.push(`            if _u {`, `                _s.fixed = ${u.fixed.length};`, '            }');
    out.push(`            _s.novf = ${u.overflow.length};`, `            _s.ncaps = ${u.caps.length};`);
    u.overflow.forEach((o, k) => out.push(`            if _o == ${k} {`, `                _s.max = ${o.max};`, '            }'));
    out.push('        }');
  }
  out.push('        default => {', '            return false;', '        }', '    }', '    return true;', '}');
  return out;
}

export function printDispatch(iface: Interface): string[] {
  return [
    'fn _dispatch(_c: *_chan.Binding, _m: u32) -> u32 {',
    '    var _b = _c as *binding;',
    '    switch _m {',
    ...iface.messages.map((m) => `        case ${msgnumName(m)} => { return _rx_${finName(m.name)}(_b); }`),
    '        default => {}',
    '    }',
    '    return _wire.ERR_PROTOCOL;',
    '}',
  ];
}
