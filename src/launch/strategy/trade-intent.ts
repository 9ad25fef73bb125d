/**
 * A trade intent as the strategy emits it and the TradeIntent message carries it (proto-loader shape: camelCase,
 * u64/i64 as decimal strings, the side enum by name). A pure function of the event stream: the id, the cursor
 * and the time all come from the event that triggered it, so two runs over the same events produce the same
 * bytes.
 */
export interface TradeIntent {
  readonly intentId: string;
  readonly strategyId: string;
  readonly mint: string;
  readonly venue: 'pumpfun' | 'pumpswap' | 'raydium';
  readonly side: 'SIDE_BUY' | 'SIDE_SELL';
  /** Buy: lamports to spend. Sell: token base units to sell. */
  readonly size: string;
  readonly maxSlippageBps: number;
  readonly ttlMs: number;
  readonly reasonCodes: readonly string[];
  readonly basedOnCursor: string;
  readonly tDecisionMs: string;
}

/** One intent per line, fields in a fixed order: the byte-comparable form of a run's intents. */
export function intentJsonLine(intent: TradeIntent): string {
  return JSON.stringify({
    intentId: intent.intentId,
    strategyId: intent.strategyId,
    mint: intent.mint,
    venue: intent.venue,
    side: intent.side,
    size: intent.size,
    maxSlippageBps: intent.maxSlippageBps,
    ttlMs: intent.ttlMs,
    reasonCodes: intent.reasonCodes,
    basedOnCursor: intent.basedOnCursor,
    tDecisionMs: intent.tDecisionMs,
  });
}
