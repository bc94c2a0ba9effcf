// One Hakefile: parse, evaluate, and check that the result is a list of `build …` rules.
// Returns data; a bad Hakefile is diagnostics, never an exception.
import { dirname } from 'node:path';
import { builtins } from './builtins.ts';
import { HakeFailure, hakeDiag, type HakeDiagnostic, type Loc } from './diagnostics.ts';
import { Evaluator } from './eval.ts';
import { parseHakefile } from './parse.ts';
import { toRule, type Rule } from './records.ts';
import { fail, typeName, type EvalContext } from './values.ts';

/** Barrelfish Hake functions a real Hakefile may use that shoal's Hake does not provide. */
const BARRELFISH_ONLY = new Set([
  'options', 'mackerel2', 'mackerel', 'flounderGenDefs', 'flounderGenIfTypes', 'flounderTHCFile', 'flounderRules',
  'compileHaskell', 'compileNativeC', 'platform', 'boot', 'copyFile', 'armv7Image', 'armv8Image', 'armv8EFIImage',
  'optInterconnectDrivers', 'cInDir', 'cDir', 'Rule', 'Rules', 'Phony', 'In', 'Out', 'Dep', 'NoDep', 'Target', 'Str', 'NStr',
  'SrcTree', 'BuildTree', 'InstallTree', 'cpuDriver', 'bootDriver', 'driverdomain', 'drivermodule', 'arrakisapplication',
]);

export interface HakefileResult {
  rules: Rule[];
  diagnostics: HakeDiagnostic[];
  /** directories the evaluation listed (`find`), absolute: the rules depend on their contents */
  listed: string[];
}

export function evalHakefile(src: string, file: string): HakefileResult {
  const parsed = parseHakefile(src, file);
  const listed: string[] = [];
  if (!parsed.expr) return { rules: [], diagnostics: parsed.diagnostics, listed };
  const ctx: EvalContext = { file, dir: dirname(file), listed };
  const unknown = (name: string, at: Loc): never => {
    if (BARRELFISH_ONLY.has(name) || name.startsWith('Config.')) fail(ctx, 'unknown-name', at, `\`${name}\` is Barrelfish Hake that shoal's Hake does not provide`);
    return fail(ctx, 'unknown-name', at, `\`${name}\` is not defined`);
  };
  try {
    const ev = new Evaluator(ctx, unknown);
    const value = ev.eval(parsed.expr, builtins(ctx));
    if (!Array.isArray(value)) fail(ctx, 'not-a-rule', parsed.expr.at, `a Hakefile must be a list of \`build …\` rules, not ${typeName(value)}`);
    const rules = value.map((v) => {
      if (typeof v !== 'object' || Array.isArray(v) || v.t !== 'record' || !v.rule) {
        return fail(ctx, 'not-a-rule', parsed.expr!.at, `each element of a Hakefile's list must be a \`build …\` rule, not ${typeName(v)}`);
      }
      return toRule(ctx, v);
    });
    return { rules, diagnostics: [], listed };
  } catch (e) {
    if (e instanceof HakeFailure) return { rules: [], diagnostics: [e.diag], listed };
    if (e instanceof RangeError) return { rules: [], diagnostics: [hakeDiag('too-deep', file, parsed.expr.at, 'evaluation recursed too deeply (unbounded recursion?)')], listed };
    throw e;
  }
}
