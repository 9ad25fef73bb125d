import type { CurveReserves } from '../curve/bonding-curve-math.ts';

/**
 * The Pump.fun `BondingCurve` account (Anchor): 8-byte discriminator, then virtual_token_reserves,
 * virtual_sol_reserves, real_token_reserves, real_sol_reserves, token_total_supply (u64 LE each), complete
 * (bool); later versions append the creator and flags, which the radar does not need.
 */
export interface BondingCurveState extends CurveReserves {
  readonly tokenTotalSupply: bigint;
}

const DISCRIMINATOR = Uint8Array.from([0x17, 0xb7, 0xf8, 0x37, 0x60, 0xd8, 0xac, 0x60]);
const MIN_SIZE = 8 + 5 * 8 + 1;

/** The state of a bonding-curve account, or null when the bytes are not one. */
export function decodeBondingCurveAccount(data: Uint8Array): BondingCurveState | null {
  if (data.length < MIN_SIZE) return null;
  for (let i = 0; i < 8; i++) if (data[i] !== DISCRIMINATOR[i]) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u64 = (offset: number) => view.getBigUint64(offset, true);
  const complete = data[48];
  if (complete !== 0 && complete !== 1) return null;
  return {
    virtualToken: u64(8),
    virtualSol: u64(16),
    realToken: u64(24),
    realSol: u64(32),
    tokenTotalSupply: u64(40),
    complete: complete === 1,
  };
}
