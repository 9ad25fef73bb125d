import type { Fill } from '../positions/fill.ts';

/** One live swap to execute: buy the entry or sell an exit of a position, identified by its order id. */
export interface LiveSwapRequest {
  /** The client id of the swap (copy_orders.id): the same id is never sent twice. */
  readonly orderId: string;
  readonly side: 'buy' | 'sell';
  readonly mint: string;
  readonly decimals: number;
  /** Buy: tokens wanted (base units); sell: tokens to sell. */
  readonly qtyRaw: bigint;
  /** The quote the decision was taken at, USD per whole token. */
  readonly quotePriceUsd: string;
  readonly solPriceUsd: string;
  readonly maxSlippageBps: number;
  /** A signature recorded by an earlier attempt of this order: look it up instead of sending again. */
  readonly previousSignature: string | null;
  readonly atMs: number;
  /**
   * Called with the transaction's signature after signing and BEFORE sending: the order keeps it, so a retry
   * after a crash or a timeout looks the transaction up instead of signing and sending a second one.
   */
  readonly recordSignature: (signature: string) => Promise<void>;
}

export type LiveSwapResult =
  /** Landed: the fill as executed. */
  | { readonly kind: 'filled'; readonly fill: Fill; readonly signature: string }
  /** Not executed and nothing sent that could still land (slippage exceeded, no route): may be decided again. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** Sent (signature known) but not confirmed yet: look it up on the next round. */
  | { readonly kind: 'pending'; readonly signature: string }
  /** Rate-limited or unavailable: retry after `retryAfterMs`, nothing sent. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number };

export interface RateLimitUse {
  /** Requests to the swap API in the last minute. */
  readonly requestsLastMinute: number;
  /** 429 answers in the last minute. */
  readonly rateLimitedLastMinute: number;
  /** Until when the executor holds back after a 429 (Unix ms), null when not. */
  readonly backoffUntilMs: number | null;
}

/** Port: executes live swaps (Jupiter quote + swap, signed with the desk's key, sent through the RPC). */
export interface LiveExecutor {
  execute(request: LiveSwapRequest): Promise<LiveSwapResult>;
  rateLimit(): RateLimitUse;
}
