// Loads and stores of every width and signedness (with folded displacements and scaled
// indexes), stack slots and their addresses, globals in data/rodata/bss with pointer words,
// memcpy of odd sizes, and bounds checks.
import { describe, expect, it } from 'vitest';
import type { Width } from '../../compiler/fin/ir/ir.ts';
import { Fn, global, imm, module, words } from './builder.ts';
import { ARCHES, run, runBoth } from './run.ts';

const PATTERN = [0x80, 0x7f, 0xff, 0x01, 0x34, 0x12, 0xcd, 0xab, 0x00, 0x80, 0xff, 0x7f, 0x78, 0x56, 0x34, 0x12];
const le = (b: number[], at: number, w: number): number => { let v = 0; for (let i = w - 1; i >= 0; i--) v = (v << 8) | b[at + i]!; return v; };
const sx = (v: number, w: number): number => (w === 4 ? v | 0 : (v << (32 - 8 * w)) >> (32 - 8 * w));

describe('loads and stores', () => {
  it('every width and signedness, at displacements and scaled indexes', () => {
    const fns: Fn[] = [];
    const cases: { fn: string; args: ({ sym: string; off: number } | number)[]; want: number }[] = [];
    for (const w of [1, 2, 4] as Width[]) {
      for (const signed of w === 4 ? [false] : [false, true]) {
        const name = `ld${w}${signed ? 's' : 'u'}`;
        // plain [p + 2]
        const f = new Fn(name, 1);
        f.ret(f.load(w, f.params[0]!, 2, signed));
        // [p + i * w + 4]: arithmetic folded into the address mode
        const g = new Fn(`${name}_ix`, 2);
        const [p, i] = g.params as [number, number];
        const scaled = w === 1 ? i : g.bin('shl', i, imm(w === 2 ? 1 : 2));
        g.ret(g.load(w, g.bin('add', p, scaled), 4, signed));
        fns.push(f, g);
        for (let at = 0; at + w + 2 <= 16; at++) {
          const raw = le(PATTERN, at + 2, w);
          cases.push({ fn: name, args: [{ sym: 'pat', off: at }], want: signed ? sx(raw, w) : raw | 0 });
        }
        for (let k = 0; (k * w) + 4 + w <= 16; k++) {
          const raw = le(PATTERN, k * w + 4, w);
          cases.push({ fn: `${name}_ix`, args: [{ sym: 'pat', off: 0 }, k], want: signed ? sx(raw, w) : raw | 0 });
        }
      }
    }
    const m = new Fn('main', 0);
    const out = m.addr('out');
    cases.forEach((c, i) => {
      const args = c.args.map((a) => (typeof a === 'number' ? m.const(a) : m.addr(a.sym, a.off)));
      m.store(4, m.call(c.fn, args), out, 4 * i);
    });
    m.ret(imm(0));
    const mod = module([...fns, m], [global('pat', 16, [{ kind: 'bytes', bytes: Uint8Array.from(PATTERN) }], { readonly: true }), global('out', 4 * cases.length)]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      const bad = cases.map((c, i) => ({ fn: c.fn, args: c.args, want: c.want, got: runs[arch].word('out', i) })).filter((c) => c.got !== c.want);
      expect(bad, arch).toEqual([]);
    }
  });

  it('stores of each width from registers and immediates leave neighbouring bytes alone', () => {
    const st = (w: Width, immediate: boolean) => {
      const f = new Fn(`st${w}${immediate ? 'i' : 'r'}`, 2, { returnsValue: false });
      const [p, v] = f.params as [number, number];
      f.store(w, immediate ? imm(0x5a5a5a5a + w) : v, p, 1);
      f.ret();
      return f;
    };
    const fns = ([1, 2, 4] as Width[]).flatMap((w) => [st(w, false), st(w, true)]);
    const m = new Fn('main', 0);
    fns.forEach((f, i) => m.call(f.name, [m.addr('buf', 8 * i), m.const(0x11223344)], false));
    m.ret(imm(0));
    const runs = runBoth(module([...fns, m], [global('buf', 48, [{ kind: 'bytes', bytes: new Uint8Array(48).fill(0xee) }])]));
    for (const arch of ARCHES) {
      const bytes = runs[arch].bytes('buf', 48);
      const expected: number[] = [];
      for (const w of [1, 2, 4]) {
        for (const v of [0x11223344, 0x5a5a5a5a + w]) {
          const row = new Array(8).fill(0xee);
          for (let k = 0; k < w; k++) row[1 + k] = (v >>> (8 * k)) & 0xff;
          expected.push(...row);
        }
      }
      expect(bytes, arch).toEqual(expected);
    }
  });

  it('stack slots: a local array filled in a loop, its address passed to another function', () => {
    // sum(p, n) = p[0] + ... + p[n-1]
    const sum = new Fn('sum', 2);
    {
      const [p, n] = sum.params as [number, number];
      const s = sum.v(), i = sum.v();
      sum.copy(s, imm(0)); sum.copy(i, imm(0));
      const head = sum.block(), body = sum.block(), done = sum.block();
      sum.jmp(head);
      sum.at(head); sum.br('slt', i, n, body, done);
      sum.at(body);
      const x = sum.load(4, sum.bin('add', p, sum.bin('shl', i, imm(2))));
      sum.bin('add', s, x, s);
      sum.bin('add', i, imm(1), i);
      sum.jmp(head);
      sum.at(done); sum.ret(s);
    }
    const m = new Fn('main', 0);
    const arr = m.slot(40);
    const pair = m.slot(8);
    const i = m.v();
    m.copy(i, imm(0));
    const head = m.block(), body = m.block(), done = m.block();
    m.jmp(head);
    m.at(head); m.br('slt', i, imm(10), body, done);
    m.at(body);
    const a = m.slotAddr(arr);
    m.store(4, m.bin('mul', i, i), m.bin('add', a, m.bin('shl', i, imm(2))));
    m.bin('add', i, imm(1), i);
    m.jmp(head);
    m.at(done);
    // a struct { u8 tag; i16 half; i32 word } in another slot, fields through constant offsets
    const ps = m.slotAddr(pair);
    m.store(1, imm(0xfe), ps, 0);
    m.store(2, imm(-5), ps, 2);
    m.store(4, imm(1000), ps, 4);
    const total = m.call('sum', [m.slotAddr(arr), m.const(10)]);
    const tag = m.load(1, m.slotAddr(pair), 0, false);
    const half = m.load(2, m.slotAddr(pair), 2, true);
    const word = m.load(4, m.slotAddr(pair, 4));
    m.ret(m.bin('add', m.bin('add', total, tag), m.bin('add', half, word)));
    const runs = runBoth(module([sum, m]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(285 + 0xfe - 5 + 1000);
  });
});

describe('globals', () => {
  it('data, rodata, bss and pointer words', () => {
    const m = new Fn('main', 0);
    // bss starts zeroed: read it, write it
    const b0 = m.load(4, m.addr('zb', 4));
    m.store(4, imm(77), m.addr('zb', 8));
    // data: increment in place
    const d = m.addr('counter');
    m.store(4, m.bin('add', m.load(4, d), imm(1)), d);
    // pointer words: ptrs[0] = &table[1], ptrs[1] = &text + 2
    const p0 = m.load(4, m.addr('ptrs'));
    const p1 = m.load(4, m.addr('ptrs', 4));
    const t1 = m.load(4, p0);
    const ch = m.load(1, p1, 0, false);
    const fp = m.load(4, m.addr('ptrs', 8));
    const seven = m.call(fp, []);
    m.ret(m.bin('add', m.bin('add', b0, t1), m.bin('add', ch, seven)));
    const seven_ = new Fn('seven', 0, { global: false });
    seven_.ret(imm(7));
    const mod = module([m, seven_], [
      global('zb', 16),
      global('counter', 4, words(41)),
      global('table', 12, words(10, 20, 30), { readonly: true }),
      global('text', 6, [{ kind: 'bytes', bytes: Uint8Array.from([104, 105, 33, 0]) }, { kind: 'zero', size: 2 }], { readonly: true, align: 1 }),
      global('ptrs', 12, [{ kind: 'symbol', symbol: 'table', offset: 4 }, { kind: 'symbol', symbol: 'text', offset: 2 }, { kind: 'symbol', symbol: 'seven', offset: 0 }], { readonly: true }),
    ]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      const r = runs[arch];
      expect(r.result).toBe(0 + 20 + 33 + 7);
      expect(r.word('counter')).toBe(42);
      expect(r.word('zb', 2)).toBe(77);
      // sections: rodata is read-only, bss takes no file bytes
      const seg = (sym: string) => r.exe.segments.find((s) => s.vaddr <= r.addrOf(sym) && r.addrOf(sym) < s.vaddr + s.memsz)!;
      expect(seg('table').flags.w).toBe(false);
      expect(seg('counter').flags.w).toBe(true);
      expect(r.addrOf('zb')).toBeGreaterThanOrEqual(seg('zb').vaddr + seg('zb').data.length);
      expect(r.asm).toMatch(/\.long table\+4/);
    }
  });
});

describe('memcpy', () => {
  const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 31, 64, 65, 100, 131, 200, 257];
  it('copies odd sizes between globals and stack slots, touching nothing else', () => {
    const total = SIZES.reduce((a, b) => a + b + 8, 0);
    const m = new Fn('main', 0);
    let off = 0;
    for (const size of SIZES) {
      const s = m.slot(size + 3, 4);
      // src (misaligned by 1) -> slot -> dst at offset off+4
      m.memcpy(m.slotAddr(s), m.addr('src', 1), size);
      m.memcpy(m.addr('dst', off + 4), m.slotAddr(s), size);
      off += size + 8;
    }
    // through pointers held in registers, too
    const cp = new Fn('cp', 2, { returnsValue: false });
    cp.memcpy(cp.params[0]!, cp.params[1]!, 23);
    cp.ret();
    m.call('cp', [m.addr('dst2'), m.addr('src', 5)], false);
    m.ret(imm(0));
    const src = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
    const mod = module([m, cp], [
      global('src', 300, [{ kind: 'bytes', bytes: src }], { readonly: true }),
      global('dst', total, [{ kind: 'bytes', bytes: new Uint8Array(total).fill(0xee) }]),
      global('dst2', 32, [{ kind: 'bytes', bytes: new Uint8Array(32).fill(0xee) }]),
    ]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      const got = runs[arch].bytes('dst', total);
      const want: number[] = [];
      for (const size of SIZES) want.push(0xee, 0xee, 0xee, 0xee, ...src.subarray(1, 1 + size), 0xee, 0xee, 0xee, 0xee);
      expect(got, arch).toEqual(want);
      expect(runs[arch].bytes('dst2', 32), arch).toEqual([...src.subarray(5, 28), ...new Array(9).fill(0xee)]);
    }
  });
});

describe('bounds', () => {
  const prog = (index: number, viaImm: boolean) => {
    const f = new Fn('get', 2);
    const [i, n] = f.params as [number, number];
    f.bounds(i, viaImm ? imm(10) : n);
    f.ret(f.load(4, f.bin('add', f.addr('arr'), f.bin('shl', i, imm(2)))));
    const m = new Fn('main', 0);
    m.ret(m.call('get', [m.const(index), m.const(10)]));
    return module([f, m], [global('arr', 40, words(0, 11, 22, 33, 44, 55, 66, 77, 88, 99))]);
  };
  it('passes in range (register and immediate lengths)', () => {
    for (const viaImm of [false, true]) {
      const runs = runBoth(prog(9, viaImm));
      for (const arch of ARCHES) expect(runs[arch].result).toBe(99);
    }
  });
  it('faults with a bounds fault out of range, including negative indexes', () => {
    for (const viaImm of [false, true]) {
      for (const index of [10, -1]) {
        for (const arch of ARCHES) {
          const x = run(prog(index, viaImm), arch);
          expect(x.r.status).toBe('fault');
          expect(x.r.fault!.record.cause).toBe(5);
          expect(x.r.fault!.text).toMatch(/^bounds/);
        }
      }
    }
  });
});

describe('large frames', () => {
  it('slots and spill words beyond 16-bit offsets from the frame pointer', () => {
    // a 40000-byte local array, values spilled below it, and a call (so the frame is real)
    const id = new Fn('id', 1);
    id.ret(id.params[0]!);
    const f = new Fn('main', 0);
    const big = f.slot(40000, 4);
    const small = f.slot(64, 4);
    const vs = Array.from({ length: 16 }, (_, k) => f.load(4, f.addr('vals', 4 * k)));
    f.store(4, imm(1234), f.slotAddr(big, 39996));
    f.store(2, vs[1]!, f.slotAddr(big), 33000);
    f.memcpy(f.slotAddr(small), f.slotAddr(big, 39960), 40);
    const c = f.call('id', [vs[0]!]);
    let acc = c;
    for (const v of vs) acc = f.bin('add', acc, v);
    acc = f.bin('add', acc, f.load(4, f.slotAddr(small), 36));
    acc = f.bin('add', acc, f.load(2, f.slotAddr(big, 33000), 0, true));
    f.ret(acc);
    const vals = Array.from({ length: 16 }, (_, k) => (k + 1) * 1000 + k);
    const runs = runBoth(module([id, f], [global('vals', 64, words(...vals))]));
    const want = vals[0]! + vals.reduce((a, b) => a + b, 0) + 1234 + vals[1]!;
    for (const arch of ARCHES) expect(runs[arch].result).toBe(want);
  });
});
