// Lowering a checked program to one IR module: every function with a body, every global,
// the string literals. Symbols are the front end's link names, except that the main module's
// `main` is also the bare `main` the runtime's start-up code calls.
import type { DataItem, IrGlobal, IrModule } from '../ir/ir.ts';
import type { CheckedProgram, FuncInfo, GlobalInfo } from '../checked.ts';
import { alignOf, sizeOf } from '../layout.ts';
import { scalarRep } from '../types.ts';
import { FnLowerer } from './stmt.ts';

export function isEntry(f: FuncInfo, prog: CheckedProgram): boolean {
  return f.name === 'main' && !f.extern && prog.modules.some((m) => m.isMain && m.name === f.module);
}

export function lowerProgram(prog: CheckedProgram, name = 'program'): IrModule {
  const funcSymbol = (f: FuncInfo) => (isEntry(f, prog) ? 'main' : f.linkName);
  const stringSymbol = (i: number) => `.Lstr.${i}`;
  const globalSymbol = (g: { linkName: string }) => g.linkName;
  const names = { funcSymbol, stringSymbol };

  const functions = prog.functions
    .filter((f) => !f.extern && f.body !== null)
    .map((f) => new FnLowerer(f, names, globalSymbol, funcSymbol(f), f.pub || isEntry(f, prog)).lower());
  const externs = prog.functions.filter((f) => f.extern).map((f) => f.linkName);

  const globals: IrGlobal[] = prog.globals.map((g) => ({
    name: globalSymbol(g), global: g.pub, align: alignOf(g.type), size: sizeOf(g.type), readonly: false, init: initOf(g),
  }));
  for (const s of prog.strings) {
    globals.push({ name: stringSymbol(s.index), global: false, align: 1, size: s.bytes.length, readonly: true, init: [{ kind: 'bytes', bytes: s.bytes }] });
  }
  return { name, functions, globals, externs };

  function initOf(g: GlobalInfo): DataItem[] | undefined {
    const init = g.init;
    switch (init.kind) {
      case 'zero': return undefined;
      case 'const': {
        const width = scalarRep(g.type)?.bits ?? 32;
        if (width === 32) return [{ kind: 'word', value: init.value | 0 }];
        const bytes = new Uint8Array(width / 8);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (init.value >>> (8 * i)) & 0xff;
        return [{ kind: 'bytes', bytes }];
      }
      case 'string': return [{ kind: 'symbol', symbol: stringSymbol(init.index), offset: 0 }];
      case 'func': return [{ kind: 'symbol', symbol: funcSymbol(init.func), offset: 0 }];
      case 'global': return [{ kind: 'symbol', symbol: globalSymbol(init.global), offset: 0 }];
    }
  }
}
