import { getCompiledTransactionMessageDecoder, getTransactionDecoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import {
  buildMomentMintTransaction,
  encodeMetadataArgs,
  momentMintInstruction,
  momentNftMetadata,
  treeConfigAddress,
  truncateUtf8,
} from './moment-mint-transaction.ts';

const OWNER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const TREE = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263';
const DELEGATE = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const URI = 'https://oof.example/m/1.json';
const params = {
  moment: { kind: 's2e' as const, symbol: 'BONK' },
  owner: OWNER,
  tree: TREE,
  metadataUri: URI,
  latestBlockhash: { blockhash: TREE, lastValidBlockHeight: 123n },
};
const le32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const bytes = (s: string): number[] => [...Buffer.from(s, 'utf8')];

describe('Bubblegum mint_v1 of a moment', () => {
  it('serializes the discriminator and MetadataArgs byte for byte', async () => {
    const ix = await momentMintInstruction(params);
    const name = 'OOF Sold too early BONK';
    expect([...(ix.data ?? [])]).toEqual([
      ...[145, 98, 192, 118, 184, 147, 118, 104], // sha256("global:mint_v1")[0..8]
      ...le32(name.length),
      ...bytes(name),
      ...le32(3),
      ...bytes('OOF'),
      ...le32(URI.length),
      ...bytes(URI),
      ...[0, 0], // seller_fee_basis_points u16
      0, // primary_sale_happened
      1, // is_mutable
      0, // edition_nonce None
      ...[1, 0], // token_standard Some(NonFungible)
      0, // collection None
      0, // uses None
      0, // token_program_version Original
      ...le32(0), // creators: empty vec
    ]);
  });

  it('lists the IDL accounts in order with their roles', async () => {
    const ix = await momentMintInstruction({ ...params, treeDelegate: DELEGATE });
    expect(ix.accounts?.map((a) => [a.address, a.role])).toEqual([
      [await treeConfigAddress(TREE), 1], // writable
      [OWNER, 0], // leaf_owner
      [OWNER, 0], // leaf_delegate
      [TREE, 1], // merkle_tree, writable
      [OWNER, 2], // payer, signer
      [DELEGATE, 2], // tree_delegate, signer
      ['noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV', 0],
      ['cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK', 0],
      ['11111111111111111111111111111111', 0],
    ]);
    expect(ix.programAddress).toBe('BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY');
    expect(await treeConfigAddress(TREE)).not.toBe(TREE);
  });

  it('builds an unsigned v0 transaction paid by the owner, with a slot for each signer', async () => {
    const wire = await buildMomentMintTransaction({ ...params, treeDelegate: DELEGATE });
    const tx = getTransactionDecoder().decode(Buffer.from(wire, 'base64'));
    expect(Object.keys(tx.signatures)).toEqual([OWNER, DELEGATE]);
    expect(Object.values(tx.signatures).every((s) => s === null)).toBe(true);
    const msg = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
    expect(msg.version).toBe(0);
    if (!('instructions' in msg)) throw new Error('not a v0 message');
    expect(msg.staticAccounts[0]).toBe(OWNER);
    expect(msg.header).toEqual({
      numSignerAccounts: 2,
      numReadonlySignerAccounts: 1,
      numReadonlyNonSignerAccounts: 4,
    });
    expect(msg.lifetimeToken).toBe(TREE);
    const [ix] = msg.instructions;
    expect(msg.staticAccounts[ix?.programAddressIndex ?? -1]).toBe(
      'BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY',
    );
    expect(ix?.accountIndices?.map((i) => msg.staticAccounts[i])).toEqual(
      (await momentMintInstruction({ ...params, treeDelegate: DELEGATE })).accounts?.map((a) => a.address),
    );
  });

  it('keeps names within 32 bytes and refuses a URI Bubblegum would reject', () => {
    expect(momentNftMetadata({ kind: 'bhd', symbol: 'SUPERLONGSYMBOL' }, URI).name).toBe(
      'OOF Bag-holder drawdown SUPERLON',
    );
    expect(truncateUtf8('ééé', 5)).toBe('éé');
    let error: unknown;
    try {
      encodeMetadataArgs({ name: 'x', symbol: 'OOF', uri: `https://x/${'a'.repeat(200)}` });
    } catch (e) {
      error = e;
    }
    expect(isOofError(error, 'INVARIANT_BROKEN')).toBe(true);
  });
});
