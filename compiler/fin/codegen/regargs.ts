// Which functions take their first argument words in registers on x86. The public convention
// (docs/calling-conventions.md) passes every word on the stack, which costs a store per
// argument at the call and a load per parameter in the callee. A function nothing outside this
// module can call, and whose address is never taken, is only ever called directly from code
// generated here, so it may use a private convention instead: words 0 and 1 in eax and ecx,
// words 2+ on the stack as words 0+ would be. Two registers, not three, so that edx stays free
// to break a cycle when the arguments are moved into place (see parmove.ts).
import type { IrModule } from '../ir/ir.ts';

/** x86 registers of argument words 0 and 1 under the private convention (eax, ecx). */
export const X86_REG_ARGS: readonly number[] = [0, 1];
/** x86 register free at every call and on entry, for breaking argument move cycles (edx). */
export const X86_ARG_TEMP = 2;

/** Names of the module's functions that take arguments in registers on x86. */
export function registerArgFunctions(mod: IrModule): Set<string> {
  const escapes = new Set<string>();
  for (const fn of mod.functions) {
    for (const b of fn.blocks) for (const x of b.insts) if (x.op === 'addr') escapes.add(x.symbol);
  }
  for (const g of mod.globals) for (const d of g.init ?? []) if (d.kind === 'symbol') escapes.add(d.symbol);
  return new Set(mod.functions.filter((f) => !f.global && !escapes.has(f.name) && f.params.length > 0).map((f) => f.name));
}
