// Integer matrix multiply, 200 x 200, then a checksum of the product.
export function run() {
  const n = 200;
  const a = new Uint32Array(n * n), b = new Uint32Array(n * n), c = new Uint32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { a[i * n + j] = (i * j + 1) % 17; b[i * n + j] = (i + 2 * j) % 13; }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s = (s + Math.imul(a[i * n + k], b[k * n + j])) >>> 0;
    c[i * n + j] = s;
  }
  let check = 0;
  for (let i = 0; i < n * n; i++) check = (Math.imul(check, 7) + c[i]) >>> 0;
  return `${check}\n`;
}
