// Mackerel names in generated code. Mackerel identifiers may contain `'` and may be any word the
// target language reserves; the backends map them here, and nowhere else.

/** A Mackerel identifier as a TS/Fin identifier: `'` becomes `_q`, a non-ASCII letter `_uXXXX`. Two Mackerel names can
 *  still map to one identifier (`a'` and `a_q`); `Namer` resolves such clashes. */
export const plain = (name: string): string =>
  // most names need nothing: one test instead of two replaces (the backends call this per name)
  !NEEDS_MAPPING.test(name) ? name : name.replace(/'/g, '_q').replace(/[^\x00-\x7f]/gu, (c) => `_u${c.codePointAt(0)!.toString(16)}`);
const NEEDS_MAPPING = /['\u0080-\uffff]/;

export const upper = (name: string): string => plain(name).toUpperCase();

export const pascal = (name: string): string =>
  plain(name).split('_').filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('') || 'Device';

/** Hands out unique identifiers in one scope: a taken name (or a reserved word) gets `_`
 *  appended until it is free, so generated code always declares each name once. */
export class Namer {
  private taken = new Set<string>();
  constructor(private reserved: ReadonlySet<string> = new Set()) {}
  take(want: string): string {
    let n = want;
    while (this.taken.has(n) || this.reserved.has(n)) n += '_';
    this.taken.add(n);
    return n;
  }
}
