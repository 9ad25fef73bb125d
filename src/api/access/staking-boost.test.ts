import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { stakingBoostFor } from './staking-boost.ts';

describe('stakingBoostFor', () => {
  it.each([
    ['0', 0],
    ['999.999999', 0],
    ['1000', 1],
    ['9999', 1],
    ['10000', 3],
    ['99999.9', 3],
    ['100000', 10],
    ['123456789012345678901234', 10],
  ])('%s OOF staked → +%i wallets/day', (staked, boost) => {
    expect(stakingBoostFor(staked)).toBe(boost);
  });

  it('refuses what is not a non-negative decimal', () => {
    for (const bad of ['-5', '1e6', '', 'abc']) {
      expect(
        isOofError(
          (() => {
            try {
              stakingBoostFor(bad);
            } catch (e) {
              return e;
            }
          })(),
          'AMOUNT_INVALID',
        ),
      ).toBe(true);
    }
  });
});
