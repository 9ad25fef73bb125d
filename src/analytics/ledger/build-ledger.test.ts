import { describe, expect, it } from 'vitest';
import { SOL_MINT } from '../../domain/mints.ts';
import { buildLedger } from './build-ledger.ts';
import {
  OTHER,
  TOKEN,
  WALLET,
  airdrop,
  buy,
  options,
  sell,
  solFee,
  tokenSwap,
  transferIn,
  transferOut,
} from './ledger.fixtures.ts';

const LINKED = 'Link3d1111111111111111111111111111111111111';
const CEX = 'Cex1111111111111111111111111111111111111111';
const STRANGER = 'Str4nger111111111111111111111111111111111111';

describe('buildLedger', () => {
  it('re-entry: two episodes with their own trades', () => {
    const r = buildLedger(
      WALLET,
      [
        buy(1, TOKEN, 100n, '10'),
        sell(2, TOKEN, 100n, '15'),
        buy(3, TOKEN, 50n, '20'),
        sell(4, TOKEN, 50n, '5'),
      ],
      options(),
    );
    expect(r.episodes.map((e) => [e.n, e.closedAt?.signature, e.realizedPnlUsd])).toEqual([
      [1, 'sig000002', '5'],
      [2, 'sig000004', '-15'],
    ]);
    expect(r.realizedTrades.map((t) => [t.episodeId, t.pnlUsd])).toEqual([
      [`${WALLET}:${TOKEN}:episode:1`, '5'],
      [`${WALLET}:${TOKEN}:episode:2`, '-15'],
    ]);
  });

  it('partial exits across lots split cost exactly, FIFO, with a loss', () => {
    const r = buildLedger(
      WALLET,
      [buy(1, TOKEN, 3n, '10'), buy(2, TOKEN, 3n, '20'), sell(3, TOKEN, 4n, '12'), sell(4, TOKEN, 2n, '1')],
      options(),
    );
    expect(
      r.realizedTrades.map((t) => [t.lotId?.split(':').at(-1), t.qtyRaw, t.costUsd, t.proceedsUsd, t.pnlUsd]),
    ).toEqual([
      ['1', 3n, '10', '9', '-1'],
      ['2', 1n, '6.666666666666666666', '3', '-3.666666666666666666'],
      ['2', 2n, '13.333333333333333334', '1', '-12.333333333333333334'],
    ]);
    expect(r.lots.every((l) => l.openQtyRaw === 0n && l.openCostUsd === '0')).toBe(true);
    expect(r.episodes).toHaveLength(1);
    expect(r.episodes[0]?.realizedPnlUsd).toBe('-17');
  });

  it('airdrop opens a lot at market price, or unknown basis without a price', () => {
    const priced = buildLedger(WALLET, [airdrop(1, TOKEN, 2_000_000n)], options({ [TOKEN]: '0.5' }));
    expect(priced.lots[0]).toMatchObject({ basisSource: 'airdrop', costUsd: '1', unitCostUsd: '0.5' });
    const unpriced = buildLedger(WALLET, [airdrop(1, TOKEN, 2_000_000n)], options());
    expect(unpriced.lots[0]).toMatchObject({ basisSource: 'unknown', costUsd: null });
    expect(unpriced.flags.map((f) => f.code)).toEqual(['basis_unknown']);
  });

  it('linked-wallet move: lots leave without PnL, basis carried into the other wallet', () => {
    const out = buildLedger(
      WALLET,
      [buy(1, TOKEN, 10n, '7'), transferOut(2, TOKEN, 4n, LINKED)],
      options({ [TOKEN]: '1000' }, { linkedWallets: new Set([LINKED]) }),
    );
    expect(out.realizedTrades).toEqual([]);
    expect(out.flags).toMatchObject([
      { code: 'linked_out', qtyRaw: 4n, costUsd: '2.8', counterparty: LINKED },
    ]);
    expect(out.lots[0]).toMatchObject({ openQtyRaw: 6n, openCostUsd: '4.2' });

    const inbound = buildLedger(
      LINKED,
      [{ ...transferIn(2, TOKEN, 4n, WALLET), owner: LINKED }],
      options(
        { [TOKEN]: '1000' },
        {
          linkedWallets: new Set([WALLET]),
          linkedBasisUsd: (_m, sig) => (sig === 'sig000002' ? '2.8' : null),
        },
      ),
    );
    expect(inbound.lots[0]).toMatchObject({ basisSource: 'linked_wallet', costUsd: '2.8' });
  });

  it('exchange deposit realizes at market; other transfers out are flagged without PnL', () => {
    const r = buildLedger(
      WALLET,
      [
        buy(1, TOKEN, 2_000_000n, '2'),
        transferOut(2, TOKEN, 1_000_000n, CEX),
        transferOut(3, TOKEN, 1_000_000n, STRANGER),
      ],
      options({ [TOKEN]: '3' }, { exchangeDeposits: new Set([CEX]) }),
    );
    expect(r.realizedTrades).toMatchObject([
      { exitKind: 'exchange_deposit', costUsd: '1', proceedsUsd: '3', pnlUsd: '2', priceSource: 'test' },
    ]);
    expect(r.flags).toMatchObject([{ code: 'transfer_out_unpriced', qtyRaw: 1_000_000n, costUsd: '1' }]);
    expect(r.episodes[0]?.closedAt?.signature).toBe('sig000003');

    const off = buildLedger(
      WALLET,
      [buy(1, TOKEN, 2_000_000n, '2'), transferOut(2, TOKEN, 1_000_000n, CEX)],
      options({ [TOKEN]: '3' }, { exchangeDeposits: new Set([CEX]), realizeExchangeDeposits: false }),
    );
    expect(off.realizedTrades).toEqual([]);
    expect(off.flags.map((f) => f.code)).toEqual(['transfer_out_unpriced']);
  });

  it('token↔token swap is a sell of one and a buy of the other at market prices', () => {
    const r = buildLedger(
      WALLET,
      [buy(1, TOKEN, 10_000_000n, '10'), tokenSwap(2, [TOKEN, 10_000_000n], [OTHER, 5_000_000n])],
      options({ [TOKEN]: '1.5', [OTHER]: '3' }),
    );
    expect(r.realizedTrades).toMatchObject([{ mint: TOKEN, costUsd: '10', proceedsUsd: '15', pnlUsd: '5' }]);
    expect(r.lots.find((l) => l.mint === OTHER)).toMatchObject({ costUsd: '15', basisSource: 'swap' });
  });

  it('SOL fee adds to the buy cost and reduces sell proceeds; rent is ignored', () => {
    const r = buildLedger(
      WALLET,
      [buy(1, TOKEN, 10n, '10'), solFee(1, 5_000_000n), sell(2, TOKEN, 10n, '20'), solFee(2, 10_000_000n)],
      options({ [SOL_MINT]: '100' }),
    );
    expect(r.lots[0]?.costUsd).toBe('10.5');
    expect(r.realizedTrades[0]).toMatchObject({ proceedsUsd: '19', pnlUsd: '8.5' });
  });

  it('0-decimal and 9+-decimal tokens value exactly', () => {
    const zero = buildLedger(
      WALLET,
      [airdrop(1, TOKEN, 3n, 0), sell(2, TOKEN, 1n, '0.000000000000000001', 0)],
      options({ [TOKEN]: '0.333333333333333333' }),
    );
    expect(zero.lots[0]).toMatchObject({
      costUsd: '0.999999999999999999',
      openCostUsd: '0.666666666666666666',
    });
    expect(zero.realizedTrades[0]?.pnlUsd).toBe('-0.333333333333333332');

    const big = 10n ** 30n;
    const wide = buildLedger(
      WALLET,
      [buy(1, TOKEN, big + 1n, '1000000', 18), sell(2, TOKEN, big, '2000000', 18)],
      options(),
    );
    expect(wide.realizedTrades[0]).toMatchObject({
      qtyRaw: big,
      // cost = 1e6 × 1e30 / (1e30 + 1), truncated: the open wei-sized remainder keeps 1e-18 USD
      costUsd: '999999.999999999999999999',
      pnlUsd: '1000000.000000000000000001',
    });
    expect(wide.lots[0]?.openQtyRaw).toBe(1n);
    expect(wide.lots[0]).toMatchObject({
      openCostUsd: '0.000000000000000001',
      unitCostUsd: '0.000000999999999999',
    });
  });

  it('dust bound: exposure at or below dust closes the episode, above reopens', () => {
    const r = buildLedger(
      WALLET,
      [
        buy(1, TOKEN, 1000n, '10'),
        sell(2, TOKEN, 995n, '20'),
        buy(3, TOKEN, 3n, '1'),
        buy(4, TOKEN, 100n, '1'),
      ],
      options({}, { dustRaw: (mint) => (mint === TOKEN ? 10n : 0n) }),
    );
    expect(r.episodes.map((e) => [e.n, e.openedAt.signature, e.closedAt?.signature ?? null])).toEqual([
      [1, 'sig000001', 'sig000002'],
      [2, 'sig000004', null],
    ]);
    // The dust lot bought while flat belongs to no episode; FIFO still holds it first.
    expect(r.lots.map((l) => l.episodeId?.split(':').at(-1) ?? null)).toEqual(['1', null, '2']);
  });

  it('oversold remainder is a trade without basis and a flag', () => {
    const r = buildLedger(WALLET, [buy(1, TOKEN, 5n, '5'), sell(2, TOKEN, 8n, '16')], options());
    expect(r.realizedTrades.map((t) => [t.qtyRaw, t.costUsd, t.proceedsUsd, t.pnlUsd])).toEqual([
      [5n, '5', '10', '5'],
      [3n, null, '6', null],
    ]);
    expect(r.flags.map((f) => [f.code, f.qtyRaw])).toEqual([['oversold', 3n]]);
  });

  it('ignores other owners and duplicate actions', () => {
    const a = buy(1, TOKEN, 5n, '5');
    const r = buildLedger(WALLET, [a, a, { ...buy(2, TOKEN, 5n, '5'), owner: STRANGER }], options());
    expect(r.lots).toHaveLength(1);
  });
});
