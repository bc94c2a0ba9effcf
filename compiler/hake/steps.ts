// Running one build step, in-process, through the compilers' library APIs. A step reads its
// inputs, writes its outputs, and returns errors and warnings as formatted lines; it throws
// only on a bug. Objects it reads are cached for the rest of the build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assemble, AsmError, formatDiagnostic as formatAsm } from '../asm/index.ts';
import { compileFin, stdlibRoot } from '../fin/driver/compile.ts';
import { DiagSink } from '../fin/diagnostics.ts';
import { checkProgram, formatDiagnostic } from '../fin/index.ts';
import { loadModules } from '../fin/modules.ts';
import { link, LinkError, readObject, writeExecutable, writeObject, type Executable, type ObjectFile } from '../link/index.ts';
import { GENERATORS, loadGenerator } from './generators.ts';
import type { ImageEntry, Step } from './graph.ts';
import { formatMenu } from './menu.ts';

export interface StepOutcome { errors: string[]; warnings: string[]; discovered?: string[] }

/** Where a boot image's first binary is linked; each next one starts on the next 64 KiB. */
export const IMAGE_BASE = 0x100000;
const IMAGE_ALIGN = 0x10000;

function write(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

export class StepRunner {
  private readonly objects = new Map<string, ObjectFile>();

  private object(path: string): ObjectFile {
    let o = this.objects.get(path);
    if (!o) { o = readObject(new Uint8Array(readFileSync(path)), path); this.objects.set(path, o); }
    return o;
  }

  async run(step: Step): Promise<StepOutcome> {
    try {
      switch (step.kind) {
        case 'asm': return this.asm(step);
        case 'fin': return this.fin(step);
        case 'link': return this.link(step);
        case 'gen': return await this.gen(step);
        case 'image': return this.image(step);
      }
    } catch (e) {
      if (e instanceof AsmError) return { errors: e.diagnostics.map(formatAsm), warnings: [] };
      if (e instanceof LinkError) return { errors: [`${e.path}: error: ${e.message}`], warnings: [] };
      throw e;
    }
  }

  private asm(step: Extract<Step, { kind: 'asm' }>): StepOutcome {
    const obj = assemble(readFileSync(step.source, 'utf8'), step.arch, step.source);
    write(step.outputs[0], writeObject(obj, step.source));
    this.objects.set(step.outputs[0], obj);
    return { errors: [], warnings: [] };
  }

  private fin(step: Extract<Step, { kind: 'fin' }>): StepOutcome {
    // compileFin searches the stdlib, then the main files' folders, then `roots`, dropping
    // repeats; passing that whole list as `roots` makes it search exactly this list, which the
    // dependency scan below then sees too.
    const roots = [...new Set([stdlibRoot(), ...step.files.map((f) => dirname(f)), ...step.roots])];
    if (step.check) {
      // a library's modules reach programs as source, so checking them is the front end's job
      // alone: ten times cheaper than generating code that nothing links
      const seen = new Set<string>();
      const c = checkProgram({ mainFiles: step.files, roots, arch: step.arch, readFile: recordingRead(seen) });
      const lines = (sev: boolean) => c.diagnostics.filter((d) => (d.severity === 'error') === sev).map(formatDiagnostic);
      return { errors: lines(true), warnings: lines(false), discovered: [...seen] };
    }
    const r = compileFin({ files: step.files, arch: step.arch, roots });
    const errors = r.messages.filter((_, i) => r.diagnostics[i].severity === 'error');
    const warnings = r.messages.filter((_, i) => r.diagnostics[i].severity !== 'error');
    if (!r.object) return { errors, warnings };
    write(step.outputs[0], writeObject(r.object, step.files[0]));
    this.objects.set(step.outputs[0], r.object);
    return { errors: [], warnings, discovered: finDependencies(step.files, roots) };
  }

  private link(step: Extract<Step, { kind: 'link' }>): StepOutcome {
    const exe = link(step.objects.map((p) => this.object(p)), { paths: step.objects });
    write(step.outputs[0], writeExecutable(exe, step.outputs[0]));
    return { errors: [], warnings: [] };
  }

  private async gen(step: Extract<Step, { kind: 'gen' }>): Promise<StepOutcome> {
    const g = GENERATORS.find((x) => x.name === step.generator && x.field === step.field)!;
    let mod: Record<string, unknown>;
    try { mod = await loadGenerator(g.name); } catch (e) {
      return { errors: [`${step.where.file}:${step.where.at.line}:${step.where.at.col}: error: the ${g.name} compiler failed to load (${(e as Error).message.split('\n')[0]})`], warnings: [] };
    }
    const r = g.run(mod, step.source, step.arch);
    if (r.diagnostics.length || r.fin === undefined) return { errors: r.diagnostics.length ? r.diagnostics : [`${step.source}:1:1: error: ${g.name} produced no Fin output`], warnings: [] };
    write(step.outputs[0], r.fin);
    return { errors: [], warnings: [], discovered: r.deps ?? [] };
  }

  /** Relink every binary of the image at its own addresses (they share physical memory), write
   *  them beside menu.lst under /<arch>/sbin/<target>, then the menu. */
  private image(step: Extract<Step, { kind: 'image' }>): StepOutcome {
    let base = IMAGE_BASE;
    const linked = new Map<string, string>();
    for (const e of step.entries) {
      const path = `/${e.arch}/sbin/${e.target}`;
      if (linked.has(path)) continue;
      const exe = link(e.objects.map((p) => this.object(p)), { base, paths: e.objects });
      write(join(step.dir, path), writeExecutable(exe, path));
      linked.set(path, path);
      base = Math.ceil(end(exe) / IMAGE_ALIGN) * IMAGE_ALIGN;
    }
    const entries = step.entries.map((e: ImageEntry) => ({ kind: e.kind, arch: e.arch, path: `/${e.arch}/sbin/${e.target}`, args: e.args }));
    write(step.outputs[0], formatMenu({ title: step.title, machine: step.machine, entries }, step.origin));
    return { errors: [], warnings: [] };
  }
}

function end(exe: Executable): number {
  return Math.max(...exe.segments.map((s) => s.vaddr + s.memsz));
}

/** Every path the Fin front end reads or probes for this program (probes that find nothing
 *  included, so a module added earlier in the search path is noticed). Parsing only. */
function finDependencies(files: string[], roots: string[]): string[] {
  const seen = new Set<string>();
  loadModules({ mainFiles: files, roots, readFile: recordingRead(seen) }, new DiagSink());
  return [...seen];
}

function recordingRead(seen: Set<string>): (path: string) => string | undefined {
  return (p) => { seen.add(p); try { return readFileSync(p, 'utf8'); } catch { return undefined; } };
}
