import { checkProgram, stdlibRoot } from '../../compiler/fin/index.ts';
import { lowerProgram } from '../../compiler/fin/lower/program.ts';
import { prepare } from '../../compiler/fin/codegen/emit.ts';
import { layoutOrder, successors } from '../../compiler/fin/codegen/mir.ts';
import { printInst, printTerm } from '../../compiler/fin/ir/print.ts';
import { dirname } from 'node:path';
const file = process.argv[2]!;
const checked = checkProgram({ mainFiles: [file], roots: [stdlibRoot(), dirname(file)], arch: 'x86' });
const ir = lowerProgram(checked.program!, file);
for (const fn of ir.functions) {
  if (!fn.name.includes('main')) continue;
  const m = prepare(fn, 'x86'); console.log('prepared');
  const order = layoutOrder(m); console.log('order', order.join(' '));
  m.blocks.forEach((b, i) => { if (!b.dead) console.log(`b${i}${b.dead ? ' dead' : ''}: ${b.insts.filter(x => x.op !== 'loc').length} insts; ${JSON.stringify(b.term)}`); });
}
import { analyse } from '../../compiler/fin/codegen/liveness.ts';
import { linearScan } from '../../compiler/fin/codegen/regalloc.ts';
import { X86_HINTS, X86_REGS } from '../../compiler/fin/codegen/x86.ts';
for (const fn of ir.functions) {
  if (!fn.name.includes('main')) continue;
  const m = prepare(fn, 'x86');
  const lv = analyse(m, layoutOrder(m), X86_HINTS); console.log('analysed');
  const a = linearScan(lv.intervals, X86_REGS); console.log('scanned');
}
