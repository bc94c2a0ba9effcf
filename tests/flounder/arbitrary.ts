// fast-check arbitraries for argument values of any Flounder message, from the model.
import fc from 'fast-check';
import type { ArgType, Message } from '../../compiler/flounder/model.ts';

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export function arbitraryOf(t: ArgType): fc.Arbitrary<unknown> {
  switch (t.kind) {
    case 'int':
      if (t.bits === 64) return t.signed ? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) : fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
      return t.signed ? fc.integer({ min: -(2 ** (t.bits - 1)), max: 2 ** (t.bits - 1) - 1 }) : fc.integer({ min: 0, max: 2 ** t.bits - 1 });
    case 'bool': return fc.boolean();
    case 'char': return fc.integer({ min: 0, max: 255 });
    case 'enum': return fc.integer({ min: 0, max: t.members.length - 1 });
    case 'iref': case 'errval': return fc.integer({ min: 0, max: 0xffffffff });
    case 'cap': return fc.record({ slot: fc.nat() });
    case 'struct': return fc.record(Object.fromEntries(t.fields.map((f) => [f.name, arbitraryOf(f.type)])));
    case 'array': return fc.array(arbitraryOf(t.elem), { minLength: t.length, maxLength: t.length });
    case 'string':
      return fc.string({ unit: 'binary', maxLength: Math.min(t.max - 1, 120) })
        .filter((s) => !s.includes('\0') && !/\p{Cs}/u.test(s) && utf8Length(s) + 1 <= t.max);
    case 'bytes': return fc.uint8Array({ maxLength: Math.min(t.max, 200) });
  }
}

export const argsOf = (m: Message): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(Object.fromEntries(m.args.map((a) => [a.name, arbitraryOf(a.type)])));
