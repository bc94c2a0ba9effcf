// The record kinds a Hakefile can `build`, their fields (the one list of them; docs/hake.md
// documents each and a test checks it does), and the conversion of an evaluated record into a
// typed rule for the build graph.
import type { Loc } from './diagnostics.ts';
import { asList, asString, fail, type EvalContext, type RecordV, type Value } from './values.ts';

export type FieldType = 'string' | 'strings';

export const ARCHITECTURES = ['x86', 'arm'] as const;
export type HakeArch = (typeof ARCHITECTURES)[number];

const PROGRAM_FIELDS = {
  target: 'string', finFiles: 'strings', assemblyFiles: 'strings', flounderDefs: 'strings',
  flounderBindings: 'strings', mackerelDevices: 'strings', fuguFiles: 'strings',
  addLibraries: 'strings', addIncludes: 'strings', architectures: 'strings',
} as const satisfies Record<string, FieldType>;

const IMAGE_FIELDS = {
  machine: 'string', title: 'string', kernel: 'string', kernelArgs: 'strings', modules: 'strings',
} as const satisfies Record<string, FieldType>;

export const RECORD_KINDS: Record<string, Record<string, FieldType>> = {
  application: PROGRAM_FIELDS,
  library: PROGRAM_FIELDS,
  image: IMAGE_FIELDS,
};

/** Barrelfish `Args` fields shoal recognises but does not build, with the reason given. */
export const UNSUPPORTED_FIELDS: Record<string, string> = {
  cFiles: 'shoal has no C compiler; write Fin and use `finFiles`',
  cxxFiles: 'shoal has no C++ compiler',
  generatedCFiles: 'shoal has no C compiler', generatedCxxFiles: 'shoal has no C++ compiler',
  addCFlags: 'shoal has no C compiler', omitCFlags: 'shoal has no C compiler',
  addCxxFlags: 'shoal has no C++ compiler', omitCxxFlags: 'shoal has no C++ compiler',
  addGeneratedIncludes: 'generated Fin modules are found automatically', omitIncludes: 'shoal has no include flags to omit',
  addLinkFlags: 'shoal links every program the same way', addGeneratedDependencies: 'Hake finds generated dependencies itself',
  flounderExtraDefs: 'shoal\'s Flounder has no extra backends yet', flounderExtraBindings: 'shoal\'s Flounder has no extra backends yet',
  flounderTHCDefs: 'shoal has no THC', flounderTHCStubs: 'shoal has no THC',
  skateSchemaDefs: 'shoal has no Skate', skateSchemas: 'shoal has no Skate',
  addModules: 'use `addLibraries`', libraryOs: 'shoal has one library OS', installDirs: 'shoal installs into build/<arch>/sbin',
};

/** Check one field assignment as the record is built, so errors point at the field. */
export function checkField(ctx: EvalContext, kind: string, name: string, at: Loc, value: Value): Value {
  const spec = RECORD_KINDS[kind];
  const type = spec?.[name];
  if (!type) {
    if (name in UNSUPPORTED_FIELDS) fail(ctx, 'unsupported-field', at, `\`${name}\` is a Barrelfish field shoal does not support: ${UNSUPPORTED_FIELDS[name]}`);
    fail(ctx, 'unknown-field', at, `unknown field \`${name}\` of ${kind}; known fields: ${Object.keys(spec ?? {}).join(', ')}`);
  }
  if (type === 'string') return asString(ctx, value, at, `field \`${name}\``);
  return asList(ctx, value, at, `field \`${name}\``).map((v) => asString(ctx, v, at, `each element of \`${name}\``));
}

interface RuleBase { hakefile: string; dir: string; at: Loc; fieldAt: Record<string, Loc> }

export interface ProgramRule extends RuleBase {
  kind: 'application' | 'library';
  target: string;
  finFiles: string[]; assemblyFiles: string[];
  flounderDefs: string[]; flounderBindings: string[]; mackerelDevices: string[]; fuguFiles: string[];
  addLibraries: string[]; addIncludes: string[];
  architectures: HakeArch[];
}

export interface ImageRule extends RuleBase {
  kind: 'image';
  machine: string; title: string; kernel: string; kernelArgs: string[];
  /** each "target arg…" */
  modules: string[];
}

export type Rule = ProgramRule | ImageRule;

export function toRule(ctx: EvalContext, rec: RecordV): Rule {
  const fieldAt: Record<string, Loc> = {};
  for (const [k, f] of rec.fields) fieldAt[k] = f.at;
  const str = (k: string, dflt?: string): string => {
    const f = rec.fields.get(k);
    if (f) return f.value as string;
    if (dflt === undefined) fail(ctx, 'missing-field', rec.at, `${rec.kind} needs a \`${k}\` field`);
    return dflt;
  };
  const strs = (k: string): string[] => (rec.fields.get(k)?.value as string[] | undefined) ?? [];
  const base = { hakefile: ctx.file, dir: ctx.dir, at: rec.at, fieldAt };
  if (rec.kind === 'image') {
    return { ...base, kind: 'image', machine: str('machine'), title: str('title', `shoal on ${str('machine')}`), kernel: str('kernel'), kernelArgs: strs('kernelArgs'), modules: strs('modules') };
  }
  const archField = rec.fields.get('architectures');
  const archs = archField ? (archField.value as string[]) : [...ARCHITECTURES];
  for (const a of archs) {
    if (!(ARCHITECTURES as readonly string[]).includes(a)) fail(ctx, 'bad-architecture', archField!.at, `unknown architecture "${a}"; shoal builds for ${ARCHITECTURES.map((x) => `"${x}"`).join(' and ')}`);
  }
  return {
    ...base, kind: rec.kind as 'application' | 'library', target: str('target'),
    finFiles: strs('finFiles'), assemblyFiles: strs('assemblyFiles'), flounderDefs: strs('flounderDefs'),
    flounderBindings: strs('flounderBindings'), mackerelDevices: strs('mackerelDevices'), fuguFiles: strs('fuguFiles'),
    addLibraries: strs('addLibraries'), addIncludes: strs('addIncludes'), architectures: [...new Set(archs)] as HakeArch[],
  };
}
