// Speed, not meaning: Ohm pays for every rule application (a memo entry, a node, bookkeeping), and
// a `.dev` file is mostly small rules applied to single tokens (`name`, `num`, `str`, keywords).
// The grammar is written readably in `grammar.ts`; before compiling it, this replaces each
// application of a rule that is a choice of single items (below) by its body in parentheses. In
// a PEG that is the same language, and Ohm records failures at terminals (no rule here has a
// description), so syntax errors keep their position and expected text. Nothing reads the parse tree (`read.ts` reads tokens), so its changed shape is unseen.

/** A string literal, a case label (`-- name`, kept as is), or an identifier. */
const PIECE = /"(?:[^"\\]|\\.)*"|--\s*\w+|[A-Za-z_]\w*/g;

/** Rule definitions of an Ohm grammar text: `  name = body` plus continuation lines. */
function definitions(text: string): Map<string, string> {
  const defs = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {2}(\w+) = (.*)$/.exec(line);
    if (m) { current = m[1]; defs.set(current, m[2]); } else if (current && /^\s+\|/.test(line)) defs.set(current, `${defs.get(current)}\n${line}`);
    else current = undefined;
  }
  return defs;
}

/** One token: a literal, a range of literals, or a rule name. */
const ATOM = /^(?:"(?:[^"\\]|\\.)*"(?:\.\."(?:[^"\\]|\\.)*")?|[A-Za-z_]\w*)$/;
const stripComments = (body: string) => body.replace(/\s*\/\/.*$/gm, '');
const refs = (body: string) => [...stripComments(body).matchAll(PIECE)].map((m) => m[0]).filter((p) => /^[A-Za-z_]/.test(p));

/** The grammar text with small rules inlined at their uses (see above); `start` is never inlined. */
export function inlineSmallRules(text: string, start: string): string {
  const defs = definitions(text);
  const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
    refs(defs.get(from) ?? '').some((r) => r === target || (defs.has(r) && !seen.has(r) && (seen.add(r), reaches(r, target, seen))));
  // Only rules that are an alternation of single items (literals, ranges, rule applications):
  // Ohm requires the alternatives of an alternation, and the arguments of `listOf<…>`, to have
  // one value each, and a sequence inlined there would break that.
  const inline = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, body] of defs) {
      if (inline.has(name) || name === start || body.includes('--') || reaches(name, name)) continue;
      const alts = stripComments(body).split(' | ').map((a) => a.trim());
      if (alts.every((a) => ATOM.test(a))) { inline.add(name); grew = true; }
    }
  }
  const expand = (body: string): string => stripComments(body).replace(PIECE, (p) => (inline.has(p) ? `(${expand(defs.get(p)!)})` : p));
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^ {2}(\w+) = /.exec(line);
    if (m && defs.has(m[1])) {
      if (!inline.has(m[1])) out.push(`  ${m[1]} = ${expand(defs.get(m[1])!)}`);
    } else if (!/^\s+\|/.test(line)) out.push(line);
  }
  return out.join('\n');
}
