// Fin to Fin across cores of different personalities: a client on one core and a server on the
// other, each its own executable, talking through the generated stubs over a UMP frame in the
// machine's shared RAM (hetero-2: core 0 x86, core 1 arm). Both pairings, x86 client with arm
// server and arm client with x86 server; the client's exit ends the run.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileFin, runtimeObject, type Arch } from '../../compiler/fin/driver/compile.ts';
import { link, type Executable } from '../../compiler/link/index.ts';
import { presetNamed } from '../../vm/machine/config.ts';
import { BufferConsole, Machine } from '../../vm/machine/machine.ts';
import { generateInterop } from './stubs.ts';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

let dir: string;
beforeAll(async () => ({ dir } = await generateInterop()));

function build(file: string, arch: Arch, base: number): Executable {
  const r = compileFin({ files: [here(file)], arch, roots: [dir] });
  if (!r.object) throw new Error(r.messages.join('\n'));
  return link([runtimeObject(arch), r.object], { base });
}

const checksum = (b: Uint8Array) => b.reduce((s, x, i) => (s + x * (i + 1)) >>> 0, 0);

describe('Fin <-> Fin across an x86 and an arm core', () => {
  for (const [clientArch, serverArch] of [['x86', 'arm'], ['arm', 'x86']] as const) {
    it(`${clientArch} client, ${serverArch} server`, () => {
      const client = build('cross_client.fin', clientArch, 0x100000);
      const server = build('cross_server.fin', serverArch, 0x800000);
      const console = new BufferConsole();
      const m = new Machine(presetNamed('hetero-2')!, console);
      m.load(client);
      m.load(server);
      const core = (arch: Arch) => m.coresOf(arch)[0]!.id;
      m.startCore(core(serverArch), server.entry);
      m.startCore(core(clientArch), client.entry);
      const r = m.run({ maxCycles: 400_000_000 });
      expect(r.status, `${console.text()} ${r.fault?.text ?? ''}`).toBe('exit');
      expect(r.exitCode).toBe(0);

      const s = Uint8Array.from({ length: 1000 }, (_, i) => 65 + (i % 26));
      const e = Uint8Array.from({ length: 256 }, (_, i) => (i + 1) & 0xff);
      expect(console.text()).toBe([
        `client on core ${core(clientArch)}`,
        'add 0 -294967296', // 4e9 wraps in i32 on the server, the same on both personalities
        `echo 0 1000 ${checksum(s.slice().reverse())} 256 ${checksum(e)}`,
        'text 0 1',
        '',
      ].join('\n'));
    });
  }
});
