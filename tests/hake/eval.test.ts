// Bad Hakefiles: every evaluation problem is a located diagnostic with a stable code.
import { describe, expect, it } from 'vitest';
import { evalHakefile } from '../../compiler/hake/hakefile.ts';

const diag = (src: string) => {
  const r = evalHakefile(src, 'os-src/x/Hakefile');
  expect(r.rules).toEqual([]);
  return r.diagnostics[0];
};

describe('evaluation errors', () => {
  it('an unknown field, at the field', () => {
    expect(diag('[ build application {\n    target = "a",\n    srcs = [ "a.fin" ] } ]')).toMatchObject({ code: 'H0104', file: 'os-src/x/Hakefile', line: 3, col: 5 });
  });
  it('a Barrelfish field shoal does not build, with the reason', () => {
    const d = diag('[ build library { target = "a", cFiles = [ "a.c" ] } ]');
    expect(d).toMatchObject({ code: 'H0105', line: 1, col: 33 });
    expect(d.message).toContain('finFiles');
  });
  it('an unknown name, at its use', () => {
    expect(diag('[ build application { target = nmae } ]')).toMatchObject({ code: 'H0100', line: 1, col: 32 });
  });
  it('a field of the wrong type', () => {
    expect(diag('[ build application { target = [ "a" ] } ]')).toMatchObject({ code: 'H0101', line: 1, col: 23 });
    expect(diag('[ build application { target = "a", finFiles = "a.fin" ++ 3 } ]')).toMatchObject({ code: 'H0101' });
  });
  it('a function no equation of which matches', () => {
    expect(diag('let f "x86" = [] in [ build application { target = "a", finFiles = f "mips" } ]')).toMatchObject({ code: 'H0102', line: 1, col: 68 });
  });
  it('a binding that needs itself', () => {
    expect(diag('let xs = "a" : xs in [ build application { target = "a", finFiles = xs } ]')).toMatchObject({ code: 'H0103', line: 1, col: 16 });
  });
  it('unbounded recursion stops with an error', () => {
    expect(diag('let f x = f x in [ build application { target = f 1 } ]').code).toBe('H0109');
  });
  it('an element that is not a build rule, and a Hakefile that is not a list', () => {
    expect(diag('[ application { target = "a" } ]')).toMatchObject({ code: 'H0106' });
    expect(diag('"hello"')).toMatchObject({ code: 'H0106', line: 1, col: 1 });
  });
  it('an architecture shoal does not have', () => {
    expect(diag('[ build application { target = "a",\n  architectures = [ "x86_64" ] } ]')).toMatchObject({ code: 'H0107', line: 2, col: 3 });
  });
  it('a record without its target', () => {
    expect(diag('[ build library { finFiles = [] } ]')).toMatchObject({ code: 'H0108', line: 1, col: 3 });
  });
  it('record syntax on something that is not a record', () => {
    expect(diag('[ build "a" { target = "a" } ]')).toMatchObject({ code: 'H0101' });
  });
});
