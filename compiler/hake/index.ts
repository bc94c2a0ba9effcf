// Hake's public surface: build a tree, evaluate one Hakefile, read and write menu.lst.
export { hakeBuild, type BuildOptions, type BuildReport } from './build.ts';
export { evalHakefile, type HakefileResult } from './hakefile.ts';
export { parseHakefile } from './parse.ts';
export { formatMenu, parseMenu, type Menu, type MenuEntry } from './menu.ts';
export { HAKE_DIAGNOSTICS, formatHakeDiag, type HakeDiagnostic } from './diagnostics.ts';
export type { Rule, ProgramRule, ImageRule, HakeArch } from './records.ts';
