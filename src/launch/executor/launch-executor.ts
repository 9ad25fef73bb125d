import { isRetryable } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import { PROGRAM_IDS } from '../../decoder/programs/program-registry.ts';
import { parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { normalizeTransaction } from '../../decoder/transaction/normalized-transaction.ts';
import type { NormalizedTransaction } from '../../decoder/transaction/normalized-transaction.ts';
import type { Clock, RandomSource } from '../../chain/rpc/clock.ts';
import type { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import {
  subscribeAccount,
  type AccountSubscription,
} from '../../chain/subscriptions/account-subscription.ts';
import {
  subscribeSignatures,
  type SignatureEvent,
} from '../../chain/subscriptions/signature-subscription.ts';
import type { SolanaWsConnection } from '../../chain/subscriptions/solana-ws-connection.ts';
import type { Database } from '../../store/database.ts';
import { insertRawLogs, markRawLogsResolved } from '../../store/launch/launch-facts.repository.ts';
import { decodeBondingCurveAccount } from '../pipeline/bonding-curve-account.ts';
import type { LaunchProcessor } from './launch-processor.ts';

export interface LaunchExecutorDeps {
  readonly database: Database;
  readonly rpc: Pick<
    SolanaRpc,
    'getTransaction' | 'getSignaturesForAddress' | 'listSignatures' | 'getAccountInfo'
  >;
  readonly connection: SolanaWsConnection;
  readonly processor: LaunchProcessor;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** Also stores each fetched transaction in the data core (tx_raw, actions, participants), when given. */
  readonly ingest?: (rawTransactions: readonly unknown[]) => Promise<unknown>;
}

export interface LaunchExecutorOptions {
  /** getTransaction calls in flight (the RPC client's own limits apply too). */
  readonly concurrency?: number;
  /** Signatures per processing batch (one database transaction). */
  readonly batchSize?: number;
  /** Pause that lets a batch fill before it is processed. */
  readonly batchWaitMs?: number;
  /** Resume after this signature (gap backfill through getSignaturesForAddress). */
  readonly since?: string;
  /** Bonding curves followed by accountSubscribe at once (the newest launches). 0 disables it. */
  readonly maxCurveSubscriptions?: number;
  readonly onProgress?: (stats: LaunchExecutorStats) => void;
}

export interface LaunchExecutorStats {
  signatures: number;
  failedTransactions: number;
  fetched: number;
  missing: number;
  launches: number;
  trades: number;
  migrations: number;
  events: number;
  curveStates: number;
  lastSlot: bigint;
}

// Signatures remembered to process a transaction seen by both subscriptions once (the store dedupes anyway).
const SEEN_CAPACITY = 200_000;

const sleep = (clock: Clock, ms: number, signal: AbortSignal): Promise<void> =>
  clock.sleep(ms, signal).catch(() => undefined);

/**
 * The chain-facing process (SPEC §5): logsSubscribe on the Pump.fun program (gap backfill after every
 * reconnect) → signatures → getTransaction with bounded concurrency → the processor (store, features, flags,
 * events); accountSubscribe on the newest bonding curves → curve snapshots. Runs until `signal` aborts, then
 * processes what it holds and flushes the open minutes.
 */
export async function runLaunchExecutor(
  deps: LaunchExecutorDeps,
  options: LaunchExecutorOptions,
  signal: AbortSignal,
): Promise<LaunchExecutorStats> {
  const stats: LaunchExecutorStats = {
    signatures: 0,
    failedTransactions: 0,
    fetched: 0,
    missing: 0,
    launches: 0,
    trades: 0,
    migrations: 0,
    events: 0,
    curveStates: 0,
    lastSlot: 0n,
  };
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 100;
  const maxCurves = options.maxCurveSubscriptions ?? 100;
  const pending: SignatureEvent[] = [];
  const curves = new Map<string, { mint: string; sub: AccountSubscription }>();
  // Pump.fun carries launches, curve trades and migrations; PumpSwap the trades of migrated launches, which
  // do not mention the Pump.fun program. A transaction that mentions both is processed once.
  const seen = new Set<string>();
  const subscriptions = [PROGRAM_IDS.pumpfun, PROGRAM_IDS.pumpswap].map((address) =>
    subscribeSignatures(
      deps.connection,
      deps.rpc,
      {
        address,
        ...(options.since === undefined || address !== PROGRAM_IDS.pumpfun ? {} : { since: options.since }),
      },
      { clock: deps.clock, random: deps.random, logger: deps.logger },
    ),
  );
  const closeAll = (): void => subscriptions.forEach((s) => s.close());
  signal.addEventListener('abort', closeAll, { once: true });
  let open = subscriptions.length;
  const reading = Promise.all(
    subscriptions.map(async (subscription) => {
      try {
        for await (const e of subscription) {
          if (seen.has(e.signature)) continue;
          if (seen.size >= SEEN_CAPACITY) seen.clear();
          seen.add(e.signature);
          pending.push(e);
        }
      } catch (e) {
        deps.logger.error({ err: e }, 'launch executor: a logs subscription ended with an error');
      } finally {
        open -= 1;
      }
    }),
  );
  const streamEnded = (): boolean => open === 0;

  const followCurve = (mint: string, bondingCurve: string): void => {
    if (maxCurves <= 0 || curves.has(bondingCurve)) return;
    if (curves.size >= maxCurves) {
      const [oldest] = curves.keys();
      if (oldest !== undefined) {
        curves.get(oldest)?.sub.close();
        curves.delete(oldest);
      }
    }
    const sub = subscribeAccount(
      deps.connection,
      deps.rpc,
      {
        address: bondingCurve,
        onEvent: (e) => {
          if (e.account === null || e.account.data.encoding !== 'base64') return;
          const state = decodeBondingCurveAccount(e.account.data.bytes);
          if (state === null) return;
          stats.curveStates += 1;
          void deps.processor.curveState(mint, e.slot, state).catch((err: unknown) => {
            deps.logger.error({ err, mint }, 'launch executor: storing a curve state failed');
          });
        },
      },
      { clock: deps.clock, random: deps.random, logger: deps.logger },
    );
    curves.set(bondingCurve, { mint, sub });
  };

  const processBatch = async (batch: SignatureEvent[]): Promise<void> => {
    stats.signatures += batch.length;
    await insertRawLogs(
      deps.database.db,
      batch.flatMap((e) =>
        e.logs === null
          ? []
          : [{ signature: e.signature, slot: e.slot, failed: e.err !== null, logs: e.logs }],
      ),
    );
    const ok = batch.filter((e) => e.err === null);
    stats.failedTransactions += batch.length - ok.length;
    const raws: unknown[] = new Array<unknown>(ok.length).fill(null);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, ok.length) }, async () => {
        while (next < ok.length) {
          const i = next++;
          const e = ok[i] as SignatureEvent;
          raws[i] = await fetchTransaction(deps, e.signature, signal);
        }
      }),
    );
    const found: { raw: unknown; tx: NormalizedTransaction; order: number }[] = [];
    raws.forEach((raw, order) => {
      if (raw === null) {
        stats.missing += 1;
        return;
      }
      try {
        found.push({ raw, tx: normalizeTransaction(parseRpcTransaction(raw)), order });
      } catch (err) {
        deps.logger.warn(
          { err, signature: ok[order]?.signature },
          'launch executor: unreadable transaction skipped',
        );
      }
    });
    stats.fetched += found.length;
    // Chain order: slot first; inside a slot the order the node listed them.
    found.sort((a, b) => {
      const [sa, sb] = [a.tx.slot ?? 0n, b.tx.slot ?? 0n];
      return sa !== sb ? (sa < sb ? -1 : 1) : a.order - b.order;
    });
    if (deps.ingest !== undefined) await deps.ingest(found.map((f) => f.raw));
    const result = await deps.processor.process(found.map((f) => f.tx));
    await markRawLogsResolved(
      deps.database.db,
      found.map((f) => f.tx.signature),
    );
    for (const f of found) {
      if (f.tx.slot !== null && f.tx.slot > stats.lastSlot) stats.lastSlot = f.tx.slot;
      for (const l of deps.processor.factsOf(f.tx).launches) followCurve(l.mint, l.bondingCurve);
    }
    stats.launches += result.launches;
    stats.trades += result.trades;
    stats.migrations += result.migrations;
    stats.events += result.events;
    options.onProgress?.({ ...stats });
  };

  let failures = 0;
  while (!signal.aborted && !(streamEnded() && pending.length === 0)) {
    if (pending.length === 0) {
      await sleep(deps.clock, options.batchWaitMs ?? 50, signal);
      continue;
    }
    const batch = pending.splice(0, batchSize);
    try {
      await processBatch(batch);
      failures = 0;
    } catch (e) {
      if (!isRetryable(e)) throw e;
      // The node or the database is away: keep the batch (the store dedupes what was written) and retry.
      pending.unshift(...batch);
      deps.processor.reset();
      stats.signatures -= batch.length;
      failures += 1;
      deps.logger.error({ err: e, failures }, 'launch executor: batch failed; retrying');
      await sleep(deps.clock, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), signal);
    }
  }
  closeAll();
  await reading;
  while (pending.length > 0) await processBatch(pending.splice(0, batchSize));
  for (const { sub } of curves.values()) sub.close();
  stats.events += await deps.processor.flush();
  options.onProgress?.({ ...stats });
  return stats;
}

/** getTransaction, retried a few times while the node does not have it yet (a notification can run ahead). */
async function fetchTransaction(
  deps: LaunchExecutorDeps,
  signature: string,
  signal: AbortSignal,
): Promise<unknown> {
  for (let attempt = 0; attempt < 5; attempt++) {
    // Not the stop signal: a batch in hand is finished on stop, not thrown away half-fetched.
    const raw = await deps.rpc.getTransaction(signature);
    if (raw !== null) return raw;
    if (signal.aborted) break;
    await deps.clock.sleep(200 * (attempt + 1)).catch(() => undefined);
  }
  deps.logger.warn(
    { signature },
    'launch executor: the node does not have this transaction; left unresolved',
  );
  return null;
}
