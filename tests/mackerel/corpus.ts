// The Barrelfish device corpus and the original Mackerel's verdict on each file
// (`../shared/corpus/barrelfish/VERDICTS.md`), read in place: never copied into the project.
import { readFileSync } from 'node:fs';

export const CORPUS = '../shared/corpus/barrelfish/';

export interface Verdict {
  /** path relative to the corpus root, e.g. `devices/omap/omap44xx_uart1.dev` */
  file: string;
  ok: boolean;
  /** what kind of rejection the original reported */
  kind?: 'name-mismatch' | 'overlap' | 'syntax';
  /** the line the original reported */
  line?: number;
}

export function devVerdicts(): Verdict[] {
  const rows = readFileSync(CORPUS + 'VERDICTS.md', 'utf8').split('\n').filter((l) => l.startsWith('| `devices/'));
  return rows.map((row) => {
    const m = /^\| `([^`]+)` \| (.*) \|$/.exec(row);
    if (!m) throw new Error(`unreadable verdict row: ${row}`);
    const [, file, verdict] = m;
    if (verdict === 'OK') return { file, ok: true };
    const kind = verdict.includes('describes dev') ? 'name-mismatch' : verdict.includes('overlaps with') ? 'overlap' : verdict.includes('Parse error') ? 'syntax' : undefined;
    if (!kind) throw new Error(`unknown verdict kind: ${verdict}`);
    const line = Number((/\.dev:(\d+):/.exec(verdict) ?? /\(line (\d+),/.exec(verdict))?.[1]);
    return { file, ok: false, kind, line };
  });
}
