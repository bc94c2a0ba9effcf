// Keep only what a program can reach. Fin compiles a whole program at once, and library modules
// (generated device accessors, Flounder stubs, error tables) define far more functions than any
// one program calls; generating code for all of them made every compile pay for every import.
//
// Roots are the symbols other objects may name (the driver passes the entry `main` and the
// `pub` functions and globals of the program's own modules; assembly linked beside the program
// can call those). Anything a
// kept function calls, takes the address of, or a kept global's initialiser points at is kept
// too; that is the whole reference graph of the IR, so nothing that can run is dropped.
import type { IrFunction, IrGlobal, IrModule } from '../ir/ir.ts';

export function dropUnreachable(ir: IrModule, roots: Iterable<string>): IrModule {
  const funcs = new Map<string, IrFunction>(ir.functions.map((f) => [f.name, f]));
  const globals = new Map<string, IrGlobal>(ir.globals.map((g) => [g.name, g]));
  const live = new Set<string>();
  const work: string[] = [];
  const mark = (sym: string) => {
    if (!live.has(sym)) { live.add(sym); work.push(sym); }
  };
  for (const r of roots) mark(r);
  while (work.length) {
    const sym = work.pop()!;
    const f = funcs.get(sym);
    if (f) {
      for (const b of f.blocks) {
        for (const i of b.insts) {
          if (i.op === 'addr') mark(i.symbol);
          else if (i.op === 'call' && 'symbol' in i.target) mark(i.target.symbol);
        }
      }
      continue;
    }
    for (const d of globals.get(sym)?.init ?? []) if (d.kind === 'symbol') mark(d.symbol);
  }
  return {
    ...ir,
    functions: ir.functions.filter((f) => live.has(f.name)),
    globals: ir.globals.filter((g) => live.has(g.name)),
  };
}
