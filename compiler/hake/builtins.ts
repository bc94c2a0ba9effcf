// The names a Hakefile can use without defining them: the record kinds, `build`, a small
// Prelude, FilePath helpers and the Barrelfish helpers that make sense for shoal. The one list
// of them is BUILTIN_NAMES (docs/hake.md documents each; a test checks it does).
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, posix } from 'node:path';
import type { Loc } from './diagnostics.ts';
import { Env } from './eval.ts';
import { ARCHITECTURES, RECORD_KINDS } from './records.ts';
import {
  asBool, asList, asString, call, equal, fail, fn, typeName,
  type EvalContext, type RecordV, type Value,
} from './values.ts';

function emptyRecord(kind: string): RecordV {
  return { t: 'record', kind, fields: new Map(), at: { line: 0, col: 0 }, rule: false };
}

/** Files under `dir` (relative to the Hakefile) ending in `ext`, recursively, sorted. */
function findFiles(ctx: EvalContext, dir: string, ext: string, at: Loc): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let names: string[];
    ctx.listed?.push(join(ctx.dir, rel));
    try { names = readdirSync(join(ctx.dir, rel)).sort(); } catch { return fail(ctx, 'io', at, `cannot list directory ${join(ctx.dir, rel)}`); }
    for (const n of names) {
      const r = rel === '.' ? n : posix.join(rel, n);
      if (statSync(join(ctx.dir, r)).isDirectory()) walk(r);
      else if (n.endsWith(ext)) out.push(r);
    }
  };
  walk(dir);
  return out;
}

export function builtins(ctx: EvalContext): Env {
  const env = new Env();
  const s = (v: Value, at: Loc, what: string) => asString(ctx, v, at, what);
  const l = (v: Value, at: Loc, what: string) => asList(ctx, v, at, what);
  const def = (name: string, arity: number, f: (args: Value[], at: Loc) => Value) => env.bind(name, fn(name, arity, f));

  for (const kind of Object.keys(RECORD_KINDS)) env.bind(kind, emptyRecord(kind));
  def('build', 1, ([r], at) => {
    if (typeof r !== 'object' || Array.isArray(r) || r.t !== 'record') return fail(ctx, 'type-error', at, `\`build\` needs a record such as \`application { … }\`, not ${typeName(r)}`);
    return { ...r, rule: true, at };
  });
  env.bind('allArchitectures', [...ARCHITECTURES]);
  env.bind('True', true);
  env.bind('False', false);
  env.bind('otherwise', true);
  env.bind('Nothing', { t: 'con', name: 'Nothing', args: [] });
  env.bind('Just', { t: 'con', name: 'Just', args: [] });

  // Prelude
  def('map', 2, ([f, xs], at) => l(xs, at, 'the list given to `map`').map((x) => call(ctx, f, [x], at)));
  def('filter', 2, ([f, xs], at) => l(xs, at, 'the list given to `filter`').filter((x) => asBool(ctx, call(ctx, f, [x], at), at, 'the result of `filter`\'s predicate')));
  const concat = (xss: Value, at: Loc): Value => {
    const parts = l(xss, at, 'the argument of `concat`');
    return parts.length && parts.every((p) => typeof p === 'string') ? parts.join('') : parts.flatMap((p) => l(p, at, 'each element of `concat`\'s argument'));
  };
  def('concat', 1, ([xss], at) => concat(xss, at));
  def('concatMap', 2, ([f, xs], at) => concat(l(xs, at, 'the list given to `concatMap`').map((x) => call(ctx, f, [x], at)), at));
  def('elem', 2, ([x, xs], at) => l(xs, at, 'the list given to `elem`').some((y) => equal(x, y)));
  def('notElem', 2, ([x, xs], at) => !l(xs, at, 'the list given to `notElem`').some((y) => equal(x, y)));
  def('null', 1, ([xs], at) => l(xs, at, 'the argument of `null`').length === 0);
  def('length', 1, ([xs], at) => l(xs, at, 'the argument of `length`').length);
  def('reverse', 1, ([xs], at) => (typeof xs === 'string' ? [...xs].reverse().join('') : [...l(xs, at, 'the argument of `reverse`')].reverse()));
  def('nub', 1, ([xs], at) => l(xs, at, 'the argument of `nub`').filter((x, i, all) => all.findIndex((y) => equal(x, y)) === i));
  def('fst', 1, ([p], at) => pair(ctx, p, at)[0]);
  def('snd', 1, ([p], at) => pair(ctx, p, at)[1]);
  def('id', 1, ([x]) => x);
  def('not', 1, ([b], at) => !asBool(ctx, b, at, 'the argument of `not`'));

  // System.FilePath
  def('</>', 2, ([a, b], at) => posix.join(s(a, at, 'the left of `</>`'), s(b, at, 'the right of `</>`')));
  def('takeBaseName', 1, ([p], at) => { const f = basename(s(p, at, 'a path')); return f.slice(0, f.length - extname(f).length); });
  def('takeFileName', 1, ([p], at) => basename(s(p, at, 'a path')));
  def('takeExtension', 1, ([p], at) => extname(s(p, at, 'a path')));
  def('dropExtension', 1, ([p], at) => { const f = s(p, at, 'a path'); return f.slice(0, f.length - extname(f).length); });
  def('takeDirectory', 1, ([p], at) => dirname(s(p, at, 'a path')));

  // Barrelfish helpers that make sense in shoal
  def('find', 3, ([how, dir, ext], at) => call(ctx, how, [dir, ext], at));
  def('inDir', 2, ([dir, ext], at) => findFiles(ctx, s(dir, at, 'the directory given to `find`'), s(ext, at, 'the extension given to `find`'), at));
  // Hake resolves addLibraries transitively itself, so the list is already what the link needs
  def('libDeps', 1, ([xs], at) => l(xs, at, 'the argument of `libDeps`'));
  // shoal's personalities are their own family
  def('archFamily', 1, ([a], at) => s(a, at, 'an architecture'));
  for (const field of new Set(Object.values(RECORD_KINDS).flatMap((k) => Object.keys(k)))) {
    def(`Args.${field}`, 1, ([r], at) => {
      if (typeof r !== 'object' || Array.isArray(r) || r.t !== 'record') return fail(ctx, 'type-error', at, `\`Args.${field}\` needs a record, not ${typeName(r)}`);
      return r.fields.get(field)?.value ?? (RECORD_KINDS[r.kind][field] === 'string' ? '' : []);
    });
  }
  return env;
}

function pair(ctx: EvalContext, p: Value, at: Loc): Value[] {
  if (typeof p === 'object' && !Array.isArray(p) && p.t === 'tuple' && p.items.length === 2) return p.items;
  return fail(ctx, 'type-error', at, `expected a pair, not ${typeName(p)}`);
}

/** Everything a Hakefile can name without defining it. */
export function builtinNames(): string[] {
  return builtins({ file: '', dir: '.' }).names();
}
