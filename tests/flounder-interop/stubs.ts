// Generates the TS and Fin stubs of interop.if into a fresh temporary folder for the
// interoperation tests, and loads the TS module. The Fin module is written as
// `<dir>/flounder/interop.fin`, so a program with `-I <dir>` imports it as flounder.interop.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flounderGenerate } from '../../compiler/flounder/index.ts';
import type { Encoded, Result } from '../../compiler/flounder/runtime/codec.ts';
import { tempDir } from '../flounder-fin/gen.ts';

export const INTEROP_IF = fileURLToPath(new URL('./interop.if', import.meta.url));

export interface Received { name: string; args: Record<string, unknown> }

/** What the tests use of the generated TS module. */
export interface InteropStubs {
  interop_codec: Record<string, Record<'ump' | 'lmp', { encode(args: unknown): Result<Encoded> }>>;
  interop_decode(t: 'ump' | 'lmp', msg: number, frags: readonly Uint32Array[], caps: readonly never[]): Result<Received>;
}

export async function generateInterop(): Promise<{ dir: string; stubs: InteropStubs; fin: string; ts: string }> {
  const dir = tempDir('shoal-interop-');
  const tsPath = join(dir, 'interop.ts');
  const g = flounderGenerate(INTEROP_IF, { ts: true, fin: true, tsOut: tsPath });
  if (g.diagnostics.length || !g.ts || !g.fin) throw new Error(`interop.if: ${g.diagnostics.join('\n')}`);
  writeFileSync(tsPath, g.ts);
  mkdirSync(join(dir, 'flounder'));
  writeFileSync(join(dir, 'flounder', 'interop.fin'), g.fin);
  const stubs = (await import(pathToFileURL(tsPath).href)) as InteropStubs;
  return { dir, stubs, fin: g.fin, ts: g.ts };
}
