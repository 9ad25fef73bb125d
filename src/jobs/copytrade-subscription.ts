/**
 * The WebSocket signal source of copy trading (SPEC §4 "every swap of a watched wallet, from webhook or
 * WebSocket"): one `logsSubscribe {mentions: [wallet]}` per active watched wallet through the chain
 * subscriptions (reconnect, gap backfill, each signature once), each signature fetched with getTransaction —
 * unless it is already stored (a webhook got there first: its stored body is read instead, no refetch) —
 * ingested, and its swaps recorded as signals by the same code as the webhook path. A transaction both sources
 * deliver gives one signal (signals are keyed by signature and wallet).
 */
import { getTransactionAsRecorded } from '../chain/replay/get-transaction-as-recorded.ts';
import { systemClock, systemRandom, type Clock, type RandomSource } from '../chain/rpc/clock.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import {
  subscribeSignatures,
  type SignatureEvent,
  type SignatureSubscription,
} from '../chain/subscriptions/signature-subscription.ts';
import { SolanaWsConnection } from '../chain/subscriptions/solana-ws-connection.ts';
import { isRetryable, OofError } from '../core/errors/oof-error.ts';
import { recordSignalsFromActions } from '../copytrade/signals/record-signals.ts';
import { ingest, type IngestDeps } from '../ingest/ingest.ts';
import { decodeTxBody } from '../ingest/tx-body.ts';
import { listCopyWallets } from '../store/copytrade/copy-wallets.repository.ts';
import { findObjectKey, loadActions } from '../store/transactions/transaction.repository.ts';

export interface CopytradeSubscriptionDeps extends IngestDeps {
  readonly rpc: SolanaRpc;
  readonly connection: SolanaWsConnection;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly now?: () => Date;
  /** Pause before retrying a signature whose fetch or store failed with an error that may pass (default 1 s). */
  readonly retryMs?: number;
}

export interface SubscriptionStats {
  /** Signatures delivered by the subscriptions (each once). */
  received: number;
  /** Fetched with getTransaction. */
  fetched: number;
  /** Already stored (by the webhook or a backfill): not fetched again. */
  alreadyStored: number;
  /** Failed transactions: no swap happened, nothing to record. */
  skippedFailed: number;
  /** Signals stored (pending or ignored_inactive); duplicates of the webhook's are not counted. */
  signals: number;
  /** Signatures given up on after the retries (logged with their error). */
  failed: number;
}

export interface CopytradeSubscriptions {
  /** Subscribes the active watched wallets not yet subscribed; unsubscribes removed or deactivated ones. */
  sync(): Promise<{ readonly added: readonly string[]; readonly removed: readonly string[] }>;
  /** The wallets subscribed now, sorted. */
  watching(): string[];
  /** Resolves when every signature received so far has been handled. */
  drain(): Promise<void>;
  readonly stats: Readonly<SubscriptionStats>;
  close(): void;
}

const MAX_ATTEMPTS = 5;

export function createCopytradeSubscriptions(deps: CopytradeSubscriptionDeps): CopytradeSubscriptions {
  const now = deps.now ?? (() => new Date());
  const subscriptions = new Map<string, SignatureSubscription>();
  const stats: SubscriptionStats = {
    received: 0,
    fetched: 0,
    alreadyStored: 0,
    skippedFailed: 0,
    signals: 0,
    failed: 0,
  };
  let closed = false;
  // One signature at a time, in delivery order: a wallet's buy is recorded before its sell.
  let tail: Promise<void> = Promise.resolve();

  const transactionOf = async (signature: string): Promise<unknown> => {
    const key = await findObjectKey(deps.database.db, signature);
    if (key !== null) {
      stats.alreadyStored++;
      return decodeTxBody(await deps.objects.get(key), key);
    }
    const fetched = await getTransactionAsRecorded(
      (sig, encoding) => deps.rpc.getTransaction(sig, { encoding }),
      signature,
    );
    if (fetched === null) {
      throw new OofError('RPC_UNAVAILABLE', `The node does not have ${signature} yet; retrying.`);
    }
    stats.fetched++;
    const r = await ingest(deps, [fetched.result]);
    const failure = r.failed[0];
    if (failure !== undefined) {
      throw new OofError('TX_SHAPE_INVALID', `Transaction ${signature}: ${failure.message}`, {
        code: failure.code,
      });
    }
    return fetched.result;
  };

  const handle = async (event: SignatureEvent): Promise<void> => {
    if (event.err !== null) {
      stats.skippedFailed++;
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const raw = await transactionOf(event.signature);
        const actions = await loadActions(deps.database.db, event.signature);
        const r = await recordSignalsFromActions(
          deps.database.db,
          actions,
          new Map([[event.signature, raw]]),
          now(),
          { source: 'ws_subscription' },
        );
        stats.signals += r.recorded.filter((s) => s.outcome !== 'duplicate').length;
        return;
      } catch (e) {
        if (closed || !isRetryable(e) || attempt >= MAX_ATTEMPTS) {
          stats.failed++;
          deps.logger.error(
            { err: e, signature: event.signature, attempt },
            'copy trading: a subscribed signature could not be stored; the webhook (if on) may still deliver it',
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, (deps.retryMs ?? 1_000) * attempt));
      }
    }
  };

  const onEvent = (event: SignatureEvent): void => {
    stats.received++;
    tail = tail.then(() => handle(event));
  };

  return {
    stats,
    async sync() {
      if (closed) return { added: [], removed: [] };
      const active = new Set(
        (await listCopyWallets(deps.database.db)).filter((w) => w.active).map((w) => w.address),
      );
      const removed: string[] = [];
      for (const [address, sub] of subscriptions) {
        if (active.has(address)) continue;
        sub.close();
        subscriptions.delete(address);
        removed.push(address);
      }
      const added: string[] = [];
      for (const address of active) {
        if (subscriptions.has(address)) continue;
        subscriptions.set(
          address,
          subscribeSignatures(
            deps.connection,
            deps.rpc,
            { address, onEvent },
            {
              clock: deps.clock,
              random: deps.random,
              logger: deps.logger,
            },
          ),
        );
        added.push(address);
      }
      if (added.length > 0 || removed.length > 0) {
        deps.logger.info(
          { added: added.length, removed: removed.length, watching: subscriptions.size },
          'copy trading: WebSocket subscriptions follow the watchlist',
        );
      }
      return { added, removed };
    },
    watching: () => [...subscriptions.keys()].sort(),
    async drain() {
      // Events handled meanwhile may queue more: wait until the tail stops moving.
      for (;;) {
        const current = tail;
        await current;
        if (current === tail) return;
      }
    },
    close() {
      closed = true;
      for (const sub of subscriptions.values()) sub.close();
      subscriptions.clear();
    },
  };
}

/**
 * Keeps the subscriptions in step with the watchlist (every `syncMs`, default 5 s) until `signal` aborts,
 * then unsubscribes and lets the signatures in hand finish.
 */
export async function runCopytradeSubscriptions(
  deps: CopytradeSubscriptionDeps,
  options: { readonly signal: AbortSignal; readonly syncMs?: number },
): Promise<void> {
  const subs = createCopytradeSubscriptions(deps);
  deps.logger.info('copy trading: following the watched wallets over the WebSocket (logsSubscribe)');
  while (!options.signal.aborted) {
    await subs.sync().catch((e: unknown) => {
      deps.logger.warn({ err: e }, 'copy trading: watchlist read for the subscriptions failed; retrying');
    });
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        options.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, options.syncMs ?? 5_000);
      options.signal.addEventListener('abort', wake, { once: true });
    });
  }
  subs.close();
  await subs.drain();
}

/**
 * `OOF_COPYTRADE_SUBSCRIBE`: `1`/`true` on, `0`/`false` off, unset → `defaultOn` (on for the simulated market
 * of `oof start`, off against a real chain, where every subscription holds a socket slot of the provider).
 */
export function copytradeSubscribeEnabled(value: string | undefined, defaultOn: boolean): boolean {
  if (value === undefined || value === '') return defaultOn;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new OofError(
    'CONFIG_INVALID',
    `OOF_COPYTRADE_SUBSCRIBE=${JSON.stringify(value)} is not understood: set it to 1 (follow the watched wallets ` +
      'over the WebSocket) or 0 (webhook only).',
  );
}

/** The WebSocket source for `oof worker` / `oof start`: one connection to `wsUrl`, closed when `signal` aborts. */
export async function runCopytradeSubscriptionSource(
  deps: IngestDeps & { readonly rpc: SolanaRpc },
  options: { readonly wsUrl: string; readonly signal: AbortSignal; readonly syncMs?: number },
): Promise<void> {
  const connection = new SolanaWsConnection(
    { url: options.wsUrl },
    { clock: systemClock, random: systemRandom, logger: deps.logger },
  );
  try {
    await runCopytradeSubscriptions(
      { ...deps, connection, clock: systemClock, random: systemRandom },
      { signal: options.signal, ...(options.syncMs === undefined ? {} : { syncMs: options.syncMs }) },
    );
  } finally {
    await connection.close();
  }
}
