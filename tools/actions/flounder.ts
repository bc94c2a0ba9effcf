// `shoal flounder`: one interface file → TypeScript and/or Fin stubs, or just a check.
import { writeFileSync } from 'node:fs';
import { flounderCheck, flounderGenerate, type Arch } from '../../compiler/flounder/index.ts';
import { fail, type ActionResult } from './result.ts';

export interface FlounderActionOptions {
  file: string;
  ts?: string;
  fin?: string;
  arch?: Arch;
  imports?: string[];
  check?: boolean;
}

export function flounderAction(o: FlounderActionOptions): ActionResult {
  if (!o.check && !o.ts && !o.fin) return fail(['error: nothing to do: give --ts OUT.ts, --fin OUT.fin or --check'], 2);
  const imports = o.imports?.length ? o.imports : undefined;
  if (!o.ts && !o.fin) {
    const c = flounderCheck(o.file, { arch: o.arch, imports });
    return c.diagnostics.length ? fail(c.diagnostics) : { code: 0, out: [c.summary], err: [] };
  }
  const r = flounderGenerate(o.file, {
    ts: !!o.ts, fin: !!o.fin, arch: o.arch, imports, tsOut: o.ts,
  });
  if (r.diagnostics.length) return fail(r.diagnostics);
  try {
    if (o.ts) writeFileSync(o.ts, r.ts!);
    if (o.fin) writeFileSync(o.fin, r.fin!);
  } catch (e) {
    return fail([`error: cannot write output (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  return { code: 0, out: [r.summary], err: [] };
}
