import { checkProgram, stdlibRoot } from '../../compiler/fin/index.ts';
import { lowerProgram } from '../../compiler/fin/lower/program.ts';
import { prepare, allocate } from '../../compiler/fin/codegen/emit.ts';
import { busyRegisters } from '../../compiler/fin/codegen/regalloc.ts';
import { emitX86Function } from '../../compiler/fin/codegen/x86.ts';
import { ModuleWriter } from '../../compiler/fin/codegen/emitter.ts';
import { dirname } from 'node:path';
const file = process.argv[2]!;
const checked = checkProgram({ mainFiles: [file], roots: [stdlibRoot(), dirname(file)], arch: 'x86' });
const ir = lowerProgram(checked.program!, file);
for (const fn of ir.functions) {
  if (!fn.name.includes('main')) continue;
  const m = prepare(fn, 'x86'); console.log('prepared');
  const a = allocate(m, 'x86'); console.log('allocated', a.alloc.spilled);
  const busy = busyRegisters(a.lv.intervals, a.alloc, a.lv.items.length);
  console.log(emitX86Function(new ModuleWriter(), { fn: a.mir, sym: 'main', lv: a.lv, alloc: a.alloc, busy }, (s) => s).join('\n'));
}
