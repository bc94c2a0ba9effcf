// TypeScript <-> Fin over a UMP channel in guest memory, on an x86 core and on an arm core. The
// TS end uses the generated TS stubs (F1's encoders/decoders) over runtime/ump-channel.ts; the
// Fin end (interop_main.fin) uses the generated Fin stubs over stdlib/os. Both directions are
// covered: TS sends every kind of message and Fin prints what it decoded (Fin decoders checked
// against values chosen here) and echoes it (Fin encoders checked by the TS decoders); rpcs go
// TS->Fin and then Fin->TS; long strings, byte arrays and a 20-word array fragment.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { UmpChannel } from '../../compiler/flounder/runtime/ump-channel.ts';
import { UmpEndpoint } from '../../compiler/flounder/runtime/ump.ts';
import { CHAN_OK } from '../../compiler/flounder/runtime/ump-layout.ts';
import { generateInterop, type InteropStubs, type Received } from './stubs.ts';
import { bootFin, runUntil } from './vm.ts';

const MAIN = fileURLToPath(new URL('./interop_main.fin', import.meta.url));
const FRAME = 0x01000000;
const BYTES = 4096;

const utf8 = (s: string) => new TextEncoder().encode(s);
const checksum = (b: Uint8Array) => b.reduce((s, x, i) => (s + x * (i + 1)) >>> 0, 0);

const longText = 'Flounder fragments é ü '.repeat(70).slice(0, 1500);
const bytes300 = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 0xff);
const echoS = 'Hello, Fin! '.repeat(46);
const echoD = Uint8Array.from({ length: 250 }, (_, i) => i ^ 0x5a);
const block = Array.from({ length: 20 }, (_, i) => (i * 0x01010101 + 7) >>> 0);

/** What TS sends in phase 1, and the line the Fin end prints for each. */
const PHASE1: { name: string; args: Record<string, unknown>; line: string }[] = [
  { name: 'scalars', args: { u8v: 255, i8v: -128, u16v: 65535, i16v: -32768, u32v: 0xffffffff, i32v: -2147483648, f1: true, f2: false, ch: 65, err: 0xdeadbeef },
    line: 'scalars 255 -128 65535 -32768 4294967295 -2147483648 1 0 A 0xdeadbeef' },
  { name: 'scalars', args: { u8v: 0, i8v: 127, u16v: 1, i16v: 32767, u32v: 0, i32v: 2147483647, f1: false, f2: true, ch: 122, err: 0 },
    line: 'scalars 0 127 1 32767 0 2147483647 0 1 z 0x0' },
  { name: 'wide', args: { big: 0x0123456789abcdefn, neg: -2n, s: { a: 250, b: -1234, c: true, col: 2 }, h: [1, 2, 65535, 0, 40000] },
    line: 'wide 0x1234567 0x89abcdef 0xffffffff 0xfffffffe 250 -1234 1 2 1 2 65535 0 40000' },
  { name: 'blob', args: { b: block, tag: 77 }, line: `blob 77 ${block.join(' ')}` },
  { name: 'text', args: { id: 5, s: longText }, line: `text 5 ${utf8(longText).length} ${checksum(utf8(longText))}` },
  { name: 'data', args: { buf: bytes300, name: 'blockdata' }, line: `data blockdata 300 ${checksum(bytes300)}` },
  { name: 'add_call', args: { a: 1000000, b: -2000000 }, line: 'add 1000000 -2000000' },
  { name: 'echo_call', args: { s: echoS, d: echoD }, line: `echo ${echoS.length} ${checksum(utf8(echoS))} 250 ${checksum(echoD)}` },
];

/** The rpc server both ends implement: add sums; echo reverses the string, adds one to every
 *  byte and counts the string's bytes. */
function serve(name: string, args: Record<string, unknown>): { name: string; args: Record<string, unknown> } | undefined {
  if (name === 'add_call') return { name: 'add_response', args: { sum: ((args.a as number) + (args.b as number)) | 0 } };
  if (name === 'echo_call') {
    const s = args.s as string;
    return { name: 'echo_response', args: { r: [...s].reverse().join(''), e: (args.d as Uint8Array).map((x) => (x + 1) & 0xff), n: utf8(s).length } };
  }
  return undefined;
}

let stubs: InteropStubs;
let dir: string;
beforeAll(async () => ({ stubs, dir } = await generateInterop()));

function send(ch: UmpChannel, name: string, args: unknown): void {
  const e = stubs.interop_codec[name]!.ump.encode(args);
  if (!e.ok) throw new Error(e.error);
  expect(ch.send(e.value)).toBe(CHAN_OK);
}

function receiveAll(ch: UmpChannel, into: Received[]): void {
  for (let r = ch.receive(); r; r = ch.receive()) {
    if (!r.ok) throw new Error(r.error);
    const d = stubs.interop_decode('ump', r.msg, r.frags, []);
    if (!d.ok) throw new Error(d.error);
    into.push(d.value);
  }
}

describe('TypeScript <-> Fin over UMP', () => {
  for (const arch of ['x86', 'arm'] as const) {
    it(`messages and rpcs both ways with a Fin program on ${arch}`, () => {
      const g = bootFin([MAIN], arch, [dir]);
      UmpEndpoint.clear(g.ram, FRAME, BYTES);
      const ch = new UmpChannel(new UmpEndpoint(g.ram, FRAME, BYTES, 0));

      // phase 1: TS is the client and the sender of one-way messages
      for (const m of PHASE1) send(ch, m.name, m.args);
      const got: Received[] = [];
      runUntil(g, () => { ch.flush(); receiveAll(ch, got); return got.length === PHASE1.length; });
      const oneWay = PHASE1.filter((m) => !m.name.endsWith('_call'));
      expect(got.slice(0, oneWay.length)).toEqual(oneWay.map((m) => ({ name: m.name, args: m.args })));
      expect(got.slice(oneWay.length)).toEqual(PHASE1.filter((m) => m.name.endsWith('_call')).map((m) => serve(m.name, m.args)));

      // phase 2: Fin is the client; TS answers its calls until it exits
      send(ch, 'done', { type: 1 });
      const late: Received[] = [];
      const end = runUntil(g, () => {
        ch.flush();
        // once echo is answered, stop reading until Fin has queued its long text and tried to
        // send `done` behind it: the ring stays full, so that send must find the binding busy
        const echoed = late.some((m) => m.name === 'echo_call');
        if (echoed && !g.console.text().includes('then done')) return false;
        const before = late.length;
        receiveAll(ch, late);
        for (const m of late.slice(before)) {
          const reply = serve(m.name, m.args);
          if (reply) send(ch, reply.name, reply.args);
        }
        return false;
      });
      receiveAll(ch, late); // what the guest put on the ring before it powered off
      expect(end?.status, g.console.text()).toBe('exit');
      expect(end?.exitCode).toBe(0);
      const fifo = '0123456789'.repeat(200);
      expect(late.map((m) => m.name)).toEqual(['add_call', 'echo_call', 'text', 'done']);
      expect(late[2]!.args).toEqual({ id: 99, s: fifo });
      expect(late[3]!.args).toEqual({ type: 7 });

      const s = 'abcdefghijklmnopqrstuvwxyz'.repeat(12).slice(0, 300);
      const reversed = utf8([...s].reverse().join(''));
      const e = Uint8Array.from({ length: 200 }, (_, i) => ((i * 7) + 1) & 0xff);
      expect(g.console.text()).toBe([
        ...PHASE1.map((m) => m.line),
        'done 1',
        'rpc add 0 -38',
        `rpc echo 0 300 300 ${checksum(reversed)} 200 ${checksum(e)}`,
        'text 0 then done 6',
        'continuation: done 0',
        '',
      ].join('\n'));
    });
  }
});
