// IR-level optimisation between lowering and code generation: `optimize(module)` returns a copy
// of the module whose functions compute exactly the same (output, results, faults and the point
// where they happen) with fewer executed instructions. Per function, in order:
//   hoistInvariants (licm.ts)       pure invariant computations to loop preheaders
//   removeDominatedBounds (bounds.ts) a bounds check an identical dominating check already did
//   removeProvenBounds (bounds.ts)  a bounds check that branches/constants/earlier checks prove
//   reduceStrength (strength.ts)    i*C in innermost loops becomes a vreg stepped by C
//   removeDeadCode (dce.ts)         pure computations nothing needs (incl. dead cycles)
// CFG and def/use helpers are in cfg.ts. Each pass keeps irVerify clean. With `verify` (the
// default, and what the tests use) the pipeline checks the input and every pass's result and
// throws on a violation (a compiler bug). The compile driver turns that off unless
// SHOAL_VERIFY_IR is set: emitAsm verifies every function it is given anyway, and re-verifying
// after each pass was about a tenth of compile time.
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

/** Optimise one function in place. With `verify`, invalid input is left alone (emitAsm
 *  reports it); without, the input must be valid (the lowering's output is). */
export function optimizeFunction(fn: IrFunction, passes: [string, Pass][] = PASSES, verify = true): IrFunction {
  if (verify && irVerify(fn).length) return fn;
  for (const [name, pass] of passes) {
    if (!pass(fn) || !verify) continue;
    const errs = irVerify(fn);
    if (errs.length) throw new Error(`internal compiler error: IR pass '${name}' broke ${fn.name}:\n  ${errs.join('\n  ')}`);
  }
  return fn;
}

export interface OptimizeOptions {
  /** verify the input and each pass's result (default true) */
  verify?: boolean;
  /** optimise the module's functions in place instead of copies (default false); for a
   *  caller that owns the module, such as the driver right after lowering */
  inPlace?: boolean;
}

export function optimize(mod: IrModule, opts: OptimizeOptions = {}): IrModule {
  const verify = opts.verify ?? true;
  const copy = !(opts.inPlace ?? false);
  return { ...mod, functions: mod.functions.map((f) => optimizeFunction(copy ? cloneFunction(f) : f, PASSES, verify)) };
}
