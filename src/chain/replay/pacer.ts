import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';

/** Solana's target slot time: where a block time is missing, slots stand in for it. */
const SLOT_SECONDS = 0.4;

export interface PaceOptions {
  /** 0 = as fast as possible; 1 = real time from block times; 10 = ten times faster. */
  readonly speed: number;
  /** Longest wait between two events (idle stretches of the recording are cut short); none by default. */
  readonly maxGapMs?: number;
}

/**
 * Spaces replayed events by their recorded time. Waits are measured against one start instant
 * (start + sum of gaps), so timer lateness does not accumulate into drift over a long replay. At speed 0
 * it only yields to the event loop now and then, so a fast replay never starves HTTP clients.
 */
export class Pacer {
  private startedMs: number | null = null;
  private targetMs = 0;
  private lastVirtual: number | null = null;
  private known: { time: number; slot: number } | null = null;
  private events = 0;

  constructor(
    private readonly options: PaceOptions,
    private readonly signal?: AbortSignal,
  ) {}

  /** Resolves when the event of this block time (or slot) is due; rejects when the signal aborts. */
  async due(blockTime: number | null, slot: number): Promise<void> {
    this.events += 1;
    const virtual = this.virtualSeconds(blockTime, slot);
    if (this.options.speed <= 0) {
      if (this.events % 256 === 0) await yieldToLoop(undefined, { signal: this.signal });
      return;
    }
    const now = performance.now();
    if (this.startedMs === null || this.lastVirtual === null) {
      this.startedMs = now;
      this.lastVirtual = virtual;
      return;
    }
    let gapMs = Math.max(0, ((virtual - this.lastVirtual) * 1000) / this.options.speed);
    if (this.options.maxGapMs !== undefined) gapMs = Math.min(gapMs, this.options.maxGapMs);
    this.lastVirtual = Math.max(this.lastVirtual, virtual);
    this.targetMs += gapMs;
    const waitMs = this.startedMs + this.targetMs - now;
    if (waitMs > 0) await sleep(waitMs, undefined, { signal: this.signal });
    else if (this.events % 256 === 0) await yieldToLoop(undefined, { signal: this.signal });
  }

  private virtualSeconds(blockTime: number | null, slot: number): number {
    if (blockTime !== null) {
      this.known = { time: blockTime, slot };
      return blockTime;
    }
    return this.known === null
      ? slot * SLOT_SECONDS
      : this.known.time + (slot - this.known.slot) * SLOT_SECONDS;
  }
}
