import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../core/log/logger.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { stringifyExact } from '../../archive/json-text.ts';
import { Pacer, type PaceOptions } from '../pacer.ts';

export interface WebhookSenderOptions extends PaceOptions {
  readonly url: string;
  /** Sent as the `Authorization` header, as Helius sends the webhook's configured `authHeader`. */
  readonly authorization?: string;
  /** Transactions per POST (Helius batches raw webhooks); 100 by default. */
  readonly batchSize?: number;
  /** Attempts per batch before it is given up (and counted as failed). */
  readonly attempts?: number;
  readonly fetch?: typeof fetch;
  readonly logger?: Logger;
}

export interface WebhookStats {
  readonly delivered: number;
  readonly batches: number;
  readonly failedBatches: number;
  readonly failedTransactions: number;
  readonly completed: boolean;
}

/**
 * Delivers the archive's transactions to a webhook URL the way a Helius raw webhook does: POSTs of JSON
 * arrays of getTransaction results, `Authorization: <authHeader>`, in chain order, paced like the logs
 * stream. A batch that fails (network error, 429, 5xx) is retried with exponential backoff; one the
 * receiver rejects (other 4xx) or that keeps failing is logged and skipped, as Helius gives up too.
 */
export class WebhookSender {
  private readonly abort = new AbortController();
  private running: Promise<WebhookStats> | null = null;

  constructor(
    private readonly archive: ArchiveReader,
    private readonly options: WebhookSenderOptions,
  ) {}

  start(): Promise<WebhookStats> {
    this.running ??= this.run();
    return this.running;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<WebhookStats> {
    const signal = this.abort.signal;
    const size = this.options.batchSize ?? 100;
    const stats = { delivered: 0, batches: 0, failedBatches: 0, failedTransactions: 0, completed: false };
    const pacer = new Pacer(this.options, signal);
    let batch: Record<string, unknown>[] = [];
    let batchSlot: string | null = null;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const items = batch;
      batch = [];
      stats.batches += 1;
      if (await this.deliver(items, signal)) stats.delivered += items.length;
      else {
        stats.failedBatches += 1;
        stats.failedTransactions += items.length;
      }
    };
    try {
      for await (const tx of this.archive.transactions()) {
        // In paced mode a batch holds one block at most: Helius delivers as blocks confirm.
        if (this.options.speed > 0 && batchSlot !== null && tx.slot !== batchSlot) await flush();
        await pacer.due(tx.blockTime, Number(tx.slot));
        batch.push(tx.result);
        batchSlot = tx.slot;
        if (batch.length >= size) await flush();
      }
      await flush();
      stats.completed = true;
      this.options.logger?.info(stats, 'replay: webhook deliveries finished');
    } catch (e) {
      if (!signal.aborted) throw e;
    }
    return stats;
  }

  /** One batch, with retries; true when the receiver accepted it (2xx). */
  private async deliver(items: readonly Record<string, unknown>[], signal: AbortSignal): Promise<boolean> {
    const attempts = this.options.attempts ?? 5;
    const body = stringifyExact(items);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.authorization !== undefined) headers.authorization = this.options.authorization;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let status: number | null = null;
      try {
        const res = await (this.options.fetch ?? fetch)(this.options.url, {
          method: 'POST',
          headers,
          body,
          signal,
        });
        status = res.status;
        await res.arrayBuffer();
        if (res.ok) return true;
        if (status !== 429 && status < 500) break;
      } catch (e) {
        if (signal.aborted) throw e;
      }
      this.options.logger?.warn(
        { status, attempt, url: this.options.url },
        'replay: webhook delivery failed',
      );
      if (attempt < attempts) await sleep(Math.min(10_000, 200 * 2 ** (attempt - 1)), undefined, { signal });
    }
    this.options.logger?.error(
      { transactions: items.length, url: this.options.url },
      'replay: webhook batch given up',
    );
    return false;
  }
}
