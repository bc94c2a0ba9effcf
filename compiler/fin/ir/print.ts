// A readable listing of the IR, for debugging the lowering and the code generators:
//
//   fn fib(v0) -> value global  ; fib.fin
//   b0:
//     v1 = cmp slt v0, 2
//     br ne v1, 0 -> b1, b2
import type { DataItem, Inst, IrFunction, IrGlobal, IrModule, Operand, Terminator } from './ir.ts';

const op = (o: Operand): string => ('r' in o ? `v${o.r}` : String(o.imm));
const off = (n: number): string => (n ? (n < 0 ? ` - ${-n}` : ` + ${n}`) : '');

export function printInst(x: Inst): string {
  switch (x.op) {
    case 'const': return `v${x.dst} = const ${x.value}`;
    case 'addr': return `v${x.dst} = addr ${x.symbol}${off(x.offset)}`;
    case 'slot': return `v${x.dst} = slot s${x.slot}${off(x.offset)}`;
    case 'copy': return `v${x.dst} = copy ${op(x.src)}`;
    case 'bin': return `v${x.dst} = ${x.kind} v${x.a}, ${op(x.b)}`;
    case 'neg': case 'not': return `v${x.dst} = ${x.op} v${x.a}`;
    case 'cmp': return `v${x.dst} = cmp ${x.kind} v${x.a}, ${op(x.b)}`;
    case 'ext': return `v${x.dst} = ${x.kind} v${x.a}`;
    case 'load': return `v${x.dst} = load${x.width * 8}${x.width < 4 ? (x.signed ? 's' : 'u') : ''} [v${x.addr}${off(x.offset)}]`;
    case 'store': return `store${x.width * 8} [v${x.addr}${off(x.offset)}], ${op(x.src)}`;
    case 'call': {
      const t = 'r' in x.target ? `v${x.target.r}` : x.target.symbol;
      return `${x.dst !== null ? `v${x.dst} = ` : ''}call ${t}(${x.args.map((a) => `v${a}`).join(', ')})`;
    }
    case 'intrinsic': return `${x.dst !== null ? `v${x.dst} = ` : ''}@${x.name}(${x.args.map(op).join(', ')})`;
    case 'bounds': return `bounds v${x.index} < ${op(x.length)}`;
    case 'memcpy': return `memcpy [v${x.dst}], [v${x.src}], ${x.size}`;
    case 'loc': return `; ${x.file}:${x.line}:${x.col}`;
  }
}

export function printTerm(t: Terminator): string {
  switch (t.op) {
    case 'jmp': return `jmp b${t.target}`;
    case 'br': return `br ${t.kind} v${t.a}, ${op(t.b)} -> b${t.then}, b${t.else}`;
    case 'ret': return t.value ? `ret ${op(t.value)}` : 'ret';
    case 'unreachable': return 'unreachable';
  }
}

export function printFunction(fn: IrFunction): string {
  const lines = [`fn ${fn.name}(${fn.params.map((p) => `v${p}`).join(', ')})${fn.returnsValue ? ' -> value' : ''}${fn.global ? ' global' : ''}  ; ${fn.file}, ${fn.nvregs} vregs`];
  fn.slots.forEach((s, i) => lines.push(`  s${i}: ${s.size} bytes, align ${s.align}`));
  for (const b of fn.blocks) {
    lines.push(`b${b.id}:`);
    for (const x of b.insts) lines.push(`  ${printInst(x)}`);
    lines.push(`  ${printTerm(b.term)}`);
  }
  return lines.join('\n');
}

function printItem(d: DataItem): string {
  switch (d.kind) {
    case 'bytes': return `bytes ${JSON.stringify(Buffer.from(d.bytes).toString('latin1'))}`;
    case 'word': return `word ${d.value}`;
    case 'symbol': return `symbol ${d.symbol}${off(d.offset)}`;
    case 'zero': return `zero ${d.size}`;
  }
}

export function printGlobal(g: IrGlobal): string {
  const init = g.init ? ` = ${g.init.map(printItem).join(', ')}` : ' (bss)';
  return `${g.readonly ? 'const' : 'var'} ${g.name}: ${g.size} bytes, align ${g.align}${g.global ? ' global' : ''}${init}`;
}

export function printIr(mod: IrModule): string {
  const parts = [`module ${mod.name}`];
  if (mod.externs.length) parts.push(`extern ${mod.externs.join(', ')}`);
  for (const g of mod.globals) parts.push(printGlobal(g));
  for (const f of mod.functions) parts.push('', printFunction(f));
  return parts.join('\n') + '\n';
}
