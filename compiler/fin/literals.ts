// Decoding of literal token images: integers (`42`, `0x2A`, `0b101010`, `0o52`, `_` separators),
// characters and strings (escapes `\n \t \r \0 \\ \' \" \xHH`). Pure functions; an error says
// where in the image it is, so the lexer can point at the exact column.

export type Decoded<T> = { ok: true; value: T } | { ok: false; message: string; at: number };

const BASES: Record<string, { radix: number; digit: RegExp }> = {
  x: { radix: 16, digit: /[0-9a-fA-F]/ },
  b: { radix: 2, digit: /[01]/ },
  o: { radix: 8, digit: /[0-7]/ },
};

/** An integer literal's value. Values above 2^32-1 are kept (as an approximate number when
 *  above 2^53) so that the checker can report them as out of range for every type. */
export function decodeInt(image: string): Decoded<number> {
  let start = 0;
  let radix = 10;
  let digit = /[0-9]/;
  const prefix = image.length > 1 && image[0] === '0' ? image[1]!.toLowerCase() : '';
  const base = BASES[prefix];
  if (base) {
    start = 2;
    radix = base.radix;
    digit = base.digit;
  }
  let value = 0n;
  let digits = 0;
  const big = BigInt(radix);
  for (let i = start; i < image.length; i++) {
    const c = image[i]!;
    if (c === '_') continue;
    if (!digit.test(c)) return { ok: false, message: `invalid digit '${c}' in ${radixName(radix)} literal '${image}'`, at: i };
    value = value * big + BigInt(parseInt(c, radix));
    digits++;
  }
  if (digits === 0) return { ok: false, message: `integer literal '${image}' has no digits`, at: 0 };
  return { ok: true, value: Number(value) };
}

function radixName(radix: number): string {
  return radix === 16 ? 'hexadecimal' : radix === 2 ? 'binary' : radix === 8 ? 'octal' : 'decimal';
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };
const utf8 = new TextEncoder();

/** Bytes of the text between the quotes of a string or character literal. */
export function decodeEscapes(body: string): Decoded<number[]> {
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = body.charCodeAt(i);
      if (code < 0x80) {
        out.push(code);
        i++;
      } else {
        // one Unicode character (a surrogate pair counts as one) becomes its UTF-8 bytes
        const cp = body.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        for (const b of utf8.encode(ch)) out.push(b);
        i += ch.length;
      }
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return { ok: false, message: 'escape sequence at end of literal', at: i };
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out.push(simple);
      i += 2;
      continue;
    }
    if (e === 'x') {
      const hex = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { ok: false, message: "'\\x' must be followed by two hexadecimal digits", at: i };
      out.push(parseInt(hex, 16));
      i += 4;
      continue;
    }
    return { ok: false, message: `unknown escape sequence '\\${e}'`, at: i };
  }
  return { ok: true, value: out };
}
