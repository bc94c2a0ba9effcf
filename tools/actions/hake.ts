// `shoal build`: run Hake over the source tree and summarise what it did.
import { fileURLToPath } from 'node:url';
import { hakeBuild, type BuildOptions, type BuildReport } from '../../compiler/hake/build.ts';
import type { ActionResult } from './result.ts';

/** The repository: the tree `shoal build` and `npm start` build. */
export const SOURCE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HakeActionResult extends ActionResult { report: BuildReport }

export async function buildAction(opts: Partial<BuildOptions> = {}): Promise<HakeActionResult> {
  const report = await hakeBuild({ root: SOURCE_ROOT, ...opts });
  const err = [...report.warnings, ...report.errors];
  if (!report.ok) return { code: 1, out: [], err, report };
  const built = report.ran.length;
  const out = [`hake: ${report.total} steps: ${built} built, ${report.upToDate} up to date`];
  for (const [machine, menu] of Object.entries(report.images)) out.push(`  image ${machine}: ${menu}`);
  return { code: 0, out, err, report };
}
