// IR-level optimisation between lowering and code generation: `optimize(module)` returns a copy
// of the module whose functions compute exactly the same (output, results, faults and the point
// where they happen) with fewer executed instructions. Per function, in order:
//   hoistInvariants (licm.ts)       pure invariant computations to loop preheaders
//   removeDominatedBounds (bounds.ts) a bounds check an identical dominating check already did
//   removeProvenBounds (bounds.ts)  a bounds check that branches/constants/earlier checks prove
//   reduceStrength (strength.ts)    i*C in innermost loops becomes a vreg stepped by C
//   removeDeadCode (dce.ts)         pure computations nothing needs (incl. dead cycles)
// CFG and def/use helpers are in cfg.ts. Each pass keeps irVerify clean; the pipeline checks
// the result and throws on a violation (a compiler bug) rather than emit broken code.
import type { IrFunction, IrModule } from '../ir/ir.ts';
import { irVerify } from '../ir/verify.ts';
import { removeDominatedBounds, removeProvenBounds } from './bounds.ts';
import { removeDeadCode } from './dce.ts';
import { hoistInvariants } from './licm.ts';
import { reduceStrength } from './strength.ts';

export { removeDominatedBounds, removeProvenBounds, removeDeadCode, hoistInvariants, reduceStrength };

export type Pass = (fn: IrFunction) => boolean;

/** The passes in pipeline order, by name (tests run and verify them one at a time). */
export const PASSES: [string, Pass][] = [
  ['licm', (fn) => hoistInvariants(fn)],
  ['bounds', removeDominatedBounds],
  ['proven-bounds', removeProvenBounds],
  ['strength', reduceStrength],
  ['dce', removeDeadCode],
];

export function cloneFunction(fn: IrFunction): IrFunction {
  return structuredClone(fn);
}

/** Optimise one function in place. Invalid input is left alone (emitAsm reports it). */
export function optimizeFunction(fn: IrFunction, passes: [string, Pass][] = PASSES): IrFunction {
  if (irVerify(fn).length) return fn;
  for (const [name, pass] of passes) {
    if (!pass(fn)) continue;
    const errs = irVerify(fn);
    if (errs.length) throw new Error(`internal compiler error: IR pass '${name}' broke ${fn.name}:\n  ${errs.join('\n  ')}`);
  }
  return fn;
}

export function optimize(mod: IrModule): IrModule {
  return { ...mod, functions: mod.functions.map((f) => optimizeFunction(cloneFunction(f))) };
}
