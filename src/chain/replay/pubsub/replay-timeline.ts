import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../core/log/logger.ts';
import type { AccountLine } from '../../archive/archive-lines.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { Pacer, type PaceOptions } from '../pacer.ts';
import type { PubsubHub } from './pubsub-hub.ts';

export interface TimelineStats {
  readonly logs: number;
  readonly accounts: number;
  /** False when the server closed before the end of the recording. */
  readonly completed: boolean;
}

/** Queued bytes above which the replay waits for the slowest client to drain. */
const MAX_BUFFERED_BYTES = 8 << 20;

/**
 * Plays the archive's logsNotifications once, in recorded order, paced by block time at the chosen speed,
 * to the pubsub hub; account states are delivered when the replay passes their slot (an account state at
 * slot S follows S's transactions). Like a node's stream, a subscriber sees what happens after it
 * subscribed: the play starts `startDelayMs` after the first subscription, so a client that subscribes to
 * several addresses at once misses nothing.
 */
export class ReplayTimeline {
  private readonly abort = new AbortController();
  private started: Promise<TimelineStats> | null = null;

  constructor(
    private readonly archive: ArchiveReader,
    private readonly hub: PubsubHub,
    private readonly options: PaceOptions & { readonly startDelayMs?: number; readonly logger?: Logger },
  ) {}

  /** Starts the play once; later calls return the same run. */
  start(): Promise<TimelineStats> {
    this.started ??= this.run();
    return this.started;
  }

  get isStarted(): boolean {
    return this.started !== null;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.started;
  }

  private async run(): Promise<TimelineStats> {
    const signal = this.abort.signal;
    const accounts = this.archive
      .accountLines()
      .sort((a, b) => (BigInt(a.slot) < BigInt(b.slot) ? -1 : BigInt(a.slot) > BigInt(b.slot) ? 1 : 0));
    let nextAccount = 0;
    const stats = { logs: 0, accounts: 0, completed: false };
    const flushAccounts = (beforeSlot: bigint | null): void => {
      for (; nextAccount < accounts.length; nextAccount++) {
        const a = accounts[nextAccount] as AccountLine;
        if (beforeSlot !== null && BigInt(a.slot) >= beforeSlot) return;
        this.hub.publishAccount(a);
        stats.accounts += 1;
      }
    };
    try {
      if ((this.options.startDelayMs ?? 0) > 0) await sleep(this.options.startDelayMs, undefined, { signal });
      this.options.logger?.info({ speed: this.options.speed }, 'replay: logs stream started');
      const pacer = new Pacer(this.options, signal);
      for await (const line of this.archive.logs()) {
        const ordinal = this.archive.ordinalOf(line.signature);
        const blockTime = ordinal === undefined ? null : this.archive.indexed(ordinal).blockTime;
        await pacer.due(blockTime, Number(line.slot));
        flushAccounts(BigInt(line.slot));
        this.hub.publishLogs(line, ordinal);
        stats.logs += 1;
        while (this.hub.bufferedBytes() > MAX_BUFFERED_BYTES) await sleep(5, undefined, { signal });
      }
      flushAccounts(null);
      stats.completed = true;
      this.options.logger?.info(stats, 'replay: logs stream finished');
    } catch (e) {
      if (!signal.aborted) throw e;
    }
    return stats;
  }
}
