import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRpcTransaction, rpcIndex } from '../../../test/support/shared-data.ts';
import { isOofError } from '../../core/errors/oof-error.ts';
import type { Action } from '../../decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { getCopySignal, listCopySignals } from '../../store/copytrade/copy-signals.repository.ts';
import { insertCopyWallet, updateCopyWallet } from '../../store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../store/copytrade/testing/watched-wallet.ts';
import { queryRows } from '../../store/query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../../store/testing/test-database.ts';
import { recordSignalOutcome, recordSignalsFromActions } from './record-signals.ts';

/**
 * Signals from real recorded pump.fun transactions (../shared/data, 0xjeffro-tx-parser), decoded by the
 * project's decoder with SOL at $150 so the quote legs carry USD.
 */
const BUY_SIG = 'ZEu54dZeki5Bgd3e3zFeAY7x6tTVCWSixswoQ6JbMwKRGNATvzCXjZY6Gabs2dukyupPo6s4P9eA3bCaA5w2Fht';
const SELL_SIG = '3bYXWjjNkVZpz3VWrp8Sh12usVCnzEqhYCnNNMQrMu7C8XHssi2WBTW37zukC5oyYTsAKYRtUQ1xhwFMYFMH19VJ';
const BUNDLE_SIG = 'JBnrBbgqh9jRUkUD68GdwBWoxWyz8SqEuM4eYqR6cyMMofFD43XQKjWBMHvRanPuzSU9UC8CFBQH1brAmvjxZpA';
/** Buys in BUY_SIG, sells in SELL_SIG. */
const TRADER = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
/** Two of the four buyers of the bundle; the other two are not watched. */
const BUNDLE_ACTIVE = 'Gh6D6DZcASQLc2XoLpctT74KbRr4nrHF8wNptweckHoA';
const BUNDLE_INACTIVE = '7SPkzf8DSxdemSKMEEKquRKEYrdDjcuHaQwac5nvnB4b';
const SOL = 'So11111111111111111111111111111111111111112';

function decoded(signature: string): { raw: unknown; actions: Action[] } {
  const raw = findRpcTransaction(rpcIndex().find((r) => r.signature === signature)!);
  return { raw, actions: decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions };
}

let database: TestDatabase;
const t0 = new Date('2026-01-05T10:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const watch = (address: string) => insertCopyWallet(database.db, watchedWallet(address), t0);

beforeAll(async () => {
  database = await openTestDatabase();
  await watch(TRADER);
  await watch(BUNDLE_ACTIVE);
  await watch(BUNDLE_INACTIVE);
  await updateCopyWallet(database.db, BUNDLE_INACTIVE, { active: false }, t0);
});
afterAll(() => database.dispose());

describe('recordSignalsFromActions', () => {
  it('stores a watched wallet’s real pump.fun buy with its payload, once', async () => {
    const buy = decoded(BUY_SIG);
    expect(buy.actions.length).toBeGreaterThan(1); // fees and rent are not signals
    const first = await recordSignalsFromActions(
      database.db,
      buy.actions,
      new Map([[BUY_SIG, buy.raw]]),
      at(1),
      { source: 'helius_webhook' },
    );
    expect(first.recorded).toEqual([{ signature: BUY_SIG, wallet: TRADER, outcome: 'pending' }]);
    expect(first.pending).toHaveLength(1);
    expect(first.pending[0]).toMatchObject({
      side: 'buy',
      mint: '7nYhDYAxQdFn2DRPcjBFPQQz5qb8HeFiJv9o9w6fpump',
      amountRaw: 34_612_901_212_710n,
      quoteMint: SOL,
      quoteAmountRaw: 1_000_000_000n,
      usd: '150',
      venue: 'pumpfun',
      slot: 290_484_060n,
    });
    expect(await getCopySignal(database.db, BUY_SIG, TRADER)).toEqual({
      signature: BUY_SIG,
      wallet: TRADER,
      slot: '290484060',
      tEvent: new Date(1726637843 * 1000).toISOString(),
      side: 'buy',
      mint: '7nYhDYAxQdFn2DRPcjBFPQQz5qb8HeFiJv9o9w6fpump',
      amountRaw: '34612901212710',
      quoteMint: SOL,
      quoteAmountRaw: '1000000000',
      usd: '150',
      venue: 'pumpfun',
      outcome: 'pending',
      reason: null,
      receivedAt: at(1).toISOString(),
      decidedAt: null,
      decisionMs: null,
      decimals: 6,
      source: 'helius_webhook',
      timings: null,
      details: null,
    });
    const [stored] = await queryRows<{ raw: unknown }>(
      database.db,
      sql`SELECT raw FROM copy_signals WHERE signature = ${BUY_SIG}`,
    );
    expect(stored?.raw).toEqual(JSON.parse(JSON.stringify(buy.raw)));

    // Redelivered (webhook retry, or the WebSocket saw it too): reported duplicate, nothing new stored.
    const again = await recordSignalsFromActions(
      database.db,
      buy.actions,
      new Map([[BUY_SIG, buy.raw]]),
      at(2),
    );
    expect(again).toEqual({
      recorded: [{ signature: BUY_SIG, wallet: TRADER, outcome: 'duplicate' }],
      pending: [],
    });
    const count = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM copy_signals WHERE signature = ${BUY_SIG}`,
    );
    expect(count[0]?.n).toBe(1);
    expect((await getCopySignal(database.db, BUY_SIG, TRADER))?.receivedAt).toBe(at(1).toISOString());
  });

  it('orients a sell: the token left, the quote (and its USD) arrived', async () => {
    const sell = decoded(SELL_SIG);
    const r = await recordSignalsFromActions(
      database.db,
      sell.actions,
      new Map([[SELL_SIG, sell.raw]]),
      at(3),
    );
    expect(r.pending.map((s) => [s.side, s.mint, s.amountRaw, s.quoteMint, s.quoteAmountRaw, s.usd])).toEqual(
      [
        [
          'sell',
          'CnNVDyM7GXBBcH8giuRYm17YCn6kpFTTbnd6Tx4hpump',
          592_443_959_000_000n,
          SOL,
          37_062_911_064n,
          '5559.4366596',
        ],
      ],
    );
  });

  it('in a bundle: active watched → pending, inactive → ignored_inactive, unwatched → nothing', async () => {
    const bundle = decoded(BUNDLE_SIG);
    expect(bundle.actions.filter((a) => a.kind === 'swap')).toHaveLength(4);
    const r = await recordSignalsFromActions(
      database.db,
      bundle.actions,
      new Map([[BUNDLE_SIG, bundle.raw]]),
      at(4),
    );
    expect(r.recorded).toEqual([
      { signature: BUNDLE_SIG, wallet: BUNDLE_ACTIVE, outcome: 'pending' },
      { signature: BUNDLE_SIG, wallet: BUNDLE_INACTIVE, outcome: 'ignored_inactive' },
    ]);
    expect(r.pending.map((s) => [s.wallet, s.quoteAmountRaw, s.usd])).toEqual([
      [BUNDLE_ACTIVE, 386_100_226n, '57.9150339'],
    ]);
    expect(await getCopySignal(database.db, BUNDLE_SIG, BUNDLE_INACTIVE)).toMatchObject({
      outcome: 'ignored_inactive',
      reason: expect.stringContaining('not active') as string,
      decidedAt: at(4).toISOString(),
      decisionMs: 0,
      amountRaw: '12100159018198',
    });
  });

  it('refuses a watched swap without its payload (the raw payload is what makes a signal auditable)', async () => {
    const sell = decoded(SELL_SIG);
    await expect(recordSignalsFromActions(database.db, sell.actions, new Map(), at(5))).rejects.toSatisfy(
      (e) => isOofError(e, 'INVARIANT_BROKEN'),
    );
  });
});

describe('recordSignalOutcome', () => {
  it('decides a pending signal once; the same verdict again is a no-op, another one is refused', async () => {
    const decided = await recordSignalOutcome(
      database.db,
      SELL_SIG,
      TRADER,
      'filtered_safety',
      'score 0.25',
      840,
    );
    expect(decided).toMatchObject({
      outcome: 'filtered_safety',
      reason: 'score 0.25',
      decisionMs: 840,
      decidedAt: at(3 + 840).toISOString(),
    });
    expect(
      await recordSignalOutcome(database.db, SELL_SIG, TRADER, 'filtered_safety', 'score 0.25', 840),
    ).toEqual(decided);
    await expect(
      recordSignalOutcome(database.db, SELL_SIG, TRADER, 'position_opened', null, 900),
    ).rejects.toSatisfy((e) => isOofError(e, 'INVARIANT_BROKEN'));
    await expect(
      recordSignalOutcome(database.db, 'unknown-signature', TRADER, 'error', 'boom', 1),
    ).rejects.toSatisfy((e) => isOofError(e, 'INVARIANT_BROKEN'));
  });

  it('pages signals newest first and filters by wallet and outcome', async () => {
    const all = await listCopySignals(database.db, { limit: 10 });
    expect(all.signals.map((s) => [s.signature.slice(0, 6), s.wallet.slice(0, 4)])).toEqual([
      ['JBnrBb', 'Gh6D'],
      ['JBnrBb', '7SPk'],
      ['3bYXWj', '4Ddr'],
      ['ZEu54d', '4Ddr'],
    ]);
    const byOne: string[] = [];
    let after: Parameters<typeof listCopySignals>[1]['after'];
    for (;;) {
      const page = await listCopySignals(database.db, {
        limit: 1,
        ...(after === undefined ? {} : { after }),
      });
      byOne.push(...page.signals.map((s) => `${s.signature}:${s.wallet}`));
      if (page.next === null) break;
      after = page.next;
    }
    expect(byOne).toEqual(all.signals.map((s) => `${s.signature}:${s.wallet}`));
    expect((await listCopySignals(database.db, { limit: 10, wallet: TRADER })).signals).toHaveLength(2);
    expect(
      (await listCopySignals(database.db, { limit: 10, outcome: 'filtered_safety' })).signals.map(
        (s) => s.signature,
      ),
    ).toEqual([SELL_SIG]);
    expect((await listCopySignals(database.db, { limit: 10, since: at(3) })).signals).toHaveLength(3);
  });
});
