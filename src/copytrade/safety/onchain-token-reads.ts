import { getAddressDecoder } from '@solana/kit';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import type { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import { fromSource } from './safety-source-error.ts';

export interface MintAuthorities {
  readonly mint: string;
  /** Token program owning the mint (SPL Token or Token-2022). */
  readonly program: string;
  /** Null = revoked: nobody can mint more. */
  readonly mintAuthority: string | null;
  /** Null = revoked: nobody can freeze a holder's account (and so stop them selling). */
  readonly freezeAuthority: string | null;
}

export interface TopHolderShare {
  readonly mint: string;
  /** How many accounts were summed (fewer than asked when the mint has fewer holders). */
  readonly holders: number;
  readonly topAmountRaw: bigint;
  readonly supplyRaw: bigint;
}

/** Port: the two on-chain facts the score reads itself rather than trusting a vendor. */
export interface OnchainTokenReads {
  getMintAuthorities(mint: string): Promise<MintAuthorities>;
  /** The `n` largest token accounts' total against the supply; `n` ≤ 20 (the node's fixed maximum). */
  getTopHolderShare(mint: string, n: number): Promise<TopHolderShare>;
}

export const SPL_TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
/** getTokenLargestAccounts answers at most 20 accounts. */
export const MAX_LARGEST_ACCOUNTS = 20;

const parsedMint = z.object({
  type: z.literal('mint'),
  info: z.object({ mintAuthority: z.string().nullable(), freezeAuthority: z.string().nullable() }),
});

const addressDecoder = getAddressDecoder();

/**
 * The 82-byte base layout shared by SPL Token and Token-2022 mints: COption<Pubkey> mint authority (u32 tag
 * + 32 bytes), u64 supply, u8 decimals, bool initialized, COption<Pubkey> freeze authority. Read when a node
 * answers base64 instead of jsonParsed (it does so for accounts it cannot parse).
 */
export function decodeMintAuthorities(bytes: Uint8Array): {
  mintAuthority: string | null;
  freezeAuthority: string | null;
} {
  if (bytes.length < 82) throw new Error(`mint account of ${bytes.length} bytes, expected at least 82`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const option = (offset: number): string | null => {
    const tag = view.getUint32(offset, true);
    if (tag === 0) return null;
    if (tag !== 1) throw new Error(`COption tag ${tag} at byte ${offset}`);
    return addressDecoder.decode(bytes.subarray(offset + 4, offset + 36));
  };
  if (bytes[45] !== 1) throw new Error('mint account is not initialized');
  return { mintAuthority: option(0), freezeAuthority: option(46) };
}

/**
 * OnchainTokenReads over our SolanaRpc: `getAccountInfo` (jsonParsed) of the mint for its authorities,
 * `getTokenLargestAccounts` + `getTokenSupply` for the top-n share, all amounts as bigint. RPC failures
 * become SAFETY_SOURCE_UNAVAILABLE / SAFETY_RESPONSE_INVALID; a mint with no account SAFETY_MINT_NOT_FOUND.
 */
export function createRpcOnchainTokenReads(rpc: SolanaRpc): OnchainTokenReads {
  return {
    getMintAuthorities: (mint) =>
      fromSource('onchain', async () => {
        const { value } = await rpc.getAccountInfo(mint, { encoding: 'jsonParsed' });
        if (value === null) {
          throw new OofError('SAFETY_MINT_NOT_FOUND', `no account at mint ${mint}`, {
            source: 'onchain',
            mint,
          });
        }
        if (value.owner !== SPL_TOKEN_PROGRAM && value.owner !== TOKEN_2022_PROGRAM) {
          throw new OofError('SAFETY_MINT_NOT_FOUND', `${mint} is not a token mint (owner ${value.owner})`, {
            source: 'onchain',
            mint,
            owner: value.owner,
          });
        }
        const authorities =
          value.data.encoding === 'jsonParsed'
            ? parsedMint.parse(value.data.parsed).info
            : decodeMintAuthorities(value.data.bytes);
        return {
          mint,
          program: value.owner,
          mintAuthority: authorities.mintAuthority,
          freezeAuthority: authorities.freezeAuthority,
        };
      }),
    getTopHolderShare: (mint, n) => {
      // A caller's mistake, not a source failure: thrown as is.
      if (!Number.isInteger(n) || n < 1 || n > MAX_LARGEST_ACCOUNTS) {
        throw new RangeError(`top-holder count ${n} outside 1..${MAX_LARGEST_ACCOUNTS}`);
      }
      return fromSource('onchain', async () => {
        const [largest, supply] = await Promise.all([
          rpc.getTokenLargestAccounts(mint),
          rpc.getTokenSupply(mint),
        ]);
        // The node sorts largest first; sorting again keeps the sum right if a relay does not.
        const top = [...largest.value]
          .sort((a, b) => (a.amount === b.amount ? 0 : a.amount > b.amount ? -1 : 1))
          .slice(0, n);
        return {
          mint,
          holders: top.length,
          topAmountRaw: top.reduce((sum, h) => sum + h.amount, 0n),
          supplyRaw: supply.value.amount,
        };
      });
    },
  };
}
