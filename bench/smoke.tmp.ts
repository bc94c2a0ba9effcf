import { INSTRS, type Arg } from '../vm/isa/instr.ts';
import { encodeX86 } from '../vm/isa/x86.ts';
import { encodeArm } from '../vm/isa/arm.ts';
import { PhysMem } from '../vm/machine/memory.ts';
import { Core } from '../vm/core/core.ts';
import { run } from '../vm/core/interp.generated.ts';
const find = (p: 'x86'|'arm', mn: string, args: string) => { const d = INSTRS[p].find(d => d.mn === mn && d.form.args.join(',') === args); if (!d) throw new Error(mn+args); return d.id; };
const r = (r: number): Arg => ({ k: 'r', r }); const i = (v: number): Arg => ({ k: 'i', v });
// x86: eax = 0 (sum), ecx = N; loop: add eax, ecx ; imul? ; sub ecx,1 ; jne loop ; hlt
function x86prog(N: number) {
  const out: number[] = [];
  const emit = (id: number, args: Arg[]) => { const e = encodeX86({ id, args }); out.push(...e.bytes); return e.bytes.length; };
  emit(find('x86','mov','r,i32'), [r(0), i(0)]);
  emit(find('x86','mov','r,i32'), [r(1), i(N)]);
  const loop = out.length;
  emit(find('x86','add','r,r'), [r(0), r(1)]);
  emit(find('x86','xor','r,i8'), [r(0), i(5)]);
  emit(find('x86','sub','r,i8'), [r(1), i(1)]);
  const at = out.length;
  emit(find('x86','jne','rel'), [{ k: 'rel', v: loop - at }]);
  emit(find('x86','hlt',''), []);
  return out;
}
function armprog(N: number) {
  const out: number[] = [];
  const emit = (id: number, args: Arg[]) => { const w = encodeArm({ id, args }).word; out.push(w & 255, (w>>>8)&255, (w>>>16)&255, w>>>24); };
  emit(find('arm','mov','r,i16'), [r(0), i(0)]);
  emit(find('arm','movw','r,u16'), [r(1), i(N & 0xffff)]);
  emit(find('arm','movt','r,u16'), [r(1), i(N >>> 16)]);
  const loop = out.length;
  emit(find('arm','add','r,r,r'), [r(0), r(0), r(1)]);
  emit(find('arm','eor','r,r,u16'), [r(0), r(0), i(5)]);
  emit(find('arm','subs','r,r,i16'), [r(1), r(1), i(1)]);
  const at = out.length;
  emit(find('arm','b','rel,cond'), [{ k: 'rel', v: loop - at }, { k: 'cond', c: 'ne' }]);
  emit(find('arm','wfi',''), []);
  return out;
}
for (const [pers, prog] of [['x86', x86prog], ['arm', armprog]] as const) {
  for (let rep = 0; rep < 3; rep++) {
    const N = 20_000_000;
    const mem = new PhysMem(1 << 20);
    mem.writeBytes(0x1000, Uint8Array.from(prog(N)));
    const core = new Core(0, pers, mem);
    core.pc = 0x1000;
    const t0 = performance.now();
    while (!core.halted && !core.stopped) run(core, 100000);
    const dt = performance.now() - t0;
    let js = 0; for (let k = N; k > 0; k--) { js = ((js + k) | 0) ^ 5; }
    console.log(pers, 'eax', core.regs[0], 'js', js, 'instrs', core.instructions, 'ms', dt.toFixed(0), 'MIPS', (core.instructions / dt / 1000).toFixed(0), 'stopped', core.stopped);
  }
}
