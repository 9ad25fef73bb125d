import { createHash } from 'node:crypto';
import { getAddressEncoder, getProgramDerivedAddress, type Address } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../action.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import {
  flag,
  int,
  lamportChange,
  loadRecordedTransaction,
  ownerMintDelta,
  recordedTransactionPaths,
  text,
} from './recorded-data.fixture.ts';

// Golden tests: every recorded pump.fun transaction, each event checked against what the transaction itself
// did (balances, instruction arguments), so a wrongly decoded layout cannot pass.

const PUMPFUN = '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P';
const ixDiscriminator = (name: string) =>
  createHash('sha256').update(`global:${name}`).digest().subarray(0, 8);
const BUY = ixDiscriminator('buy');
const SELL = ixDiscriminator('sell');
const CREATE = ixDiscriminator('create');
/** Rent-exempt minimum = (128 + data bytes) × 3480 lamports/byte-year × 2 years, a multiple of 6960. */
const RENT_LAMPORTS_PER_BYTE = 6960n;

const pumpfunInstructions = (tx: NormalizedTransaction, discriminator: Uint8Array) =>
  tx.instructions.filter(
    (ix) =>
      ix.programId === PUMPFUN &&
      ix.data !== null &&
      Buffer.from(ix.data.subarray(0, 8)).equals(discriminator),
  );

const bondingCurveOf = async (mint: string): Promise<string> =>
  (
    await getProgramDerivedAddress({
      programAddress: PUMPFUN as Address,
      seeds: ['bonding-curve', getAddressEncoder().encode(mint as Address)],
    })
  )[0];

/** The name, symbol and uri arguments of a pump.fun `create` instruction, read independently of our codecs. */
function createArguments(data: Uint8Array): [string, string, string] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 8;
  const next = () => {
    const length = view.getUint32(offset, true);
    const value = Buffer.from(data.subarray(offset + 4, offset + 4 + length)).toString('utf8');
    offset += 4 + length;
    return value;
  };
  return [next(), next(), next()];
}

const paths = recordedTransactionPaths(['pumpfun']);

describe('pump.fun events in the recorded transactions', () => {
  it('covers the recorded pump.fun transactions', () => {
    expect(paths.length).toBeGreaterThanOrEqual(17);
  });

  describe.each(paths)('%s', (path) => {
    const tx = loadRecordedTransaction(path);
    const events = decodeProgramEvents(tx);
    const trades = events.filter((e) => e.program === 'pumpfun' && e.name === 'TradeEvent');
    const creates = events.filter((e) => e.program === 'pumpfun' && e.name === 'CreateEvent');

    it('reports one TradeEvent per buy/sell instruction and one CreateEvent per create', () => {
      const tradeIxs = [...pumpfunInstructions(tx, BUY), ...pumpfunInstructions(tx, SELL)];
      expect(trades).toHaveLength(tradeIxs.length);
      expect(creates).toHaveLength(pumpfunInstructions(tx, CREATE).length);
      expect(trades.filter((t) => flag(t, 'isBuy'))).toHaveLength(pumpfunInstructions(tx, BUY).length);
    });

    it("moves each user's tokens of the mint by the trades' tokenAmount", () => {
      const expected = new Map<string, bigint>();
      for (const t of trades) {
        const key = `${text(t, 'user')}|${text(t, 'mint')}`;
        const signed = flag(t, 'isBuy') ? int(t, 'tokenAmount') : -int(t, 'tokenAmount');
        expected.set(key, (expected.get(key) ?? 0n) + signed);
      }
      for (const [key, amount] of expected) {
        const [user = '', mint = ''] = key.split('|');
        expect(tx.signers).toContain(user);
        expect(ownerMintDelta(tx, user, mint)).toBe(amount);
      }
    });

    it("moves the bonding curve's lamports by the trades' solAmount", async () => {
      const byCurve = new Map<string, bigint>();
      for (const t of trades) {
        const curve = await bondingCurveOf(text(t, 'mint'));
        const signed = flag(t, 'isBuy') ? int(t, 'solAmount') : -int(t, 'solAmount');
        byCurve.set(curve, (byCurve.get(curve) ?? 0n) + signed);
      }
      for (const [curve, solAmount] of byCurve) {
        const { pre, post } = lamportChange(tx, curve);
        if (pre > 0n) {
          expect(post - pre).toBe(solAmount);
        } else {
          // Curve created in this transaction: on top of the trades it received its rent-exempt deposit.
          const rent = post - solAmount;
          expect(rent).toBeGreaterThan(0n);
          expect(rent % RENT_LAMPORTS_PER_BYTE).toBe(0n);
        }
      }
    });

    it('keeps the constant product of the virtual reserves, up to rounding', () => {
      for (const t of trades) {
        const [sol, tokens] = [int(t, 'solAmount'), int(t, 'tokenAmount')];
        const [solAfter, tokensAfter] = [int(t, 'virtualSolReserves'), int(t, 'virtualTokenReserves')];
        const [solBefore, tokensBefore] = flag(t, 'isBuy')
          ? [solAfter - sol, tokensAfter + tokens]
          : [solAfter + sol, tokensAfter - tokens];
        const drift = solAfter * tokensAfter - solBefore * tokensBefore;
        expect(drift).toBeGreaterThanOrEqual(0n);
        // Rounding one lamport moves k by one token reserve and one token unit by one SOL reserve; the program
        // rounds in its own favour by less than one of each (a misread field is off by orders of magnitude).
        expect(drift).toBeLessThan(tokensAfter + solAfter);
      }
    });

    it('reports fees as ceil(solAmount × bps / 10 000) where the version carries them', () => {
      const ceilBps = (amount: bigint, bps: bigint) => (amount * bps + 9_999n) / 10_000n;
      for (const t of trades.filter((e) => 'fee' in e.data)) {
        expect(int(t, 'fee')).toBe(ceilBps(int(t, 'solAmount'), int(t, 'feeBasisPoints')));
        expect(int(t, 'creatorFee')).toBe(ceilBps(int(t, 'solAmount'), int(t, 'creatorFeeBasisPoints')));
      }
    });

    it("matches each CreateEvent to its create instruction's arguments and accounts", () => {
      pumpfunInstructions(tx, CREATE).forEach((ix, i) => {
        const event = creates[i] as ProgramEvent;
        const [name, symbol, uri] = createArguments(ix.data ?? new Uint8Array());
        expect({ name, symbol, uri }).toEqual({
          name: text(event, 'name'),
          symbol: text(event, 'symbol'),
          uri: text(event, 'uri'),
        });
        expect(text(event, 'mint')).toBe(ix.accounts[0]);
        expect(text(event, 'bondingCurve')).toBe(ix.accounts[2]);
        expect(text(event, 'user')).toBe(ix.accounts[7]);
        expect(tx.signers).toContain(text(event, 'user'));
        expect(tx.postTokenBalances.some((b) => b.mint === text(event, 'mint'))).toBe(true);
      });
    });
  });
});

describe('pump.fun to PumpSwap migration', () => {
  it('reports the migration and the pool it created, with the same amounts (pumpswap-create.json)', () => {
    const tx = loadRecordedTransaction('jiangxiaop-solana-swap-scan/test/pumpswap/pumpswap-create.json');
    const events = decodeProgramEvents(tx);
    expect(events.map((e) => `${e.program}.${e.name}`)).toEqual([
      'pumpswap.CreatePoolEvent',
      'pumpfun.CompletePumpAmmMigrationEvent',
      'pumpswap.BuyEvent',
    ]);
    const [pool, migration, buy] = events as [ProgramEvent, ProgramEvent, ProgramEvent];
    expect(text(migration, 'mint')).toBe(text(pool, 'baseMint'));
    expect(text(migration, 'pool')).toBe(text(pool, 'pool'));
    expect(int(migration, 'mintAmount')).toBe(int(pool, 'baseAmountIn'));
    expect(int(migration, 'solAmount')).toBe(int(pool, 'quoteAmountIn'));
    expect(text(pool, 'quoteMint')).toBe('So11111111111111111111111111111111111111112');
    // The first buy trades against exactly the liquidity the migration deposited.
    expect(int(buy, 'poolBaseTokenReserves')).toBe(int(pool, 'poolBaseAmount'));
    expect(int(buy, 'poolQuoteTokenReserves')).toBe(int(pool, 'poolQuoteAmount'));
    expect(ownerMintDelta(tx, text(pool, 'pool'), text(pool, 'baseMint'))).toBe(
      int(pool, 'poolBaseAmount') - int(buy, 'baseAmountOut'),
    );
  });

  it('reports no migration when the curve was already migrated (pumpfun-migrate.json)', () => {
    // Despite its name this file holds a `migrate` call that logs "Bonding curve already migrated" and does
    // nothing, followed by a PumpSwap sell through a router.
    const tx = loadRecordedTransaction('jiangxiaop-solana-swap-scan/test/pumpfun/pumpfun-migrate.json');
    expect(tx.logMessages).toContain('Program log: Bonding curve already migrated');
    expect(decodeProgramEvents(tx).map((e) => `${e.program}.${e.name}`)).toEqual(['pumpswap.SellEvent']);
  });
});
