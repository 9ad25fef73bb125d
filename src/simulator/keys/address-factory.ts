import { createHash } from 'node:crypto';
import type { SeededRandom } from '../random/seeded-random.ts';
import { encodeBase58 } from './base58.ts';
import { isOnCurve } from './ed25519-curve.ts';

/**
 * Keypair-style addresses (wallets, mints) and signatures from a seeded stream. A public key is a point on
 * ed25519; about half of all 32-byte strings decode to one, and a uniformly drawn one is indistinguishable from
 * a real key, so draws are repeated until one is on the curve (no private key exists: nothing is ever signed).
 */
export function keypairAddress(rng: SeededRandom): string {
  for (;;) {
    const bytes = rng.bytes(32);
    if (isOnCurve(bytes)) return encodeBase58(bytes);
  }
}

/**
 * 64 random bytes with a running counter folded into the last six, so signatures are unique within an
 * archive by construction, not only with overwhelming probability.
 */
export function signature(rng: SeededRandom, counter: number): string {
  const bytes = rng.bytes(64);
  let c = counter;
  for (let i = 63; i >= 58; i -= 1) {
    bytes[i] = (bytes[i] ?? 0) ^ (c & 0xff);
    c = Math.floor(c / 256);
  }
  return encodeBase58(bytes);
}

/** A slot's blockhash: a hash of the seed and the slot, so every transaction of a slot may reference it. */
export function blockhash(seed: string, slot: bigint): string {
  return encodeBase58(new Uint8Array(createHash('sha256').update(`blockhash:${seed}:${slot}`).digest()));
}
