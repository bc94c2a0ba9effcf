// shoal's own error codes, generated from errno.fugu beside this file: the Fin module `err.errno`
// (stdlib/err/errno.fin) and the TypeScript twin (errno.generated.ts). Registered in
// tools/gen/targets.ts, so `npm run gen` rewrites them and tests/gen.test.ts fails when stale.
import { fileURLToPath } from 'node:url';
import { fuguGenerate } from '../../compiler/fugu/index.ts';

export const SHOAL_ERRNO_FUGU = fileURLToPath(new URL('./errno.fugu', import.meta.url));

function generate(kind: 'ts' | 'fin'): string {
  const r = fuguGenerate(SHOAL_ERRNO_FUGU, { [kind]: true });
  const text = r[kind];
  if (text === undefined) throw new Error(`os-src/errors/errno.fugu does not compile:\n${r.diagnostics.join('\n')}`);
  return text;
}

export const generateErrnoTs = () => generate('ts');
export const generateErrnoFin = () => generate('fin');
