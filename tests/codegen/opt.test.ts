// The optimisations between the IR and instruction selection: each keeps the program's
// meaning (checked by running on both personalities) and removes executed instructions
// (checked on the code or on instruction counts).
import { describe, expect, it } from 'vitest';
import { emitAsm, prepare } from '../../compiler/fin/codegen/index.ts';
import { Fn, global, imm, module, words } from './builder.ts';
import { ARCHES, run, runBoth } from './run.ts';

/** for i in 0..n { body(i) } in f; returns the block after the loop */
function counted(f: Fn, n: number | number[], body: (i: number) => void, kind: 'ult' | 'slt' = 'ult'): void {
  const i = f.v();
  f.copy(i, imm(0));
  const head = f.block(), loop = f.block(), done = f.block();
  f.jmp(head);
  f.at(head); f.br(kind, i, typeof n === 'number' ? imm(n) : n[0]!, loop, done);
  f.at(loop); body(i); f.bin('add', i, imm(1), i); f.jmp(head);
  f.at(done);
}

describe('liveness', () => {
  it('handles more than 32 vregs live around a loop (bit 31 of a liveness word)', () => {
    const f = new Fn('main', 0);
    const vs = Array.from({ length: 70 }, (_, k) => f.load(4, f.addr('vals', 4 * (k % 8))));
    const acc = f.v();
    f.copy(acc, imm(0));
    counted(f, 3, () => { for (const v of vs) f.bin('add', acc, v, acc); });
    f.ret(acc);
    const vals = [1, 2, 3, 4, 5, 6, 7, 8];
    const runs = runBoth(module([f], [global('vals', 32, words(...vals))]));
    const want = 3 * vs.reduce((s, _, k) => s + vals[k % 8]!, 0);
    for (const arch of ARCHES) expect(runs[arch].result).toBe(want);
  });
});

describe('bounds checks', () => {
  const sumArray = (n: number, len: number, kind: 'ult' | 'slt' = 'ult') => {
    const f = new Fn('main', 0);
    const s = f.v();
    f.copy(s, imm(0));
    counted(f, n, (i) => {
      f.bounds(i, imm(len));
      const p = f.bin('add', f.addr('arr'), f.bin('shl', i, imm(2)));
      f.bin('add', s, f.load(4, p), s);
      // a second check of the same index is redundant even without the loop condition
      f.bounds(i, imm(len));
      f.store(4, s, f.bin('add', f.addr('arr'), f.bin('shl', i, imm(2))));
    }, kind);
    f.ret(s);
    return module([f], [global('arr', 4 * 12, words(...Array.from({ length: 12 }, (_, k) => k + 1)))]);
  };

  it('drops checks a counted loop already guarantees, and repeated checks', () => {
    for (const arch of ARCHES) {
      expect(emitAsm(sumArray(10, 10), arch)).not.toMatch(/\b(bound|chk)\b/);
      const x = run(sumArray(10, 10), arch);
      expect(x.result).toBe(55);
    }
  });

  it('keeps checks that can fail, which then fault', () => {
    for (const arch of ARCHES) {
      // loop runs to 12 but the array has 10 elements: one check stays and fires
      const asm = emitAsm(sumArray(12, 10), arch);
      expect(asm.match(/\b(bound|chk)\b/g)?.length).toBe(1);
      const x = run(sumArray(12, 10), arch);
      expect(x.r.status).toBe('fault');
      expect(x.r.fault!.record.cause).toBe(5);
      // a signed loop bound proves nothing about the unsigned check
      expect(emitAsm(sumArray(10, 10, 'slt'), arch)).toMatch(/\b(bound|chk)\b/);
    }
  });
});

describe('bounds checks (continued)', () => {
  it('an index that only grows keeps its check (and compiling terminates)', () => {
    // i = 0; loop { bounds i < 8; arr[i] = i; i = i + 1; if arr[0] != 0 {...} } exits by a fault
    const f = new Fn('main', 0);
    const i = f.v();
    f.copy(i, imm(0));
    const body = f.block();
    f.jmp(body);
    f.at(body);
    f.bounds(i, imm(8));
    f.store(4, i, f.bin('add', f.addr('arr'), f.bin('shl', i, imm(2))));
    f.bin('add', i, imm(1), i);
    f.jmp(body);
    const mod = module([f], [global('arr', 32)]);
    for (const arch of ARCHES) {
      expect(emitAsm(mod, arch)).toMatch(/\b(bound|chk)\b/);
      const x = run(mod, arch);
      expect(x.r.status).toBe('fault');
      expect(x.r.fault!.record.cause).toBe(5);
      expect(x.word('arr', 7)).toBe(7);
    }
  });

  it('a[i + 1] after i < n - 1 needs no check; &a[i + 1] is one lea on x86', () => {
    const f = new Fn('main', 0);
    const s = f.v();
    f.copy(s, imm(0));
    counted(f, 9, (i) => {
      const j = f.bin('add', i, imm(1));
      f.bounds(j, imm(10));
      const p = f.bin('add', f.addr('arr'), f.bin('shl', j, imm(2)));
      f.store(4, p, f.addr('ptrs', 0));
      f.bin('add', s, f.load(4, p), s);
    });
    f.ret(s);
    const mod = module([f], [global('arr', 40, words(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), global('ptrs', 4)]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      expect(runs[arch].result).toBe(45);
      expect(runs[arch].asm).not.toMatch(/\b(bound|chk)\b/);
      expect(runs[arch].word('ptrs') - runs[arch].addrOf('arr')).toBe(36);
    }
    expect(runs.x86.asm).toMatch(/lea \w+, \[\w+\*4\+arr\+4\]/);
  });
});

describe('loop-invariant code motion', () => {
  it('moves invariant arithmetic out of nested loops, keeping results', () => {
    // m[i][j] = i * 7 + j for a 6 x 5 matrix in a global, then a checksum
    const f = new Fn('main', 0);
    counted(f, 6, (i) => {
      counted(f, 5, (j) => {
        const row = f.bin('add', f.addr('mat'), f.bin('mul', i, imm(20)));
        const v = f.bin('add', f.bin('mul', i, imm(7)), j);
        f.store(4, v, f.bin('add', row, f.bin('shl', j, imm(2))));
      });
    });
    const sum = f.v();
    f.copy(sum, imm(0));
    counted(f, 30, (k) => { f.bin('add', f.bin('mul', sum, imm(3)), f.load(4, f.bin('add', f.addr('mat'), f.bin('shl', k, imm(2)))), sum); });
    f.ret(sum);
    let want = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) want = (Math.imul(want, 3) + i * 7 + j) | 0;
    const runs = runBoth(module([f], [global('mat', 120)]));
    for (const arch of ARCHES) {
      expect(runs[arch].result).toBe(want);
      // the multiplications by 20 and 7 run once per row, not once per element
      const loop = prepare(module([f]).functions[0]!, arch);
      const inner = loop.blocks.find((b) => !b.dead && b.insts.some((x) => x.op === 'store'))!;
      expect(inner.insts.filter((x) => x.op === 'bin' && x.kind === 'mul').length).toBe(0);
    }
  });

  it('column-major traversal: the invariant part of the address leaves the inner loop', () => {
    // for j in 0..5 { for i in 0..6 { s = s * 3 + m[i][j] } } over a 6 x 5 word matrix
    const f = new Fn('main', 0);
    const s = f.v();
    f.copy(s, imm(0));
    counted(f, 5, (j) => {
      counted(f, 6, (i) => {
        const p = f.bin('add', f.bin('add', f.addr('mat'), f.bin('mul', i, imm(20))), f.bin('shl', j, imm(2)));
        f.bin('add', f.bin('mul', s, imm(3)), f.load(4, p), s);
      });
    });
    f.ret(s);
    const vals = Array.from({ length: 30 }, (_, k) => k * 7 + 1);
    let want = 0;
    for (let j = 0; j < 5; j++) for (let i = 0; i < 6; i++) want = (Math.imul(want, 3) + vals[i * 5 + j]!) | 0;
    const runs = runBoth(module([f], [global('mat', 120, words(...vals))]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(want);
    // arm: per inner iteration ldr, mul(s*3), add, mul(i*20), add/cmp/branch — no address add
    const inner = prepare(module([f]).functions[0]!, 'arm').blocks.find((b) => !b.dead && b.insts.some((x) => x.op === 'load'))!;
    expect(inner.insts.filter((x) => x.op === 'bin' && x.kind === 'add' && !('imm' in x.b)).length).toBe(1);
  });

  it('creates a preheader when the loop is entered from several places', () => {
    // if c { x = 1 } else { x = 2 }; loop header reached from both arms
    const f = new Fn('f', 2);
    const [c, n] = f.params as [number, number];
    const x = f.v(), i = f.v(), s = f.v();
    const yes = f.block(), no = f.block(), head = f.block(), body = f.block(), done = f.block();
    f.copy(i, imm(0)); f.copy(s, imm(0));
    f.br('ne', c, imm(0), yes, no);
    f.at(yes); f.copy(x, imm(1)); f.jmp(head);
    f.at(no); f.copy(x, imm(2)); f.jmp(head);
    f.at(head); f.br('slt', i, n, body, done);
    f.at(body);
    f.bin('add', s, f.bin('mul', n, imm(3)), s); // n * 3 is invariant
    f.bin('add', s, x, s);
    f.bin('add', i, imm(1), i);
    f.jmp(head);
    f.at(done); f.ret(s);
    const m = new Fn('main', 0);
    m.ret(m.bin('add', m.call('f', [m.const(1), m.const(4)]), m.bin('mul', m.call('f', [m.const(0), m.const(3)]), imm(1000))));
    const runs = runBoth(module([f, m]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(4 * 13 + 1000 * 3 * 11);
  });
});

describe('variables and common subexpressions', () => {
  it('computes straight into a variable only when nothing reads it in between', () => {
    // x = (x * 3 + 1) & 0xff, but in the second form the old x is read before the update ends
    const f = new Fn('f', 1);
    const x = f.v();
    f.copy(x, f.params[0]!);
    const t1 = f.bin('mul', x, imm(3));
    const t2 = f.bin('add', t1, imm(1));
    f.bin('and', t2, imm(0xff), x);
    const u1 = f.bin('mul', x, imm(5));
    const old = f.bin('add', x, imm(1000)); // reads x between u1 and the redefinition
    f.bin('add', u1, old, x);
    f.ret(x);
    const m = new Fn('main', 0);
    m.ret(m.call('f', [m.const(77)]));
    const x1 = (77 * 3 + 1) & 0xff;
    const runs = runBoth(module([f, m]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(x1 * 5 + x1 + 1000);
    expect(emitAsm(module([f]), 'x86')).toMatch(/imul (\w+), 3\n\s+add \1, 1\n\s+and \1, 255/);
  });

  it('reuses a repeated computation unless an operand changed', () => {
    const f = new Fn('f', 1);
    const x = f.v();
    f.copy(x, f.params[0]!);
    const a = f.bin('or', x, imm(1));
    const b = f.bin('or', x, imm(1)); // same as a
    f.bin('add', x, imm(2), x);
    const c = f.bin('or', x, imm(1)); // x changed: not the same
    f.ret(f.bin('add', f.bin('add', a, b), f.bin('mul', c, imm(100))));
    const m = new Fn('main', 0);
    m.ret(m.call('f', [m.const(4)]));
    const runs = runBoth(module([f, m]));
    for (const arch of ARCHES) expect(runs[arch].result).toBe(5 + 5 + 700);
    expect(prepare(module([f]).functions[0]!, 'arm').blocks[0]!.insts.filter((x) => x.op === 'bin' && x.kind === 'or').length).toBe(2);
  });
});

describe('symbols the assembler would misread', () => {
  it('mangles register and system-register names, keeps .L names local', () => {
    // a function `r0`, globals `eax`, `far` and `.Lstr.0` used through folded memory operands
    const r0 = new Fn('r0', 1);
    r0.ret(r0.bin('add', r0.load(4, r0.addr('eax', 4)), r0.params[0]!));
    const m = new Fn('main', 0);
    m.store(4, imm(5), m.addr('far'));
    const ch = m.load(1, m.addr('.Lstr.0', 1));
    const k = m.load(4, m.addr('far'));
    m.ret(m.bin('add', m.call('r0', [ch]), k));
    const mod = module([r0, m], [global('eax', 8, words(1, 2)), global('far', 4), global('.Lstr.0', 3, [{ kind: 'bytes', bytes: Uint8Array.from([65, 66, 0]) }], { readonly: true, align: 1 })]);
    const runs = runBoth(mod);
    for (const arch of ARCHES) {
      expect(runs[arch].result).toBe(2 + 66 + 5);
      expect(runs[arch].exe.symbols.some((s) => s.name.startsWith('.L'))).toBe(false);
      expect(runs[arch].exe.symbols.find((s) => s.name === '$r0')?.type).toBe('func');
    }
  });
});

describe('code quality', () => {
  it('a counted loop over an array runs a handful of instructions per element', () => {
    const f = new Fn('main', 0);
    const s = f.v();
    f.copy(s, imm(0));
    counted(f, 1000, (i) => {
      f.bounds(i, imm(1000));
      f.bin('add', s, f.load(4, f.bin('add', f.addr('arr'), f.bin('shl', i, imm(2)))), s);
    });
    f.ret(s);
    const runs = runBoth(module([f], [global('arr', 4000)]));
    // x86: mov, add, add, cmp, jb; arm: ldr, add, add, cmp, blo
    for (const arch of ARCHES) expect(runs[arch].instructions).toBeLessThan(1000 * 5 + 80);
  });

  it('fib(20) stays within a budget of instructions per call', () => {
    const f = new Fn('fib', 1);
    const [n] = f.params as [number];
    const rec = f.block(), base = f.block();
    const c = f.cmp('ult', n, imm(2));
    f.br('ne', c, imm(0), base, rec);
    f.at(base); f.ret(n);
    f.at(rec);
    f.ret(f.bin('add', f.call('fib', [f.bin('sub', n, imm(1))]), f.call('fib', [f.bin('sub', n, imm(2))])));
    const m = new Fn('main', 0);
    m.ret(m.call('fib', [m.const(20)]));
    const runs = runBoth(module([f, m]));
    const calls = 21891;
    expect(runs.x86.result).toBe(6765);
    expect(runs.x86.instructions / calls).toBeLessThan(15);
    expect(runs.arm.instructions / calls).toBeLessThan(9);
  });
});
