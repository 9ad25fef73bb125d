/**
 * Whether 32 bytes are the compressed form of a point on the ed25519 curve: public keys (wallets, mint
 * keypairs) are, program-derived addresses are not. Same decision as @solana/kit's `isOffCurveAddress`
 * (RFC 8032 §5.1.3: y decodes to a point iff x² = (y² − 1) / (d·y² + 1) has a root, and x = 0 may not carry
 * the sign bit), which the test checks on random inputs. Kit computes the square root; whether one exists
 * is only the Legendre symbol of u·v (v is never 0 because d is not a square), which the Jacobi-symbol
 * recursion gets without a 252-bit exponentiation. Deriving every associated token account of a large
 * market calls this hundreds of thousands of times.
 */
const P = (1n << 255n) - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;

/** Jacobi symbol (a / n) for odd n > 0: 1, −1, or 0 when they share a factor. */
function jacobi(aIn: bigint, nIn: bigint): number {
  let a = aIn % nIn;
  let n = nIn;
  let t = 1;
  while (a !== 0n) {
    while ((a & 1n) === 0n) {
      a >>= 1n;
      const r = n & 7n;
      if (r === 3n || r === 5n) t = -t;
    }
    const swap = a;
    a = n;
    n = swap;
    if ((a & 3n) === 3n && (n & 3n) === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

export function isOnCurve(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false;
  let y = 0n;
  for (let i = 31; i >= 0; i -= 1) {
    const byte = bytes[i] ?? 0;
    y = (y << 8n) | BigInt(i === 31 ? byte & 0x7f : byte);
  }
  const y2 = (y * y) % P;
  const u = (y2 + P - 1n) % P;
  const v = (D * y2 + 1n) % P;
  if (u === 0n) return ((bytes[31] ?? 0) & 0x80) === 0;
  return jacobi((u * v) % P, P) === 1;
}
