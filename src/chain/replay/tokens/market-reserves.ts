import { getBase58Decoder } from '@solana/kit';
import { SOL_MINT } from '../../../domain/mints.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';
import type { TokenLedger } from './token-ledger.ts';

export const PUMPFUN_PROGRAM_ID = '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P';
export const PUMPSWAP_PROGRAM_ID = 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA';

const base58 = getBase58Decoder();

/** The reserves of a mint's live market, read from the archive: the token side and the SOL side. */
export interface MarketReserves {
  readonly kind: 'pumpswap' | 'pumpfun';
  /** The pool (PumpSwap) or bonding curve (pump.fun) account. */
  readonly market: string;
  readonly tokenVault: string;
  readonly tokenRaw: bigint;
  readonly tokenDecimals: number;
  readonly lamports: bigint;
}

function recordedBytes(archive: ArchiveReader, address: string): { owner: unknown; bytes: Buffer } | null {
  const line = archive.account(address);
  const value = line?.value;
  if (line === undefined || value === null || value === undefined || line.encoding !== 'base64') return null;
  const data = value.data;
  const b64 = Array.isArray(data) && typeof data[0] === 'string' ? data[0] : null;
  return b64 === null ? null : { owner: value.owner, bytes: Buffer.from(b64, 'base64') };
}

/**
 * A mint's market as the archive records it. Among the token accounts of the mint (TokenLedger), one owned
 * by a recorded PumpSwap `Pool` whose base mint is this mint and base vault is that account (layout: 8-byte
 * discriminator, u8 bump, u16 index, creator @11, base mint @43, quote mint @75, LP mint @107, base vault @139,
 * quote vault @171) gives the token reserve, and the pool's WSOL quote vault balance the SOL reserve. Else
 * one owned by a recorded pump.fun `BondingCurve` still trading (layout: discriminator, virtual token,
 * virtual SOL, real token, real SOL @32, supply, complete @48) gives the token reserve, and its `realSolReserves`
 * the SOL side. Null when the archive records neither (e.g. mainnet recordings without these accounts).
 */
export function marketReserves(
  archive: ArchiveReader,
  ledger: TokenLedger,
  mint: string,
): MarketReserves | null {
  let curve: MarketReserves | null = null;
  for (const h of ledger.holdings(mint)) {
    if (h.owner === null) continue;
    const owner = recordedBytes(archive, h.owner);
    if (owner === null) continue;
    const b = owner.bytes;
    if (owner.owner === PUMPSWAP_PROGRAM_ID && b.length >= 211) {
      const baseMint = base58.decode(b.subarray(43, 75));
      const quoteMint = base58.decode(b.subarray(75, 107));
      const baseVault = base58.decode(b.subarray(139, 171));
      const quoteVault = base58.decode(b.subarray(171, 203));
      if (baseMint !== mint || quoteMint !== SOL_MINT || baseVault !== h.address) continue;
      const quote = ledger.balanceOf(quoteVault, SOL_MINT);
      if (quote === undefined) continue;
      return {
        kind: 'pumpswap',
        market: h.owner,
        tokenVault: h.address,
        tokenRaw: h.amount,
        tokenDecimals: h.decimals,
        lamports: quote.amount,
      };
    }
    if (curve === null && owner.owner === PUMPFUN_PROGRAM_ID && b.length >= 49 && b[48] === 0) {
      curve = {
        kind: 'pumpfun',
        market: h.owner,
        tokenVault: h.address,
        tokenRaw: h.amount,
        tokenDecimals: h.decimals,
        lamports: b.readBigUInt64LE(32),
      };
    }
  }
  return curve;
}
