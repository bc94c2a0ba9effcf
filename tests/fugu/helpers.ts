// Shared by the Fugu tests: compile Fugu text held in memory (through a temporary file, since
// fuguGenerate reads from disk) and load generated TypeScript as a module.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuguGenerate, type FuguOptions, type FuguResult } from '../../compiler/fugu/index.ts';

export const dir = mkdtempSync(join(tmpdir(), 'shoal-fugu-'));
let serial = 0;

export function fuguFile(text: string, name = `t${serial++}.fugu`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function compileText(text: string, opts: FuguOptions = {}): FuguResult & { path: string } {
  const path = fuguFile(text);
  return { ...fuguGenerate(path, opts), path };
}

/** The shape of every generated TypeScript module. */
export interface ErrnoModule {
  ERR_BITS: number; ERR_DEPTH: number; ERR_SUCCESS_LIMIT: number; ERR_COUNT: number;
  errPush(e: number, code: number): number; errTop(e: number): number; errPop(e: number): number;
  errIsOk(e: number): boolean; errIsFail(e: number): boolean; errStack(e: number): number[] | undefined;
  errName(code: number): string | undefined; errDomain(code: number): string | undefined; errMessage(code: number): string | undefined;
  [name: string]: unknown;
}

export async function loadTs(ts: string): Promise<ErrnoModule> {
  const p = join(dir, `gen${serial++}.ts`);
  writeFileSync(p, ts);
  return (await import(p)) as ErrnoModule;
}

export const CORPUS = new URL('../../../shared/corpus/barrelfish/errors/errno.fugu', import.meta.url).pathname;
export const SHOAL_FUGU = new URL('../../os-src/errors/errno.fugu', import.meta.url).pathname;
