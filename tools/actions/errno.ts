// `shoal errno CODE`: decode an errval with shoal's own codes (os-src/errors/errno.fugu, through
// its generated TypeScript twin), most recent code first.
import * as errno from '../../os-src/errors/errno.generated.ts';
import { fail, ok, type ActionResult } from './result.ts';

/** Decimal or 0x-hex, `_` separators allowed; undefined when it is neither. */
export function parseErrval(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) return undefined;
  return Number(t);
}

const hex = (n: number) => '0x' + n.toString(16);

/** Why `e` does not decode: the first slot that holds no code, or bits above the stack. */
function whyNot(e: number): string {
  if (e > 0xffffffff) return 'an errval is 32 bits';
  let rest = e;
  for (let slot = 0; slot < errno.ERR_DEPTH && rest !== 0; slot++, rest = errno.errPop(rest)) {
    const code = errno.errTop(rest);
    if (!errno.errInfo(code)) return `slot ${slot} (counting from the most recent) holds ${hex(code)}, which is no code (codes are 0..${hex(errno.ERR_COUNT - 1)})`;
  }
  return `bits above the ${errno.ERR_DEPTH} ${errno.ERR_BITS}-bit codes an errval holds are set`;
}

export function errnoAction(o: { value: string }): ActionResult {
  const e = parseErrval(o.value);
  if (e === undefined) return fail([`error: expected an errval in decimal or hex (0x...), got '${o.value}'`], 2);
  const stack = errno.errStack(e);
  if (!stack) return fail([`error: ${hex(e)} does not decode: ${whyNot(e)}`]);
  return ok(stack.map((code) => {
    const info = errno.errInfo(code)!;
    return `${info.name} (${hex(code)}) — ${info.message}`;
  }));
}
