// Every generated file and the function that produces it.
import { generateInterpreter } from './interp.ts';
import { generateIsaDoc } from './isa-doc.ts';
import { generateWireFin } from '../../compiler/flounder/fin/gen-wire.ts';
import { generateErrnoFin, generateErrnoTs } from '../../os-src/errors/generate.ts';
import { DEVICE_GENERATED } from '../../os-src/devices/generate.ts';

export interface Generated { path: string; generate: () => string }

export const GENERATED: Generated[] = [
  { path: 'vm/core/interp.generated.ts', generate: generateInterpreter },
  { path: 'docs/isa.md', generate: generateIsaDoc },
  { path: 'stdlib/os/wire.fin', generate: generateWireFin },
  { path: 'stdlib/err/errno.fin', generate: generateErrnoFin },
  { path: 'os-src/errors/errno.generated.ts', generate: generateErrnoTs },
  ...DEVICE_GENERATED,
];
