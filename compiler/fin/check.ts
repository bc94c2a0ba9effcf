// The checker's phases, over all modules at once:
//   1. collect every module's top-level names (decls.ts), then add import aliases — imports may
//      be cyclic, so every module exists before any alias is linked;
//   2. resolve every declaration: struct layouts, enum values, aliases, constants, globals and
//      function signatures (lazily, in dependency order, cycles reported);
//   3. check every function body (one function's errors do not stop the others);
//   4. assemble the CheckedProgram (checked.ts).
import type { Arch, CheckedProgram } from './checked.ts';
import type { Ctx, DeclSym, ModState } from './context.ts';
import type { DiagSink } from './diagnostics.ts';
import type { LoadedModule } from './modules.ts';
import { collectModule, ensureDecl, linkImports } from './decls.ts';
import { checkFunction } from './check-fn.ts';

export function checkModules(loaded: LoadedModule[], arch: Arch, diags: DiagSink): CheckedProgram {
  const ctx: Ctx = { arch, diags, strings: [], stringIndex: new Map() };
  const mods: ModState[] = loaded.map((m) => collectModule(ctx, m));
  const byLoaded = new Map<LoadedModule, ModState>(mods.map((m) => [m.loaded, m]));
  for (const m of mods) linkImports(m, byLoaded);

  const decls: DeclSym[] = [];
  for (const m of mods) for (const sym of m.scope.values()) if (sym.kind !== 'module') decls.push(sym);
  for (const sym of decls) ensureDecl(sym);
  for (const sym of decls) checkFunction(sym);

  const modules = mods.map((m) => m.info);
  return {
    arch,
    modules,
    functions: modules.flatMap((m) => m.functions),
    globals: modules.flatMap((m) => m.globals),
    consts: modules.flatMap((m) => m.consts),
    structs: modules.flatMap((m) => m.structs),
    enums: modules.flatMap((m) => m.enums),
    strings: ctx.strings,
  };
}
