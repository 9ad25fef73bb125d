/**
 * Paper-vs-live slippage per signal: how far the live swap executed from what the simulation modelled for the
 * same signal, side and size — the check that the paper-fill settings tell the truth. Only signals with both
 * fills are compared.
 */
import { formatFixed } from '../strategy/fixed-point.ts';
import type { Fill } from './fill.ts';
import { PositionError } from './position-error.ts';
import { BPS, readUsd } from './usd-grid.ts';

export interface SignalFills {
  readonly signalId: string;
  readonly paper: Fill | null;
  readonly live: Fill | null;
}

export interface SlippageComparison {
  readonly signalId: string;
  readonly side: Fill['side'];
  readonly paperPriceUsd: string;
  readonly livePriceUsd: string;
  /**
   * How much worse live executed than paper, per whole token: `live − paper` for a buy, `paper − live` for a
   * sell. Negative: live did better than modelled.
   */
  readonly liveWorseByUsd: string;
  /** The same relative to the paper price, bps, 18 digits truncated toward zero. */
  readonly liveWorseByBps: string;
  /** `liveSlippageUsd − paperSlippageUsd`, the slippage cost difference in USD for the sizes filled. */
  readonly extraSlippageUsd: string;
  /** `liveFees − paperFees`, USD. */
  readonly extraFeesUsd: string;
}

export function comparePaperLive(signals: readonly SignalFills[]): SlippageComparison[] {
  const out: SlippageComparison[] = [];
  for (const s of signals) {
    const { paper, live } = s;
    if (paper === null || live === null) continue;
    if (paper.side !== live.side) {
      throw new PositionError(
        'POSITION_FILL_INVALID',
        `signal ${s.signalId}: paper and live fills differ in side`,
        {
          signalId: s.signalId,
        },
      );
    }
    const p = readUsd(paper.priceUsd, 'paper price', true);
    const l = readUsd(live.priceUsd, 'live price', true);
    const worse = paper.side === 'buy' ? l - p : p - l;
    out.push({
      signalId: s.signalId,
      side: paper.side,
      paperPriceUsd: paper.priceUsd,
      livePriceUsd: live.priceUsd,
      liveWorseByUsd: formatFixed(worse),
      liveWorseByBps: formatFixed((worse * BPS * 10n ** 18n) / p),
      extraSlippageUsd: formatFixed(
        readUsd(live.slippageUsd, 'live slippage') - readUsd(paper.slippageUsd, 'paper slippage'),
      ),
      extraFeesUsd: formatFixed(readUsd(live.feesUsd, 'live fees') - readUsd(paper.feesUsd, 'paper fees')),
    });
  }
  return out;
}
