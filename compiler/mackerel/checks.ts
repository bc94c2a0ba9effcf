// The original's semantic checks (Checks.hs, reference §2.3), in its order of severity-free
// reporting: every error found, sorted by position. MUST STAY TRUE: the rules, not just the
// verdicts, are the original's — e.g. `also` registers are left out of the overlap check entirely,
// and an extent in a stepwise(k) space is size/8/k indexes (0 for an 8-bit register when k > 1).
import { basename, extname } from 'node:path';
import { diag, type MackerelDiagnostic } from './diagnostics.ts';
import type { Device, Register } from './model.ts';

const REG_SIZES = [8, 16, 32, 64];
const DATA_SIZES = [8, 16, 32, 64, 96, 128, 160, 224, 256, 384, 512];

export function checkDevice(dev: Device): MackerelDiagnostic[] {
  const f = dev.file;
  const out: MackerelDiagnostic[] = [];
  const expected = basename(f, extname(f));
  if (expected !== dev.name) out.push(diag('name-mismatch', f, { line: 1, col: 1 }, `file ${f} describes device '${dev.name}', not '${expected}'`));

  for (const t of dev.types) {
    if (t.kind === 'regtype' && !REG_SIZES.includes(t.width)) {
      out.push(diag('unusual-register-size', f, t.pos, `type '${t.name}' (${t.desc}) is ${t.width} bits wide; a register must be 8, 16, 32 or 64 bits (the fields must fill it)`));
    }
    if (t.kind === 'datatype' && !DATA_SIZES.includes(t.width)) {
      out.push(diag('unusual-data-size', f, t.pos, `datatype '${t.name}' (${t.desc}) is ${t.width} bits wide; it must be one of ${DATA_SIZES.join(', ')}`));
    }
  }
  for (const r of dev.registers) {
    if (r.type.kind !== 'constants') continue;
    const t = dev.types.find((x) => x.name === r.type.name);
    if (!t || t.kind !== 'constants') continue;
    if (t.width === undefined) out.push(diag('unusual-register-size', f, t.pos, `register type '${t.name}' (${t.desc}) has no width() specifier`));
    else if (!REG_SIZES.includes(t.width)) out.push(diag('unusual-register-size', f, t.pos, `type '${t.name}' (${t.desc}) is ${t.width} bits wide; a register must be 8, 16, 32 or 64 bits`));
  }

  // field types name a constants declaration of this device or of an imported one
  const constants = new Set<string>();
  for (const d of [dev, ...dev.imports]) for (const t of d.types) if (t.kind === 'constants') constants.add(`${d.name}.${t.name}`);
  for (const r of dev.registers) {
    for (const fl of r.fields) {
      if (fl.type && !constants.has(`${fl.type.dev}.${fl.type.name}`)) {
        const shown = fl.type.dev === dev.name ? fl.type.name : `${fl.type.dev}.${fl.type.name}`;
        out.push(diag('undefined-field-type', f, fl.pos, `field '${fl.name}' of register '${r.name}' is of undefined type '${shown}'`));
      }
    }
  }

  dups(dev.types, (t) => t.name, (t) => out.push(diag('duplicate-type', f, t.pos, `type name '${t.name}' is defined more than once`)));
  dups(dev.registers, (r) => r.name, (r) => out.push(diag('duplicate-register', f, r.pos, `register '${r.name}' is defined more than once`)));
  const values = dev.types.flatMap((t) => (t.kind === 'constants' ? t.values : []));
  dups(values, (v) => v.name, (v) => out.push(diag('duplicate-constant', f, v.pos, `constant value '${v.name}' is defined more than once (constant names are device-wide)`)));

  const spaces = new Set(dev.spaces.map((s) => s.name));
  for (const r of dev.registers) {
    if (r.space !== 'noaddr' && !spaces.has(r.space)) out.push(diag('undefined-space', f, r.pos, `undefined address space '${r.space}'`));
  }
  out.push(...overlaps(dev));
  return out.sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** One report per name defined more than once, at its first definition. */
function dups<T>(xs: T[], key: (x: T) => string, report: (first: T) => void): void {
  const seen = new Map<string, { first: T; n: number }>();
  for (const x of xs) {
    const k = key(x);
    const e = seen.get(k);
    if (e) e.n++; else seen.set(k, { first: x, n: 1 });
  }
  for (const e of seen.values()) if (e.n > 1) report(e.first);
}

function overlaps(dev: Device): MackerelDiagnostic[] {
  const out: MackerelDiagnostic[] = [];
  const spaceOf = new Map(dev.spaces.map((s) => [s.name, s]));
  type Extent = { reg: Register; idx: number; start: number; size: number };
  const groups = new Map<string, Extent[]>();
  // noaddr registers have no address; registerwise registers are named, not numbered: both only
  // clash when they name the same thing, which the duplicate-register check already reports
  for (const r of dev.registers) {
    if (r.also || r.space === 'noaddr') continue;
    const space = spaceOf.get(r.space);
    if (!space || space.kind === 'registerwise' || r.indexName !== undefined) continue;
    const size = space.kind === 'bytewise' ? Math.trunc(Math.trunc(r.width / 8) / space.step) : 1;
    const key = `${r.space}\u0000${r.base ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    // idx: the register's place in its group (its array elements share it)
    const idx = g.length === 0 ? 0 : g[g.length - 1].idx + 1;
    for (const o of r.array ?? [0]) g.push({ reg: r, idx, start: r.offset + o, size });
  }
  const clash = (a: Extent, b: Extent) => (a.start > b.start ? b.start + b.size > a.start : a.start + a.size > b.start);
  for (const all of groups.values()) {
    // sweep by start address instead of comparing every pair (e10k has thousands of registers)
    all.sort((a, b) => a.start - b.start);
    const pairs = new Set<string>();
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length && all[j].start < all[i].start + Math.max(all[i].size, 1); j++) {
        const [a, b] = all[i].idx < all[j].idx ? [all[i], all[j]] : [all[j], all[i]];
        if (a.idx === b.idx || !clash(a, b)) continue;
        const k = `${a.idx},${b.idx}`;
        if (pairs.has(k)) continue;
        pairs.add(k);
        out.push(diag('overlap', dev.file, a.reg.pos, `register '${a.reg.name}' overlaps with register '${b.reg.name}' at ${dev.file}:${b.reg.pos.line}:${b.reg.pos.col}`));
      }
    }
  }
  return out;
}
