// Guest console bytes to stdout: buffered, flushed at each newline and at the end, so output
// appears as the guest prints it without a host write per byte.
export function consoleWriter(): { put: (b: number) => void; flush: () => void } {
  const buf = Buffer.alloc(4096);
  let n = 0;
  const flush = () => { if (n) { process.stdout.write(Buffer.from(buf.subarray(0, n))); n = 0; } };
  return {
    put: (b) => { buf[n++] = b; if (b === 10 || n === buf.length) flush(); },
    flush,
  };
}
