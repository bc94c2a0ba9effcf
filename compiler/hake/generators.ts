// The rule table for code generators: which Hakefile field names inputs of which compiler,
// where the input file is, where the generated Fin module goes, and how to call the compiler.
// Compilers are imported on first use, so a build that runs no generator step never loads them.
import { basename, join } from 'node:path';
import type { HakeArch, ProgramRule } from './records.ts';

export type GeneratorName = 'flounder' | 'mackerel' | 'fugu';

export interface GenOutput { diagnostics: string[]; fin?: string; deps?: string[] }

export interface Generator {
  name: GeneratorName;
  /** the Hakefile field that names its inputs */
  field: 'flounderBindings' | 'flounderDefs' | 'mackerelDevices' | 'fuguFiles';
  /** the input file for an entry of that field */
  source(root: string, rule: ProgramRule, entry: string): string;
  /** the generated module's path under build/<arch>/gen (its Fin module name follows from it) */
  output(entry: string): string;
  run(mod: Record<string, unknown>, file: string, arch: HakeArch): GenOutput;
}

type FlounderGenerate = (file: string, opts: { fin?: boolean; arch?: HakeArch }) => GenOutput;
type MackerelGenerate = (file: string, opts: { fin?: boolean; arch?: HakeArch }) => GenOutput;
type FuguGenerate = (file: string, opts: { fin?: boolean }) => GenOutput;

// Interfaces live in os-src/if/ and devices in os-src/devices/, as Barrelfish keeps them in
// if/ and devices/ at the top of its tree; error files are named relative to their Hakefile.
const flounder = (field: 'flounderBindings' | 'flounderDefs'): Generator => ({
  name: 'flounder', field,
  source: (root, _rule, name) => join(root, 'os-src', 'if', `${name}.if`),
  output: (name) => `flounder/${name}.fin`,
  run: (mod, file, arch) => (mod.flounderGenerate as FlounderGenerate)(file, { fin: true, arch }),
});

export const GENERATORS: Generator[] = [
  flounder('flounderBindings'),
  flounder('flounderDefs'),
  {
    name: 'mackerel', field: 'mackerelDevices',
    source: (root, _rule, name) => join(root, 'os-src', 'devices', `${name}.dev`),
    output: (name) => `dev/${name}.fin`,
    run: (mod, file, arch) => (mod.mackerelGenerate as MackerelGenerate)(file, { fin: true, arch }),
  },
  {
    name: 'fugu', field: 'fuguFiles',
    source: (root, rule, file) => (file.startsWith('/') ? join(root, file) : join(rule.dir, file)),
    output: (file) => `errors/${basename(file, '.fugu')}.fin`,
    run: (mod, file) => (mod.fuguGenerate as FuguGenerate)(file, { fin: true }),
  },
];

const ENTRY = (g: GeneratorName) => new URL(`../${g}/index.ts`, import.meta.url);

const loaded = new Map<GeneratorName, Promise<Record<string, unknown>>>();
export function loadGenerator(g: GeneratorName): Promise<Record<string, unknown>> {
  let p = loaded.get(g);
  if (!p) { p = import(ENTRY(g).href) as Promise<Record<string, unknown>>; loaded.set(g, p); }
  return p;
}
