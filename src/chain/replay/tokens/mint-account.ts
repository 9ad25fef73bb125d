import { getBase58Decoder } from '@solana/kit';
import type { AccountLine } from '../../archive/archive-lines.ts';

export const SPL_TOKEN_PROGRAM_ID = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM_ID = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
/** SPL Token's `Mint::LEN`: a mint account without Token-2022 extensions. */
export const MINT_ACCOUNT_LEN = 82;

const base58 = getBase58Decoder();

/** An SPL mint account's fields, as `jsonParsed` names them. */
export interface MintAccount {
  readonly program: 'spl-token' | 'spl-token-2022';
  readonly mintAuthority: string | null;
  readonly freezeAuthority: string | null;
  readonly supply: bigint;
  readonly decimals: number;
  readonly isInitialized: boolean;
}

/**
 * The mint of a recorded account (base64 bytes, SPL Token layout: COption<Pubkey> mint authority, u64 supply,
 * u8 decimals, bool initialized, COption<Pubkey> freeze authority), or null when the account is not an
 * 82-byte mint of a token program (Token-2022 mints with extensions are not parsed here).
 */
export function decodeMintAccount(line: AccountLine): MintAccount | null {
  const value = line.value;
  if (value === null || line.encoding !== 'base64') return null;
  const owner = value.owner;
  if (owner !== SPL_TOKEN_PROGRAM_ID && owner !== TOKEN_2022_PROGRAM_ID) return null;
  const data = value.data;
  const b64 = Array.isArray(data) && typeof data[0] === 'string' ? data[0] : null;
  if (b64 === null) return null;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== MINT_ACCOUNT_LEN) return null;
  const option = (offset: number): string | null | undefined => {
    const tag = bytes.readUInt32LE(offset);
    if (tag === 0) return null;
    if (tag !== 1) return undefined;
    return base58.decode(bytes.subarray(offset + 4, offset + 36));
  };
  const mintAuthority = option(0);
  const freezeAuthority = option(46);
  if (mintAuthority === undefined || freezeAuthority === undefined) return null;
  return {
    program: owner === SPL_TOKEN_PROGRAM_ID ? 'spl-token' : 'spl-token-2022',
    mintAuthority,
    freezeAuthority,
    supply: bytes.readBigUInt64LE(36),
    decimals: bytes[44] as number,
    isInitialized: bytes[45] === 1,
  };
}

/** The node's `jsonParsed` data of a mint account. */
export function jsonParsedMint(mint: MintAccount): Record<string, unknown> {
  return {
    program: mint.program,
    parsed: {
      info: {
        decimals: mint.decimals,
        freezeAuthority: mint.freezeAuthority,
        isInitialized: mint.isInitialized,
        mintAuthority: mint.mintAuthority,
        supply: mint.supply.toString(),
      },
      type: 'mint',
    },
    space: MINT_ACCOUNT_LEN,
  };
}
