/**
 * Raw bytes of one Anchor event as a program emitted it, before layout lookup. The same event usually
 * arrives twice (pump.fun and PumpSwap both log it and self-invoke with it); `outerIndex`, `programId` and
 * `bytes` identify the pair, `position` orders emissions in execution order.
 */
export interface EventEmission {
  readonly source: 'log' | 'self_cpi';
  readonly programId: string;
  readonly outerIndex: number;
  /**
   * Index into `NormalizedTransaction.instructions`. For a self-CPI, the instruction itself; for a log line,
   * the instruction invoked most recently before the line was written (the line comes after its invoke).
   */
  readonly position: number;
  /** Discriminator followed by the Borsh payload. */
  readonly bytes: Uint8Array;
}
