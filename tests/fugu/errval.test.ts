// The stacked errval of the generated TypeScript: shoal's own codes (the committed
// os-src/errors/errno.generated.ts) and a tiny file whose 2-bit codes stack sixteen deep.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as shoal from '../../os-src/errors/errno.generated.ts';
import { compileText, loadTs, type ErrnoModule } from './helpers.ts';

function properties(label: string, load: () => Promise<ErrnoModule>) {
  describe(label, () => {
    let m: ErrnoModule;
    const code = () => fc.integer({ min: 0, max: m.ERR_COUNT - 1 }).filter((c) => m.errName(c) !== undefined);
    const failure = () => fc.integer({ min: m.ERR_SUCCESS_LIMIT, max: m.ERR_COUNT - 1 });
    const errval = () => fc.integer({ min: 0, max: 0xffffffff });

    it('loads', async () => { m = await load(); expect(m.ERR_DEPTH * m.ERR_BITS).toBeLessThanOrEqual(32); });

    it('push then top gives the code back; push then pop gives the stack back minus its oldest slot', () => {
      fc.assert(fc.property(errval(), code(), (e, c) => {
        const keep = 2 ** (m.ERR_BITS * (m.ERR_DEPTH - 1));
        const below = e % keep;
        const pushed = m.errPush(e, c);
        expect(m.errTop(pushed)).toBe(c);
        expect(m.errPop(pushed)).toBe(below);
        expect(pushed).toBeGreaterThanOrEqual(0);
        expect(pushed).toBeLessThanOrEqual(0xffffffff);
      }));
    });

    it('a stack of up to DEPTH failures decodes to the codes pushed, most recent first', () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 64 }).chain((n) => fc.array(failure(), { minLength: 1, maxLength: n })), (codes) => {
        const e = codes.reduce((acc, c) => m.errPush(acc, c), 0);
        const kept = codes.slice(-m.ERR_DEPTH).reverse();
        expect(m.errStack(e)).toEqual(kept);
        let rest = e;
        for (const c of kept) { expect(m.errTop(rest)).toBe(c); expect(m.errIsFail(rest)).toBe(true); rest = m.errPop(rest); }
        expect(rest).toBe(0);
      }));
    });

    it('is_ok and is_fail split at the success limit and look only at the top code', () => {
      fc.assert(fc.property(errval(), code(), (e, c) => {
        const pushed = m.errPush(e, c);
        expect(m.errIsOk(pushed)).toBe(c < m.ERR_SUCCESS_LIMIT);
        expect(m.errIsFail(pushed)).toBe(!m.errIsOk(pushed));
      }));
    });

    it('errStack rejects values with a slot that is no code', () => {
      fc.assert(fc.property(errval(), (e) => {
        const s = m.errStack(e);
        if (s === undefined) return;
        // whatever decodes re-encodes to itself
        expect(s.reduceRight((acc, c) => m.errPush(acc, c), 0)).toBe(e);
      }));
      expect(m.errStack(-1)).toBeUndefined();
      expect(m.errStack(2 ** 32)).toBeUndefined();
      expect(m.errStack(0.5)).toBeUndefined();
    });
  });
}

properties("shoal's errno (8-bit codes, 4 deep)", async () => shoal as unknown as ErrnoModule);
properties('a 3-code file (2-bit codes, 16 deep)', async () => {
  const r = compileText('errors t T_ { default success OK "ok", failure A "a", failure B "b", };', { ts: true });
  return loadTs(r.ts!);
});

describe("shoal's errno layout", () => {
  it('holds four 8-bit codes in 32 bits while it has fewer than 256 codes', () => {
    expect(shoal.ERR_COUNT).toBeLessThan(256);
    expect([shoal.ERR_BITS, shoal.ERR_DEPTH]).toEqual([8, 4]);
    expect(shoal.SYS_ERR_OK).toBe(0);
    expect(shoal.errStack(0)).toEqual([0]);
  });
  it('drops the oldest code when a fifth is pushed', () => {
    const codes = [shoal.MM_ERR_OUT_OF_MEMORY, shoal.LIB_ERR_SLOT_ALLOC, shoal.SPAWN_ERR_CREATE_CSPACE, shoal.MON_ERR_SPAN_DOMAIN, shoal.FLOUNDER_ERR_TX_BUSY];
    const e = codes.reduce((acc, c) => shoal.errPush(acc, c), 0);
    expect(shoal.errStack(e)!.map(shoal.errName)).toEqual(['FLOUNDER_ERR_TX_BUSY', 'MON_ERR_SPAN_DOMAIN', 'SPAWN_ERR_CREATE_CSPACE', 'LIB_ERR_SLOT_ALLOC']);
  });
  it('has the domains the OS needs', () => {
    const domains = new Set(Array.from({ length: shoal.ERR_COUNT }, (_, c) => shoal.errDomain(c)));
    for (const d of ['kernel', 'common', 'caps', 'mem_serv', 'vspace', 'spawn', 'monitor', 'idc', 'flounder', 'nameservice', 'boot']) expect(domains).toContain(d);
    expect(shoal.errMessage(shoal.FLOUNDER_ERR_CAP_OVER_UMP)).toMatch(/UMP/);
  });
});
