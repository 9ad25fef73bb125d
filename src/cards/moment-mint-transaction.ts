import {
  AccountRole,
  address,
  appendTransactionMessageInstruction,
  blockhash,
  compileTransaction,
  createTransactionMessage,
  getAddressEncoder,
  getBase64EncodedWireTransaction,
  getProgramDerivedAddress,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
  type Address,
  type Instruction,
} from '@solana/kit';
import type { MomentKind } from '../analytics/detectors/moment.ts';
import { OofError } from '../core/errors/oof-error.ts';
import { MOMENT_TITLES } from './moment-headline.ts';

/**
 * An unsigned transaction minting a moment as a compressed NFT with Metaplex Bubblegum `mint_v1`
 * (program BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY). Layout from the Bubblegum IDL (mpl-bubblegum
 * `idls/bubblegum.json`, the generated `mintV1` client): discriminator = sha256("global:mint_v1")[0..8];
 * accounts tree_authority (w), leaf_owner, leaf_delegate, merkle_tree (w), payer (s), tree_delegate (s),
 * log_wrapper (SPL Noop), compression_program (SPL Account Compression), system_program; one argument,
 * `MetadataArgs` in Borsh.
 */
export const BUBBLEGUM_PROGRAM = address('BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY');
export const SPL_NOOP_PROGRAM = address('noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV');
export const SPL_ACCOUNT_COMPRESSION_PROGRAM = address('cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK');
export const SYSTEM_PROGRAM = address('11111111111111111111111111111111');
export const MINT_V1_DISCRIMINATOR = new Uint8Array([145, 98, 192, 118, 184, 147, 118, 104]);

/** Token Metadata limits Bubblegum enforces on `MetadataArgs` (`assert_metadata_is_mpl_compatible`). */
const MAX_NAME_BYTES = 32;
const MAX_SYMBOL_BYTES = 10;
const MAX_URI_BYTES = 200;

export interface MomentNftMetadata {
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  /** Royalties in basis points (0–10000); moments are souvenirs, so 0 by default. */
  readonly sellerFeeBasisPoints?: number;
  /** Unverified creators (a verified creator would have to sign); shares sum to 100 when any. */
  readonly creators?: readonly { readonly address: string; readonly share: number }[];
}

export interface MomentMintParams {
  readonly moment: { readonly kind: MomentKind; readonly symbol: string | null };
  /** The wallet that receives the cNFT, signs and pays the fee. */
  readonly owner: string;
  /** The Bubblegum merkle tree. */
  readonly tree: string;
  /** The tree's delegate (signs the mint); the owner when the tree is public. */
  readonly treeDelegate?: string;
  /** URL of the off-chain JSON metadata (name, image = the card PNG URL, attributes). */
  readonly metadataUri: string;
  readonly latestBlockhash: { readonly blockhash: string; readonly lastValidBlockHeight: bigint };
}

const utf8 = new TextEncoder();

/** The longest prefix of `s` within `maxBytes` of UTF-8, never cutting a character. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8.encode(out + ch).length > maxBytes) break;
    out += ch;
  }
  return out;
}

/** Name "OOF Sold too early BONK" (≤ 32 bytes), symbol "OOF". */
export function momentNftMetadata(moment: MomentMintParams['moment'], uri: string): MomentNftMetadata {
  const symbol = (moment.symbol ?? '').trim();
  return {
    name: truncateUtf8(
      `OOF ${MOMENT_TITLES[moment.kind]}${symbol === '' ? '' : ` ${symbol}`}`,
      MAX_NAME_BYTES,
    ),
    symbol: 'OOF',
    uri,
  };
}

/** Borsh `MetadataArgs` (field order of the IDL). */
export function encodeMetadataArgs(m: MomentNftMetadata): Uint8Array {
  const parts: number[] = [];
  const u8 = (v: number): void => void parts.push(v & 0xff);
  const u16 = (v: number): void => void parts.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (v: number): void =>
    void parts.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  const str = (s: string, max: number, field: string): void => {
    const bytes = utf8.encode(s);
    if (bytes.length > max) {
      throw new OofError(
        'INVARIANT_BROKEN',
        `cNFT ${field} is ${bytes.length} bytes; Bubblegum allows ${max}.`,
        {
          field,
        },
      );
    }
    u32(bytes.length);
    parts.push(...bytes);
  };
  const fee = m.sellerFeeBasisPoints ?? 0;
  if (!Number.isInteger(fee) || fee < 0 || fee > 10_000) {
    throw new OofError('INVARIANT_BROKEN', `seller fee ${fee} bps is outside 0–10000.`, { fee });
  }
  str(m.name, MAX_NAME_BYTES, 'name');
  str(m.symbol, MAX_SYMBOL_BYTES, 'symbol');
  str(m.uri, MAX_URI_BYTES, 'uri');
  u16(fee);
  u8(0); // primary_sale_happened: false
  u8(1); // is_mutable: true (the metadata JSON can be refreshed when a provisional moment is finalized)
  u8(0); // edition_nonce: None
  u8(1); // token_standard: Some(
  u8(0); //   NonFungible)
  u8(0); // collection: None
  u8(0); // uses: None
  u8(0); // token_program_version: Original
  const creators = m.creators ?? [];
  u32(creators.length);
  const enc = getAddressEncoder();
  for (const c of creators) {
    parts.push(...enc.encode(address(c.address)));
    u8(0); // verified: false (a verified creator must sign the mint)
    u8(c.share);
  }
  return new Uint8Array(parts);
}

/** The tree's config account: the PDA of Bubblegum with seeds `[merkle_tree]`. */
export async function treeConfigAddress(tree: string): Promise<Address> {
  const [pda] = await getProgramDerivedAddress({
    programAddress: BUBBLEGUM_PROGRAM,
    seeds: [getAddressEncoder().encode(address(tree))],
  });
  return pda;
}

export async function momentMintInstruction(params: MomentMintParams): Promise<Instruction> {
  const owner = address(params.owner);
  const tree = address(params.tree);
  const metadata = momentNftMetadata(params.moment, params.metadataUri);
  const args = encodeMetadataArgs(metadata);
  const data = new Uint8Array(MINT_V1_DISCRIMINATOR.length + args.length);
  data.set(MINT_V1_DISCRIMINATOR, 0);
  data.set(args, MINT_V1_DISCRIMINATOR.length);
  return {
    programAddress: BUBBLEGUM_PROGRAM,
    accounts: [
      { address: await treeConfigAddress(tree), role: AccountRole.WRITABLE },
      { address: owner, role: AccountRole.READONLY }, // leaf_owner
      { address: owner, role: AccountRole.READONLY }, // leaf_delegate: the owner
      { address: tree, role: AccountRole.WRITABLE },
      { address: owner, role: AccountRole.READONLY_SIGNER }, // payer
      { address: address(params.treeDelegate ?? params.owner), role: AccountRole.READONLY_SIGNER },
      { address: SPL_NOOP_PROGRAM, role: AccountRole.READONLY },
      { address: SPL_ACCOUNT_COMPRESSION_PROGRAM, role: AccountRole.READONLY },
      { address: SYSTEM_PROGRAM, role: AccountRole.READONLY },
    ],
    data,
  };
}

/**
 * The unsigned v0 transaction, base64 wire format, for the owner's wallet to sign and send (and the tree
 * delegate to co-sign when the tree is not public). Fee payer: the owner.
 */
export async function buildMomentMintTransaction(params: MomentMintParams): Promise<string> {
  const ix = await momentMintInstruction(params);
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(address(params.owner), m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        {
          blockhash: blockhash(params.latestBlockhash.blockhash),
          lastValidBlockHeight: params.latestBlockhash.lastValidBlockHeight,
        },
        m,
      ),
    (m) => appendTransactionMessageInstruction(ix, m),
  );
  return getBase64EncodedWireTransaction(compileTransaction(message));
}
