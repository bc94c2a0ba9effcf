// IR-level optimisation between lowering and code generation: `optimize(module)` returns a copy
// of the module whose functions compute exactly the same (output, results, faults and the point
// where they happen) with fewer executed instructions. Per function:
//   reduceStrength (strength.ts)    i*C in innermost loops becomes a vreg stepped by C
// Loop-invariant code motion, bounds-check elimination and dead-code removal are owned by the
// code generator (compiler/fin/codegen: licm.ts, bounds.ts, simplify.ts), which runs them on the
// address-mode form each personality will use. IR-level copies of those three passes were
// removed: without them every golden program and CPU benchmark executes the same number of
// guest instructions or fewer (matmul: 40,000 fewer on x86, 80,000 on arm), and they cost about
// a tenth of compile time.
// CFG and def/use helpers are in cfg.ts. Each pass keeps irVerify clean. With `verify` (the
// default, and what the tests use) the pipeline checks the input and every pass's result and
// throws on a violation (a compiler bug). The compile driver turns that off unless
// SHOAL_VERIFY_IR is set: emitAsm verifies every function it is given anyway, and re-verifying
// after each pass was about a tenth of compile time.
import type { IrFunction, IrModule } from '../ir/ir.ts';
import { irVerify } from '../ir/verify.ts';
import { reduceStrength } from './strength.ts';

export { reduceStrength };

export type Pass = (fn: IrFunction) => boolean;

/** The passes in pipeline order, by name (tests run and verify them one at a time). */
export const PASSES: [string, Pass][] = [
  ['strength', reduceStrength],
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
