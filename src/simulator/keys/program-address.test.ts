import { getProgramDerivedAddress, type Address } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { PROGRAM } from '../chain/well-known.ts';
import { pumpTokenAccounts } from '../pumpfun/pump-token-accounts.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { encodeBase58 } from './base58.ts';
import { addressBytes, associatedTokenAddress, findProgramAddress } from './program-address.ts';

describe('program-derived addresses', () => {
  it('equal @solana/kit getProgramDerivedAddress', async () => {
    const rng = new SeededRandom('pda-test');
    for (let i = 0; i < 50; i += 1) {
      const a = rng.bytes(32);
      const b = rng.bytes(32);
      const ours = findProgramAddress([a, Uint8Array.of(i), b], PROGRAM.pumpswap);
      const [kitAddress, kitBump] = await getProgramDerivedAddress({
        programAddress: PROGRAM.pumpswap as Address,
        seeds: [a, Uint8Array.of(i), b],
      });
      expect(ours).toEqual({ address: kitAddress, bump: kitBump });
    }
  });

  // A real migration (jiangxiaop-solana-swap-scan/test/pumpswap/pumpswap-create.json, June 2025): the seeds
  // give exactly the accounts the transaction used.
  it('derive the accounts of a real pump.fun → PumpSwap migration', () => {
    const accounts = pumpTokenAccounts('npB9cxTzwUiGt7jk2dXZa52xZve8SgVD6Et9Bpipump');
    expect(accounts).toMatchObject({
      bondingCurve: '8qoeYoeWG5ifYKp2uAdq7du8zsMB4AbZN7qqbdZnXbaH',
      associatedBondingCurve: '89EcMVYyX9egKDLCdvuKuUjp7iU8ypgxszfr8RJ53qyP',
      poolAuthority: 'DvKykSGS4HQXpuXogbfWAoNYTPLWJfTLtPz4xBy9N5fh',
      pool: 'Ef7wUrbarRXHNMMgBs8cstSkzRttnstjMsniaq7zMp6j',
      lpMint: 'B88Rh9j2qfakyhY8ZxkfejFRp1B56BMyHcAQ6D61rERS',
      poolAuthorityLpAccount: 'FrX9vdTBsKGZdkSrpj5djZUHgPoPwHjRs4YA1VMeCSYe',
      poolBaseTokenAccount: '4ujxrswYaeC8LMfHxmcm8nCH6DH1AL96rUjQcBqjQ9Gy',
      poolQuoteTokenAccount: '66PLSijLEyjwqdCKbhUGY3BbixsxzMV8QmsA74ncvKXW',
      poolAuthorityMintAccount: '72bNQ2WMC4Ahq8LkXpNYgc5Ttd2yJXxvoAbmNpeKQAvg',
      poolAuthorityWsolAccount: 'DggbxKJpVrnwqSqLRQiNaZo2itpkurYYRK4pzPLCNEfw',
    });
  });

  it('give the associated token account of a recorded pump.fun buy', () => {
    // 0xjeffro-tx-parser pumpfun_buy_0.json: the user's new token account for mint D66sbPtY….
    expect(
      associatedTokenAddress(
        'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE',
        'D66sbPtYqLnwPYcUqjDktrQtb52CnfF77C3sdpNpR8Si',
        PROGRAM.token,
      ),
    ).toBe('9QhdKzS2L6rdgiajWGxqX7jD1sWVn6WQfog66s3oqdDE');
    expect(encodeBase58(addressBytes(PROGRAM.token))).toBe(PROGRAM.token);
  });
});
