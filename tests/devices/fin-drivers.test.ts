// The generated Fin accessors (stdlib/dev/) against the VM's device models, which use the
// generated TS layouts (vm/devices/gen/): fin/drivers.fin reads and writes registers and
// fields on each personality's devices, and the values must be the parts' facts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PORT_IO_ON_ARM_TRAP } from '../../compiler/mackerel/gen-fin.ts';
import { execProgram } from '../../tools/actions/exec.ts';

const DRIVERS = fileURLToPath(new URL('./fin/drivers.fin', import.meta.url));

describe('Fin drivers over generated accessors', () => {
  it('x86: cpuctl, local APIC version/TPR/ICR fields, 16550 LCR through DLAB, exit status', () => {
    const r = execProgram({ files: [DRIVERS], arch: 'x86', maxCycles: 50_000_000 });
    expect(r.err.filter((l) => / error: /.test(l))).toEqual([]);
    expect(r.console).toBe('ncores=0x1 pers=0x0 pers_of0=0x0 ver=0x14 max_lvt=0x5 tpr=0x30 icr_hi=0xab000000 lvt_timer_mask=0x1 lcr=0x3 thre=0x1 \n');
    expect(r.code).toBe(42);
  });

  it('arm: cpuctl, GIC distributor/CPU interface, generic timer, PL011 reset values, exit status', () => {
    const r = execProgram({ files: [DRIVERS], arch: 'arm', maxCycles: 50_000_000 });
    expect(r.err.filter((l) => / error: /.test(l))).toEqual([]);
    expect(r.console).toBe('ncores=0x1 pers=0x1 pers_of0=0x1 it_lines=0x1 gicd_impl=0x43b prio33=0xa0 pmr=0xf0 iar=0x3ff cntfrq=0x5f5e100 ctl=0x5 txfe=0x1 cr=0x300 \n');
    expect(r.code).toBe(42);
  });

  it('arm: a 16550 port accessor compiles but traps where it is called, never reading 0 silently', () => {
    mkdirSync('tmp/devices', { recursive: true });
    const prog = 'tmp/devices/port-on-arm.fin';
    writeFileSync(prog, 'import dev.uart16550;\npub fn main() -> i32 {\n    var u: uart16550.Dev;\n    uart16550.initialize(&u, 0x3f8);\n    return uart16550.lsr_rd(&u) as i32;\n}\n');
    const arm = execProgram({ files: [prog], arch: 'arm', maxCycles: 1_000_000 });
    expect(arm.code).toBe(125);
    expect(arm.err.join('\n')).toMatch(new RegExp(`fault: trap ${PORT_IO_ON_ARM_TRAP} .*\\(arm\\) at .*stdlib/dev/uart16550\\.fin:\\d+`));
    const x86 = execProgram({ files: [prog], arch: 'x86', maxCycles: 1_000_000 });
    expect(x86.err).toEqual([]);
    expect(x86.code).toBe(0x60); // LSR after reset: THRE and TEMT
  });
});
