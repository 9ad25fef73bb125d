import { describe, expect, it } from 'vitest';
import type { NormalizedTransaction } from '../../src/decoder/transaction/normalized-transaction.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { launchFactsOf } from '../../src/launch/pipeline/launch-facts.ts';

// No Raydium migration of a pump.fun token is recorded in ../shared/data: this checks the rule on the one
// instruction it reads (Raydium AMM v4 `initialize2`, tag 1; accounts 4 = amm, 8 = coin mint, 9 = pc mint).
const RAYDIUM_AMM_V4 = '675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8';
const MINT = '5dNYcCZXEGfGgbdUdq7MMR7KLsNJLLLgL83wLH8Fpump';
const AMM = 'AMMpoo1111111111111111111111111111111111111';

const accounts = (coin: string, pc: string) =>
  ['t', 'a', 's', 'r', AMM, 'auth', 'oo', 'lp', coin, pc, 'cv', 'pv'].map((a, i) =>
    a.length > 3 ? a : `${a}${i}`,
  );

function tx(tag: number, coin: string, pc: string, failed = false): NormalizedTransaction {
  return {
    signature: 'sig',
    slot: 10n,
    blockTime: 1_700_000_000,
    version: 0,
    failed,
    err: failed ? { InstructionError: [0, 'Custom'] } : null,
    feeLamports: 5000n,
    accountKeys: [],
    signers: ['migrator'],
    feePayer: 'migrator',
    preLamports: [],
    postLamports: [],
    preTokenBalances: [],
    postTokenBalances: [],
    instructions: [
      {
        programId: RAYDIUM_AMM_V4,
        accounts: accounts(coin, pc),
        data: Uint8Array.from([tag, 254, 0, 0, 0, 0, 0, 0, 0]),
        parsed: null,
        outerIndex: 0,
        innerIndex: null,
      },
    ],
    logMessages: [],
  };
}

describe('Raydium migration', () => {
  const launched = { poolMint: () => undefined, isLaunchMint: (m: string) => m === MINT };
  it('is an initialize2 pooling a launched mint against SOL, on either side', () => {
    const expected = [{ mint: MINT, venue: 'raydium', pool: AMM }];
    expect(launchFactsOf(tx(1, MINT, SOL_MINT), launched).migrations).toEqual(expected);
    expect(launchFactsOf(tx(1, SOL_MINT, MINT), launched).migrations).toEqual(expected);
  });

  it('is not another instruction, another mint, or a failed transaction', () => {
    expect(launchFactsOf(tx(9, MINT, SOL_MINT), launched).migrations).toEqual([]);
    expect(
      launchFactsOf(tx(1, 'OtherMint1111111111111111111111111111111111', SOL_MINT), launched).migrations,
    ).toEqual([]);
    expect(launchFactsOf(tx(1, MINT, SOL_MINT, true), launched).migrations).toEqual([]);
  });
});
