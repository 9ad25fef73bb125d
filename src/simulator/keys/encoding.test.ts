import { getBase58Decoder, isOffCurveAddress, type Address } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/seeded-random.ts';
import { keypairAddress, signature } from './address-factory.ts';
import { decodeBase58, encodeBase58 } from './base58.ts';
import { isOnCurve } from './ed25519-curve.ts';

const kitBase58 = getBase58Decoder();

describe('address encoding', () => {
  it('encodes base58 exactly as @solana/kit, for every length the simulator writes, and decodes it back', () => {
    const r = new SeededRandom('base58');
    for (const length of [0, 1, 5, 12, 32, 47, 48, 64, 137, 200, 368]) {
      for (let i = 0; i < 20; i += 1) {
        const bytes = r.bytes(length);
        if (i % 5 === 0 && length > 2) bytes.fill(0, 0, 2);
        const text = encodeBase58(bytes);
        expect(text).toBe(kitBase58.decode(bytes));
        expect([...decodeBase58(text)]).toEqual([...bytes]);
      }
    }
  });

  it('tells on-curve from off-curve points as @solana/kit does', () => {
    const r = new SeededRandom('curve');
    let on = 0;
    for (let i = 0; i < 2_000; i += 1) {
      const bytes = r.bytes(32);
      const kitOn = !isOffCurveAddress(kitBase58.decode(bytes) as Address);
      expect(isOnCurve(bytes)).toBe(kitOn);
      if (kitOn) on += 1;
    }
    expect(on).toBeGreaterThan(800);
    expect(on).toBeLessThan(1_200);
  });

  it('makes wallet addresses on the curve and unique 64-byte signatures', () => {
    const r = new SeededRandom('keys');
    for (let i = 0; i < 50; i += 1) expect(isOffCurveAddress(keypairAddress(r) as Address)).toBe(false);
    const sigs = new Set(Array.from({ length: 2_000 }, (_, i) => signature(r, i)));
    expect(sigs.size).toBe(2_000);
    for (const s of [...sigs].slice(0, 20)) expect(decodeBase58(s)).toHaveLength(64);
  });
});
