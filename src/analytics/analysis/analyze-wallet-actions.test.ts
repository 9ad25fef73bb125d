import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { CONFIG, fixedPrices } from '../detectors/detectors.fixtures.ts';
import { TOKEN, WALLET, buy, sell, transferIn, transferOut } from '../ledger/ledger.fixtures.ts';
import { analyzeWalletActions } from './analyze-wallet-actions.ts';

const LINKED = 'L1nked111111111111111111111111111111111111';
// Actions of one transaction have distinct indexes across owners: the linked wallet's are index 1.
const as = (owner: string, a: Action): Action => ({ ...a, owner, index: owner === WALLET ? 0 : 1 });

describe('analyzeWalletActions: basis across linked wallets', () => {
  it('carries the basis through any number of round trips, in one pass', () => {
    // Buy 100 for $100; send 100 to the linked wallet and back, then 50 and back, then 30 and back; sell all for $200.
    const mine: Action[] = [as(WALLET, buy(1, TOKEN, 100_000_000n, '100'))];
    const theirs: Action[] = [];
    let slot = 2;
    for (const qty of [100_000_000n, 50_000_000n, 30_000_000n]) {
      mine.push(as(WALLET, transferOut(slot, TOKEN, qty, LINKED)));
      theirs.push(as(LINKED, transferIn(slot, TOKEN, qty, WALLET)));
      slot++;
      theirs.push(as(LINKED, transferOut(slot, TOKEN, qty, WALLET)));
      mine.push(as(WALLET, transferIn(slot, TOKEN, qty, LINKED)));
      slot++;
    }
    mine.push(as(WALLET, sell(slot, TOKEN, 100_000_000n, '200')));
    const input = {
      wallet: WALLET,
      actions: mine,
      linkedActions: new Map([[LINKED, theirs]]),
      minuteFills: [],
      // The market says $7 per token: a transfer valued at market instead of the carried basis would show.
      prices: fixedPrices({ at: '7', max: '7', min: '7' }),
      now: 1_800_000_000,
      config: CONFIG,
    };
    const a = analyzeWalletActions(input);
    expect(a.realizedPnlUsd).toBe('100');
    expect(a.ledger.lots.filter((l) => l.basisSource === 'linked_wallet').map((l) => l.costUsd)).toEqual([
      '100',
      '50',
      '30',
    ]);
    // Input order does not matter.
    const shuffled = analyzeWalletActions({
      ...input,
      actions: [...mine].reverse(),
      linkedActions: new Map([[LINKED, [...theirs].reverse()]]),
    });
    expect(shuffled.ledger).toEqual(a.ledger);
  });

  it('without the linked wallet named, the same transfers are removed and re-opened at market', () => {
    const mine = [
      as(WALLET, buy(1, TOKEN, 100_000_000n, '100')),
      as(WALLET, transferOut(2, TOKEN, 100_000_000n, LINKED)),
      as(WALLET, transferIn(3, TOKEN, 100_000_000n, LINKED)),
      as(WALLET, sell(4, TOKEN, 100_000_000n, '200')),
    ];
    const a = analyzeWalletActions({
      wallet: WALLET,
      actions: mine,
      minuteFills: [],
      prices: fixedPrices({ at: '7', max: '7', min: '7' }),
      now: 1_800_000_000,
      config: CONFIG,
    });
    expect(a.realizedPnlUsd).toBe('-500'); // 200 − 100 tokens × $7
  });
});
