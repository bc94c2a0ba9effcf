// Machine-level behaviour: determinism, configs, interrupts and masking, IPIs across
// personalities, and a guest that misbehaves without hurting the host.
import { describe, expect, it } from 'vitest';
import { demoExecutables } from '../../tools/actions/demo.ts';
import { parseMachineConfig, presetNamed, PRESETS, ConfigError } from '../../vm/machine/config.ts';
import { BufferConsole, Machine } from '../../vm/machine/machine.ts';
import { boot, build } from './harness.ts';

function demoRun(seed: number, slice?: number) {
  const exes = demoExecutables();
  const con = new BufferConsole();
  const m = new Machine(presetNamed('hetero-4')!, con);
  m.load(exes.x86);
  m.load(exes.arm);
  m.startCore(0, exes.x86.entry);
  const r = m.run({ seed, slice, maxCycles: 10_000_000 });
  return { r, out: con.text() };
}

describe('determinism', () => {
  it('the same image, seed and slice give identical output and cycle counts', () => {
    const a = demoRun(7), b = demoRun(7);
    expect(a.r.status).toBe('exit');
    expect(b.out).toBe(a.out);
    expect(b.r).toEqual(a.r);
  });
  it('other seeds and slices still run correctly', () => {
    for (const [seed, slice] of [[1, 500], [12345, 3000], [99, 100]]) {
      const { r, out } = demoRun(seed, slice);
      expect(r.status).toBe('exit');
      expect(out.split('\n').filter((l) => l.startsWith('hello from core')).sort()).toEqual([
        'hello from core 0 (x86)', 'hello from core 1 (x86)', 'hello from core 2 (arm)', 'hello from core 3 (arm)']);
    }
  });
});

describe('accounting', () => {
  it('counts exactly the instructions and cycles a program executes, up to the exit', () => {
    const { r, core } = boot('x86', ' .text\n .global _start\n_start: mov eax, 1\n mov ecx, 5\nl: sub ecx, 1\n jne l\n mov [0xf9100000], eax\n');
    expect(r.status).toBe('exit');
    expect(core.instructions).toBe(13); // 2 + 5 * 2 + the exit store
    expect(core.cycles).toBe(14); // every instruction 1 cycle, the store 2
    expect(r.cycles).toBe(14);
  });
});

describe('machine configs', () => {
  it('ships the presets the design names', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(expect.arrayContaining(['x86-1', 'arm-1', 'pc-2', 'hetero-4', 'numa-32']));
    expect(presetNamed('numa-32')!.packages.flat()).toHaveLength(32);
  });
  it('validates JSON descriptions with clear errors naming the field', () => {
    const good = parseMachineConfig({ name: 'mine', ramMiB: 16, packages: [['x86'], ['arm', 'arm']] });
    expect(good.ram).toBe(16 << 20);
    expect(() => parseMachineConfig({ name: 'x', ramMiB: 16, packages: [['mips']] })).toThrow(/packages\[0\]\[0\]: expected "x86" or "arm"/);
    expect(() => parseMachineConfig({ name: 'x', packages: [] })).toThrow(ConfigError);
    expect(() => parseMachineConfig({ name: 'x', ramMiB: 16, packages: [['x86']], devices: { pl011: 0x1000 } })).toThrow(/inside RAM/);
    expect(() => parseMachineConfig({ name: 'x', ramMiB: 16, packages: [['x86']], cores: 3 })).toThrow(/cores: unknown field/);
    expect(() => parseMachineConfig('nope')).toThrow(/expected a JSON object/);
  });
  it('a numa-32 machine boots every core of the demo', () => {
    const exes = demoExecutables();
    const con = new BufferConsole();
    const m = new Machine(presetNamed('numa-32')!, con);
    m.load(exes.x86); m.load(exes.arm);
    m.startCore(0, exes.x86.entry);
    expect(m.run({ maxCycles: 50_000_000 }).status).toBe('exit');
    expect(con.text()).toContain('all 32 cores checked in');
  });
});

describe('guests cannot hurt the host', () => {
  it('random bytes executed as code end in a fault or a limit, never a host exception', () => {
    let seed = 1;
    const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) & 0xff; };
    for (const arch of ['x86', 'arm'] as const) {
      for (let k = 0; k < 40; k++) {
        const m = new Machine(presetNamed(`${arch}-1`)!);
        m.mem.writeBytes(0x100000, Uint8Array.from({ length: 4096 }, rnd));
        m.startCore(0, 0x100000);
        const r = m.run({ maxCycles: 200_000 });
        expect(['fault', 'halted', 'cycle-limit', 'exit']).toContain(r.status);
      }
    }
  });
  it('self-modifying code sees its own writes', () => {
    // patch the immediate of a later `mov eax, imm32` and run it
    const { core, r } = boot('x86', ` .text\n .global _start\n_start: mov ecx, 0\nagain: mov eax, 1\n add ecx, 1\n mov dword [again+2], 42\n cmp ecx, 2\n jne again\n cli\n hlt\n`);
    expect(r.status).toBe('halted');
    expect(core.regs[0]).toBe(42);
  });
  it('a load image that does not fit in RAM is refused', () => {
    const exe = build('x86', ' .text\n .global _start\n_start: hlt\n');
    const m = new Machine(presetNamed('x86-1')!);
    expect(() => m.load({ ...exe, segments: exe.segments.map((s) => ({ ...s, vaddr: 0x7ff0000 })) })).toThrow(/does not fit/);
  });
});
