// Send functions and blocking RPC wrappers of the Fin stubs. A send function marshals straight
// from its message's plan (pack.ts) into the binding's transmit buffer, one Fin statement per
// piece, then hands the fragments to os.chan, which pushes what fits and the rest later. It
// returns wire.ERR_BUSY while the previous message is still going out; the caller retries from
// a continuation registered with chan.register_send.
import type { Interface, Message, Rpc } from '../model.ts';
import { overflowFragments, planMessage, type Piece, type Plan, type Transport } from '../pack.ts';
import { finAccess, finName, finParams, finType } from './names.ts';

/** The parameter list of a message's arguments (after the binding). */
export function argParams(m: Message): { name: string; type: string }[] {
  return m.args.flatMap((a) => finParams(a.name, a.type));
}

/** One piece's value as a u32 already in place in its word. */
function encodePiece(p: Piece): string {
  const acc = finAccess(finName(String(p.path[0])), p.path);
  if (p.part) return `${acc}.${p.part}`;
  let v = p.prim.kind === 'enum' ? `((${acc} as i32) as u32)` : `(${acc} as u32)`;
  if (p.bits < 32 && p.prim.kind === 'int' && p.prim.signed) v = `(${v} & 0x${(2 ** p.bits - 1).toString(16)})`;
  return p.shift ? `(${v} << ${p.shift})` : v;
}

const check = (call: string) => [`_e = ${call};`, 'if _e != _wire.OK { return _e; }'];

function marshal(plan: Plan): string[] {
  if (plan.transport === 'ump' && plan.caps.length) return ['return _wire.ERR_CAP_UNSUPPORTED;'];
  const W = plan.wordsPerFragment;
  const F = plan.fixed.length;
  const out = [`var _e = _chan.tx_begin(_c, ${F});`, 'if _e != _wire.OK { return _e; }', 'var _w = _c.tx_buf;'];
  plan.fixed.forEach((frag, fi) => frag.forEach((word, wi) => word.forEach((p, k) => {
    out.push(`_w[${fi * W + wi}] ${k ? '|=' : '='} ${encodePiece(p)};`);
  })));
  out.push(`var _n: u32 = ${F};`);
  for (const o of plan.overflow) {
    const arg = finName(o.arg);
    if (o.kind === 'string') out.push(...check(`_chan.tx_string(_c, &_n, ${arg}, ${o.max})`));
    else {
      // a length beyond u32 cannot be sent; as u32 it could wrap below the maximum
      out.push(`if ${finName(o.lengthName!)} > ${o.max} { return _wire.ERR_TOO_LONG; }`);
      out.push(...check(`_chan.tx_overflow(_c, &_n, ${arg}, ${finName(o.lengthName!)} as u32, ${o.max})`));
    }
  }
  for (const c of plan.caps) {
    out.push(...check(`_chan.tx_cap(_c, ${finAccess(finName(c.arg), c.path)}, ${c.giveAway})`));
  }
  out.push(`return _chan.tx_commit(_c, ${msgnumName(plan.message)}, _n);`);
  return out;
}

export const msgnumName = (m: Message): string => `${finName(m.name)}__msgnum`;

const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l);

export function printSend(m: Message): string[] {
  const params = argParams(m).map((p) => `, ${p.name}: ${p.type}`).join('');
  const body = (t: Transport) => marshal(planMessage(m, t));
  return [
    `/// Send ${m.name} (message ${m.number}). OK once the binding has taken the message; ERR_BUSY`,
    `/// while the previous one is still going out (retry from a chan.register_send continuation).`,
    `pub fn ${finName(m.name)}__tx(_b: *binding${params}) -> u32 {`,
    '    var _c = &_b.base;',
    '    if _c.transport == _wire.TRANSPORT_UMP {',
    ...indent(body('ump'), 8),
    '    }',
    ...indent(body('lmp'), 4),
    '}',
  ];
}

/** Binding fields where a blocking rpc leaves the addresses its response is stored to. */
export function rpcOutFields(r: Rpc): { name: string; type: string }[] {
  return r.outArgs.flatMap((a) => {
    const base = `_rpc_${finName(r.name)}_${finName(a.name)}`;
    if (a.type.kind === 'string') return [{ name: base, type: '*u8' }];
    if (a.type.kind === 'bytes') return [{ name: base, type: '*u8' }, { name: `${base}__len`, type: '*usize' }];
    return [{ name: base, type: `*${finType(a.type)}` }];
  });
}

export function printRpc(r: Rpc): string[] {
  const ins = r.inArgs.flatMap((a) => finParams(a.name, a.type));
  const outs = r.outArgs.flatMap((a) => {
    if (a.type.kind === 'string') return [{ name: finName(a.name), type: '*u8' }];
    if (a.type.kind === 'bytes') return [{ name: finName(a.name), type: '*u8' }, { name: finName(a.type.lengthName), type: '*usize' }];
    return [{ name: finName(a.name), type: `*${finType(a.type)}` }];
  });
  const fields = rpcOutFields(r);
  const callArgs = ins.map((p) => `, ${p.name}`).join('');
  const send = `${finName(r.call.name)}__tx(_b${callArgs})`;
  return [
    `/// RPC ${r.name}: send the call, then run the event loop until the response has been stored`,
    `/// through the out pointers (strings and byte arrays: buffers of their declared maximum).`,
    `pub fn ${finName(r.name)}__rpc(_b: *binding${[...ins, ...outs].map((p) => `, ${p.name}: ${p.type}`).join('')}) -> u32 {`,
    '    var _c = &_b.base;',
    '    if _c.rpc_wait != 0 {',
    '        return _wire.ERR_BUSY;',
    '    }',
    `    var _e = ${send};`,
    '    while _e == _wire.ERR_BUSY {',
    '        var _p = _chan.poll(_c);',
    '        if _p != _wire.OK && _p != _wire.ERR_EMPTY {',
    '            return _p;',
    '        }',
    `        _e = ${send};`,
    '    }',
    '    if _e != _wire.OK {',
    '        return _e;',
    '    }',
    ...fields.map((f, i) => `    _b.${f.name} = ${outs[i]!.name};`),
    `    return _chan.rpc_wait(_c, ${msgnumName(r.response)});`,
    '}',
  ];
}

/** Words the transmit/receive buffers need: the largest message at its maximum lengths. */
export function bufferWords(iface: Interface): number {
  let most = 0;
  for (const m of iface.messages) for (const t of ['ump', 'lmp'] as const) {
    const plan = planMessage(m, t);
    const frags = plan.fixed.length + plan.overflow.reduce((n, o) => n + overflowFragments(o.max, t), 0);
    most = Math.max(most, frags * plan.wordsPerFragment);
  }
  return most;
}

/** The most capabilities one message carries (at least 1, so the cap arrays are never empty). */
export const maxCaps = (iface: Interface): number => Math.max(1, ...iface.messages.map((m) => planMessage(m, 'lmp').caps.length));
