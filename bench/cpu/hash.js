// Open-addressing hash table: insert 300,000 pseudo-random keys, look up 600,000.
export function run() {
  const MASK = 1048575;
  const table = new Uint32Array(MASK + 1);
  const slotOf = (key) => {
    let h = (Math.imul(key, 2654435761) >>> 12) & MASK;
    while (table[h] !== 0 && table[h] !== key) h = (h + 1) & MASK;
    return h;
  };
  let x = 7;
  for (let k = 0; k < 300000; k++) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; table[slotOf(x | 1)] = x | 1; }
  let found = 0;
  x = 7;
  for (let k = 0; k < 600000; k++) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; if (table[slotOf(x | 1)] === (x | 1)) found++; }
  return `${found}\n`;
}
