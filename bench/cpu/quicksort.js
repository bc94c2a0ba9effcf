// Quicksort (Hoare partition) of 100,000 pseudo-random integers, then a checksum.
function quicksort(a, lo, hi) {
  if (lo >= hi) return;
  const pivot = a[lo + ((hi - lo) >> 1)];
  let i = lo - 1, j = hi + 1;
  for (;;) {
    i++; while (a[i] < pivot) i++;
    j--; while (a[j] > pivot) j--;
    if (i >= j) break;
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  quicksort(a, lo, j);
  quicksort(a, j + 1, hi);
}
export function run() {
  const data = new Uint32Array(100000);
  let x = 42;
  for (let k = 0; k < 100000; k++) { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; data[k] = x % 1000000; }
  quicksort(data, 0, 99999);
  let check = 0;
  for (let k = 0; k < 100000; k++) check = (Math.imul(check, 31) + data[k]) >>> 0;
  return `${check}\n`;
}
