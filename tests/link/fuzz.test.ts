// Seeded mutation fuzzing of the readers. Whatever the bytes, a reader must either return a
// model or throw LinkError; and anything it returns must be a valid model, i.e. survive a
// write/read round trip unchanged. That second property keeps reader and writer validation in
// step, so a file that loads can always be re-emitted.
import { describe, expect, it } from 'vitest';
import { readExecutable, readObject } from '../../compiler/link/elf-read.ts';
import { writeExecutable, writeObject } from '../../compiler/link/elf-write.ts';
import { LinkError } from '../../compiler/link/errors.ts';
import { link } from '../../compiler/link/link.ts';
import { rng, sampleProgram } from './fixtures.ts';

const INTERESTING = [0, 1, 2, 3, 4, 8, 12, 16, 0x7f, 0xff, 0x100, 0x1000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rand() * n);
  const bytes = input.slice();
  const strategy = pick(6);
  if (strategy === 0) return bytes.slice(0, pick(bytes.length));
  const edits = 1 + pick(4);
  for (let e = 0; e < edits; e++) {
    // half of the edits land in the ELF/program headers or the section header table, where a
    // single change reaches the most validation code
    const shoff = bytes.length >= 36 ? new DataView(bytes.buffer).getUint32(32, true) : 0;
    const region = pick(3);
    const at =
      region === 0 ? pick(Math.min(bytes.length, 52 + 32 * 4)) : region === 1 && shoff < bytes.length ? shoff + pick(bytes.length - shoff) : pick(bytes.length);
    if (strategy <= 2) {
      bytes[at] = pick(256);
    } else if (strategy === 3) {
      bytes[at] = bytes[at]! ^ (1 << pick(8));
    } else if (at + 4 <= bytes.length) {
      const v = strategy === 4 ? INTERESTING[pick(INTERESTING.length)]! : bytes.length + pick(64) - 32;
      new DataView(bytes.buffer).setUint32(at & ~3, v >>> 0, true);
    }
  }
  return bytes;
}

function fuzz<T>(name: string, seed: number, seeds: Uint8Array[], read: (b: Uint8Array) => T, rewrite: (v: T) => T): void {
  const rand = rng(seed);
  let accepted = 0;
  let rejected = 0;
  const codes = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const input = mutate(seeds[i % seeds.length]!, rand);
    let value: T;
    try {
      value = read(input);
    } catch (e) {
      if (!(e instanceof LinkError)) throw new Error(`${name} iteration ${i} threw a non-LinkError: ${String(e)}`, { cause: e });
      expect(e.message.startsWith('fuzz.bin: ')).toBe(true);
      codes.add(e.code);
      rejected++;
      continue;
    }
    accepted++;
    expect(rewrite(value), `${name} iteration ${i}: accepted model does not round-trip`).toEqual(value);
  }
  // the mutator must exercise both paths and a good spread of checks to mean anything
  expect(accepted).toBeGreaterThan(50);
  expect(rejected).toBeGreaterThan(1000);
  expect(codes.size).toBeGreaterThan(8);
}

describe('fuzzed input never escapes as anything but LinkError', () => {
  const { main, lib } = sampleProgram();

  it('readObject', () => {
    fuzz('readObject', 0x5eed1, [writeObject(main), writeObject(lib)], (b) => readObject(b, 'fuzz.bin'), (o) => readObject(writeObject(o)));
  });

  it('readExecutable', () => {
    const exe = writeExecutable(link([main, lib]));
    fuzz('readExecutable', 0x5eed2, [exe], (b) => readExecutable(b, 'fuzz.bin'), (e) => readExecutable(writeExecutable(e)));
  });
});
