import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../../decoder/events/recorded-data.fixture.ts';
import { decodeBondingCurveAccount } from './bonding-curve-account.ts';

describe('decodeBondingCurveAccount', () => {
  // chainstack-pump-fun-bot: a real getAccountInfo of a pump.fun bonding curve (49 bytes, 2024-08).
  const recorded = readSharedJson(
    'chainstack-pump-fun-bot/learning-examples/raw_bondingCurve_from_getAccountInfo.json',
  ) as { result: { value: { data: [string, string] } } };
  const bytes = Buffer.from(recorded.result.value.data[0], 'base64');

  it('reads the reserves of a recorded curve, which keep the curve invariants', () => {
    const s = decodeBondingCurveAccount(bytes);
    expect(s).not.toBeNull();
    // Virtual minus real reserves are the launch constants: 30 SOL and 279,900,000 tokens (6 decimals).
    expect((s?.virtualSol ?? 0n) - (s?.realSol ?? 0n)).toBe(30_000_000_000n);
    expect((s?.virtualToken ?? 0n) - (s?.realToken ?? 0n)).toBe(279_900_000_000_000n);
    expect(s?.tokenTotalSupply).toBe(1_000_000_000_000_000n);
    expect(s?.complete).toBe(false);
  });

  it('refuses bytes of another account or a cut one', () => {
    expect(decodeBondingCurveAccount(bytes.subarray(0, 40))).toBeNull();
    const other = Uint8Array.from(bytes);
    other[0] = (other[0] ?? 0) ^ 0xff;
    expect(decodeBondingCurveAccount(other)).toBeNull();
  });
});
