// `shoal mackerel` end to end, the action behind it, and the documentation of every code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MACKEREL_DIAGNOSTICS } from '../../compiler/mackerel/index.ts';
import { mackerelAction, runtimeImportFor } from '../../tools/actions/mackerel.ts';
import { CORPUS } from './corpus.ts';

const OUT = 'tmp/mackerel-cli/';

function shoal(args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync('tools/shoal', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

describe('shoal mackerel', () => {
  it('checks a corpus file with no other flags: exit 0, nothing printed', () => {
    expect(shoal(['mackerel', CORPUS + 'devices/omap/omap44xx_uart3.dev'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('rejects with a located error and exit 1, never a stack trace', () => {
    const r = shoal(['mackerel', CORPUS + 'devices/xeon_phi/xeon_phi_sbox.dev', '--check']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toMatch(/xeon_phi_sbox\.dev:20:13: error: unexpected identifier "elapsed_time_low"; expected integer$/);
  });

  it('writes TS and Fin; --arch arm refuses a device with io registers at its .dev line', () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const r = mackerelAction({ file: CORPUS + 'devices/pc16550d.dev', ts: `${OUT}pc.ts`, fin: `${OUT}pc.fin` });
    expect(r).toEqual({ code: 0, out: [], err: [] });
    expect(readFileSync(`${OUT}pc.ts`, 'utf8')).toContain(`from '../../compiler/mackerel/runtime/space.ts'`);
    expect(readFileSync(`${OUT}pc.fin`, 'utf8')).toContain('pub fn lsr_thre_rdf(d: *Dev) -> u8');
    const arm = mackerelAction({ file: CORPUS + 'devices/pc16550d.dev', fin: `${OUT}pc-arm.fin`, arch: 'arm' });
    expect(arm.code).toBe(1);
    expect(arm.err[0]).toMatch(/pc16550d\.dev:\d+:\d+: error: device 'pc16550d' has registers in the io space/);
    expect(existsSync(`${OUT}pc-arm.fin`)).toBe(false);
  });

  it('computes the runtime import from the output folder', () => {
    expect(runtimeImportFor('vm/devices/gen/uart.ts')).toBe('../../../compiler/mackerel/runtime/');
  });

  it('documents every diagnostic code in docs/mackerel.md', () => {
    const doc = readFileSync('docs/mackerel.md', 'utf8');
    for (const [name, d] of Object.entries(MACKEREL_DIAGNOSTICS)) expect(doc).toContain(`| ${d.code} | ${name} |`);
  });
});
