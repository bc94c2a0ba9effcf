// Throw-away source trees for Hake tests: the repository's stdlib/ (with its Hakefile and
// start-up code) plus the files a test gives, under os.tmpdir(). The real tree is never touched.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hakeBuild, type BuildOptions } from '../../compiler/hake/build.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'shoal-hake-'));
  cpSync(join(REPO, 'stdlib'), join(root, 'stdlib'), { recursive: true });
  for (const [path, text] of Object.entries(files)) put(root, path, text);
  return root;
}

export function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

export function edit(root: string, path: string, f: (s: string) => string): void {
  put(root, path, f(readFileSync(join(root, path), 'utf8')));
}

export const build = (root: string, opts: Partial<BuildOptions> = {}) => hakeBuild({ root, ...opts });

/** A small tree: two applications, a helper module, an assembly library, two boot images. */
export const SAMPLE: Record<string, string> = {
  'os-src/apps/Hakefile': `-- two programs
[ build application { target = "one", finFiles = [ "one.fin" ], addLibraries = [ "rt", "magic" ] },
  build application { target = "two", finFiles = [ "two.fin" ], addLibraries = [ "rt" ],
                      architectures = [ "x86" ] } ]
`,
  'os-src/apps/one.fin': 'import std.io;\nimport helper;\n\nextern fn magic() -> u32;\n\npub fn main() -> i32 {\n    io.print_u32(helper.twice(magic()));\n    io.println("");\n    return 0;\n}\n',
  'os-src/apps/helper.fin': 'pub fn twice(x: u32) -> u32 {\n    return x * 2;\n}\n',
  'os-src/apps/two.fin': 'import std.io;\n\npub fn main() -> i32 {\n    io.println("two");\n    return 0;\n}\n',
  'os-src/lib/Hakefile': '[ build library { target = "magic", assemblyFiles = [ "magic." ++ a ++ ".s" ], architectures = [ a ] }\n  | a <- allArchitectures ]\n',
  'os-src/lib/magic.x86.s': '        .text\n        .global magic\nmagic:  mov eax, 21\n        ret\n',
  'os-src/lib/magic.arm.s': '        .text\n        .global magic\nmagic:  mov r0, #21\n        bx lr\n',
  'os-src/platforms/Hakefile': '[ build image { machine = "hetero-2", kernel = "one", modules = [ "two boot x=1" ] },\n  build image { machine = "x86-1", kernel = "two" } ]\n',
};
