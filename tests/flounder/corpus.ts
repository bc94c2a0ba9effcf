// The Barrelfish interface corpus and the original tool's verdict on each file (VERDICTS.md),
// read in place from the shared corpus (never copied into the project).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../shared/corpus/barrelfish/', import.meta.url));
export const IF_DIR = join(CORPUS, 'if');

export interface CorpusFile { rel: string; path: string; verdict: string }

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.if') ? [p] : [];
  });
}

/** Every `.if` file under if/, with its verdict (`OK`, `INCLUDE` or `FAIL: …`). */
export function corpusFiles(): CorpusFile[] {
  const verdicts = new Map<string, string>();
  for (const line of readFileSync(join(CORPUS, 'VERDICTS.md'), 'utf8').split('\n')) {
    const m = /^\| `(if\/[^`]+)` \| (.*) \|$/.exec(line);
    if (m) verdicts.set(m[1]!, m[2]!);
  }
  return walk(IF_DIR).map((path) => {
    const rel = relative(CORPUS, path).split('\\').join('/');
    const verdict = verdicts.get(rel);
    if (!verdict) throw new Error(`no verdict for ${rel}`);
    return { rel, path, verdict };
  });
}

export const acceptedInterfaces = (): CorpusFile[] => corpusFiles().filter((f) => f.verdict === 'OK');
