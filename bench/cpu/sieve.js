// Sieve of Eratosthenes: count the primes up to N.
export function run() {
  const N = 2000000;
  const composite = new Uint8Array(N + 1);
  let count = 0;
  for (let i = 2; i <= N; i++) {
    if (composite[i] === 0) {
      count++;
      if (i <= 1414) for (let j = i * i; j <= N; j += i) composite[j] = 1;
    }
  }
  return `${count}\n`;
}
