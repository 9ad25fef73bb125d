import type { AccountLine } from '../../chain/archive/archive-lines.ts';
import type { AccountState } from '../chain/account-state.ts';
import { anchorAccount, ByteWriter } from '../chain/byte-writer.ts';
import { PROGRAM, WSOL_MINT } from '../chain/well-known.ts';
import { TOKEN_DECIMALS, TOKEN_TOTAL_SUPPLY } from '../../launch/curve/bonding-curve-math.ts';
import { CANONICAL_POOL_INDEX } from '../pumpfun/pump-token-accounts.ts';
import type { SimToken } from '../market/token-book.ts';

/** u64::MAX: what nodes report as `rentEpoch` of rent-exempt accounts. */
const RENT_EPOCH = 18_446_744_073_709_551_615n;

/**
 * getAccountInfo (base64) of each token's mint, bonding curve and, once migrated, PumpSwap pool, as they stand at
 * the end of the period: the accounts the launch radar reads and subscribes to. Layouts: SPL Mint (82 bytes,
 * mint authority revoked), pump.fun `BondingCurve` (49 bytes before May 2025), PumpSwap `Pool` (211 bytes).
 */
export function simulatedAccounts(
  tokens: readonly SimToken[],
  state: AccountState,
  slot: bigint,
): AccountLine[] {
  const out: AccountLine[] = [];
  const line = (address: string, owner: string, data: Uint8Array): AccountLine => ({
    address,
    slot: slot.toString(),
    encoding: 'base64',
    value: {
      data: [Buffer.from(data).toString('base64'), 'base64'],
      executable: false,
      lamports: Number(state.lamports(address)),
      owner,
      rentEpoch: RENT_EPOCH,
      space: data.length,
    },
  });
  for (const t of tokens) {
    if (t.phase === 'scheduled') continue;
    const a = t.accounts;
    const mint = new ByteWriter(82)
      .u32(0)
      .bytes(new Uint8Array(32))
      .u64(TOKEN_TOTAL_SUPPLY)
      .u8(TOKEN_DECIMALS)
      .bool(true)
      .u32(0)
      .bytes(new Uint8Array(32));
    out.push(line(a.mint, PROGRAM.token, mint.done()));
    const c = t.curve;
    const curve = anchorAccount('BondingCurve')
      .u64(c.virtualToken)
      .u64(c.virtualSol)
      .u64(c.realToken)
      .u64(c.realSol)
      .u64(TOKEN_TOTAL_SUPPLY)
      .bool(c.complete);
    out.push(line(a.bondingCurve, PROGRAM.pumpfun, curve.done()));
    if (t.phase === 'amm') {
      const pool = anchorAccount('Pool')
        .u8(a.poolBump)
        .u16(CANONICAL_POOL_INDEX)
        .pubkey(a.poolAuthority)
        .pubkey(a.mint)
        .pubkey(WSOL_MINT)
        .pubkey(a.lpMint)
        .pubkey(a.poolBaseTokenAccount)
        .pubkey(a.poolQuoteTokenAccount)
        .u64(t.lpSupply);
      out.push(line(a.pool, PROGRAM.pumpswap, pool.done()));
    }
  }
  return out.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}
