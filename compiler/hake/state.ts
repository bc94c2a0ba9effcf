// The build state: for every step, the key it was last built with and the hashes of what it
// wrote. A step is up to date when its key — a hash over its kind and options, its inputs'
// contents, its dependencies' outputs and the files it discovered it reads (Fin imports) — is
// unchanged and its outputs are still what it wrote. Content hashes, not times: touching a file
// rebuilds nothing, and a rebuilt step whose output is unchanged stops the rebuild there.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Step } from './graph.ts';

export interface StepState {
  key: string;
  outputs: Record<string, string>;
  /** files the step found it reads while running (a Fin program's modules, also the paths it
   *  probed and did not find, hashed as absent), so a new file that would shadow one rebuilds */
  discovered?: string[];
}
export interface BuildState { version: 1; steps: Record<string, StepState> }

const VERSION = 1;
export const statePath = (build: string) => join(build, '.hake-state.json');

export function loadState(build: string): BuildState {
  try {
    const s = JSON.parse(readFileSync(statePath(build), 'utf8')) as BuildState;
    if (s.version === VERSION && s.steps && typeof s.steps === 'object') return s;
  } catch { /* no state or unreadable: build everything */ }
  return { version: VERSION, steps: {} };
}

export function saveState(build: string, state: BuildState): void {
  mkdirSync(dirname(statePath(build)), { recursive: true });
  writeFileSync(statePath(build), JSON.stringify(state));
}

export const ABSENT = 'absent';
export const hashBytes = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex').slice(0, 32);

/** Content hashes, each file read at most once per build. */
export class Hasher {
  private readonly memo = new Map<string, string>();
  file(path: string): string {
    let h = this.memo.get(path);
    if (h === undefined) {
      h = existsSync(path) ? hashBytes(readFileSync(path)) : ABSENT;
      this.memo.set(path, h);
    }
    return h;
  }
  /** after a step writes a file */
  forget(path: string): void { this.memo.delete(path); }
}

/** Everything about a step except its wiring and where it came from. */
function stepParams(step: Step): unknown {
  const { id: _id, deps: _d, inputs: _i, where: _w, ...rest } = step;
  return rest;
}

export function stepKey(step: Step, hasher: Hasher, depOutputs: Record<string, string>, discovered: string[]): string {
  const inputs = [...new Set([...step.inputs, ...discovered])].sort().map((p) => [p, hasher.file(p)]);
  const deps = Object.keys(depOutputs).sort().map((p) => [p, depOutputs[p]]);
  return hashBytes(JSON.stringify([VERSION, stepParams(step), inputs, deps]));
}
