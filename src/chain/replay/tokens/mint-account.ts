import { getBase58Decoder, getBase58Encoder } from '@solana/kit';
import type { AccountLine } from '../../archive/archive-lines.ts';

export const SPL_TOKEN_PROGRAM_ID = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM_ID = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
/** SPL Token's `Mint::LEN`: a mint account without Token-2022 extensions. */
export const MINT_ACCOUNT_LEN = 82;

const base58 = getBase58Decoder();
const base58Encoder = getBase58Encoder();

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

/** Rent-exempt minimum of an 82-byte account ((82 + 128) × 3480 lamports/byte-year × 2 years). */
export const MINT_RENT_EXEMPT_LAMPORTS = 1_461_600;
const U64_MAX = 18_446_744_073_709_551_615n;

/**
 * The getAccountInfo value of a mint the archive built by instructions but did not record: its 82 bytes in
 * the SPL layout, owned by its token program, holding the rent-exempt minimum (what a mint account holds
 * unless someone sent it more), `rentEpoch` u64::MAX as nodes report for rent-exempt accounts.
 */
export function mintAccountLine(address: string, slot: string, mint: MintAccount): AccountLine {
  const bytes = Buffer.alloc(MINT_ACCOUNT_LEN);
  const option = (offset: number, key: string | null): void => {
    if (key === null) return;
    bytes.writeUInt32LE(1, offset);
    Buffer.from(base58Encoder.encode(key)).copy(bytes, offset + 4);
  };
  option(0, mint.mintAuthority);
  bytes.writeBigUInt64LE(mint.supply, 36);
  bytes[44] = mint.decimals;
  bytes[45] = mint.isInitialized ? 1 : 0;
  option(46, mint.freezeAuthority);
  return {
    address,
    slot,
    encoding: 'base64',
    value: {
      data: [bytes.toString('base64'), 'base64'],
      executable: false,
      lamports: MINT_RENT_EXEMPT_LAMPORTS,
      owner: mint.program === 'spl-token' ? SPL_TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID,
      rentEpoch: U64_MAX,
      space: MINT_ACCOUNT_LEN,
    },
  };
}
