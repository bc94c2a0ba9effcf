// The UMP ring between a TypeScript end and a Fin end on a VM core, before any stubs: the two
// runtimes must agree on every bit of the layout, across many wrap-arounds, on both personalities.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UmpEndpoint } from '../../compiler/flounder/runtime/ump.ts';
import { bootFin, runUntil } from './vm.ts';

const ECHO = fileURLToPath(new URL('./ump_echo.fin', import.meta.url));
const FRAME = 0x01000000;

describe('UMP ring, TypeScript <-> Fin', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`a Fin echo on ${arch} returns 100 fragments through a 7-slot ring`, () => {
      const g = bootFin([ECHO], arch);
      UmpEndpoint.clear(g.ram, FRAME, 1024);
      const ep = new UmpEndpoint(g.ram, FRAME, 1024, 0);
      const N = 100;
      let sent = 0;
      const got: { msgnum: number; index: number; last: boolean; w0: number; w14: number }[] = [];
      runUntil(g, () => {
        while (sent < N && ep.trySend({ msgnum: 3 + (sent % 7), index: sent, last: sent % 3 === 2, words: Array.from({ length: 15 }, (_, i) => sent * 100 + i) })) sent++;
        for (let f = ep.receive(); f; f = ep.receive()) got.push({ msgnum: f.msgnum, index: f.index, last: f.last, w0: f.words[0], w14: f.words[14] });
        return got.length === N;
      });
      expect(got).toEqual(Array.from({ length: N }, (_, n) => ({ msgnum: 3 + (n % 7), index: n, last: n % 3 === 2, w0: n * 100 + 1, w14: n * 100 + 15 })));
      expect(ep.trySend({ msgnum: 0xfff0, index: 0, last: true, words: [] })).toBe(true);
      const end = runUntil(g, () => false);
      expect(end?.status).toBe('exit');
      expect(end?.exitCode).toBe(N);
    });
  }
});
