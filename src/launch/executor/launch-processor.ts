import type { NormalizedTransaction } from '../../decoder/transaction/normalized-transaction.ts';
import type { Database, Db } from '../../store/database.ts';
import {
  featureRevision,
  insertRiskFlags,
  upsertAmmSnapshots,
  upsertCurveSnapshots,
  upsertFeatureBuckets,
  upsertHolderSnapshots,
} from '../../store/launch/launch-derived.repository.ts';
import { appendLaunchEvents } from '../../store/launch/launch-events.repository.ts';
import {
  insertLaunchTokens,
  insertLaunchTrades,
  launchToken,
  minutesWithoutFeatures,
  loadLaunchLookups,
  markLaunchComplete,
  markLaunchMigrated,
  tradeKey,
  tradesOfMinute,
} from '../../store/launch/launch-facts.repository.ts';
import { TOKEN_TOTAL_SUPPLY } from '../curve/bonding-curve-math.ts';
import { emptyOutput, LaunchRadarEngine, type EngineOutput } from '../engine/launch-radar-engine.ts';
import type { BondingCurveState } from '../pipeline/bonding-curve-account.ts';
import type { FeatureBucket } from '../events/launch-event.ts';
import { computeFeatureBucket, minuteStartOf } from '../features/feature-bucket.ts';
import { launchFactsOf, type LaunchTransactionFacts } from '../pipeline/launch-facts.ts';

/** How far back a restarted executor looks for minutes its predecessor left open (its in-memory window). */
const ORPHAN_LOOKBACK_MS = 60n * 60_000n;

export interface ProcessResult {
  readonly launches: number;
  readonly trades: number;
  readonly migrations: number;
  readonly events: number;
}

/**
 * The executor's write path: transactions → launch facts → store (launches and trades deduplicated by their
 * natural keys) → the engine (only facts stored for the first time, so processing a transaction twice changes
 * nothing) → derived rows and events, all in one database transaction per batch.
 */
export class LaunchProcessor {
  private constructor(
    private readonly database: Database,
    private engine: LaunchRadarEngine,
    private readonly mints: Set<string>,
    private readonly pools: Map<string, string>,
  ) {}

  /**
   * The first minute this engine saw (set by its first batch): minutes up to it may have begun before a restart
   * or a reset, so their trades are partly in the store only, and they are completed from it when emitted.
   */
  private resumeMinuteMs: bigint | null = null;
  private orphansChecked = false;

  /** Picks up the launches and pools already stored, so trades of earlier launches keep being followed. */
  static async open(database: Database, engine = new LaunchRadarEngine()): Promise<LaunchProcessor> {
    const { mints, pools } = await loadLaunchLookups(database.db);
    return new LaunchProcessor(database, engine, mints, pools);
  }

  /**
   * After a batch failed half-way (its database transaction rolled back, the engine may hold part of it): a
   * fresh engine that adopts launches from the store as their trades come. Minutes open at that moment restart
   * empty, so they may lack the trades before the failure until `oof replay` recomputes the period.
   */
  reset(): void {
    this.engine = new LaunchRadarEngine();
    this.resumeMinuteMs = null;
    this.orphansChecked = false;
  }

  factsOf(tx: NormalizedTransaction): LaunchTransactionFacts {
    return launchFactsOf(tx, {
      poolMint: (pool) => this.pools.get(pool),
      isLaunchMint: (mint) => this.mints.has(mint),
    });
  }

  /** Processes transactions in the given order (chain order where the caller knows it). */
  async process(transactions: readonly NormalizedTransaction[]): Promise<ProcessResult> {
    // In order, so a pool created by one transaction resolves the trades of the next ones in the batch.
    const facts = transactions.map((tx) => {
      const f = this.factsOf(tx);
      for (const p of [...f.pools, ...f.migrations]) this.pools.set(p.pool, p.mint);
      return f;
    });
    return this.database.transaction(async (tx) => {
      const launchRows = facts.flatMap((f) =>
        f.launches.map((l) => ({
          ...l,
          createdSignature: f.signature,
          createdSlot: f.slot,
          createdAtMs: f.tEventMs,
        })),
      );
      const newLaunches = await insertLaunchTokens(tx, launchRows);
      for (const m of newLaunches) this.mints.add(m);
      // Every trade of the batch in one statement; only those stored now feed the engine.
      const inserted = await insertLaunchTrades(
        tx,
        facts.flatMap((f) =>
          f.trades
            .filter((t) => this.mints.has(t.mint))
            .map((t) => ({ ...t, signature: f.signature, slot: f.slot, tEventMs: f.tEventMs })),
        ),
      );
      if (this.resumeMinuteMs === null && inserted.size > 0) {
        // The first trade this engine will see: minutes before it are the previous engine's.
        let first: bigint | null = null;
        for (const f of facts) {
          const isNew = f.trades.some((t) => inserted.has(tradeKey(f.signature, t.eventIndex)));
          if (isNew && (first === null || f.tEventMs < first)) first = f.tEventMs;
        }
        if (first !== null) this.resumeMinuteMs = minuteStartOf(first);
      }
      const out = emptyOutput();
      let trades = 0;
      let migrations = 0;
      for (const f of facts) {
        const at = { signature: f.signature, slot: f.slot, tEventMs: f.tEventMs };
        for (const l of f.launches) if (newLaunches.has(l.mint)) this.engine.launch(l, at, out);
        for (const p of f.pools) {
          this.pools.set(p.pool, p.mint);
          this.engine.pool(p, at, out);
        }
        for (const m of f.migrations) {
          if (!this.mints.has(m.mint)) continue;
          this.pools.set(m.pool, m.mint);
          const changed = await markLaunchMigrated(tx, {
            ...m,
            signature: f.signature,
            slot: f.slot,
            atMs: f.tEventMs,
          });
          if (changed) {
            migrations += 1;
            this.engine.migrate(m, at, out);
          }
        }
        const ours = f.trades.filter((t) => this.mints.has(t.mint));
        for (const t of ours) {
          if (!inserted.has(tradeKey(f.signature, t.eventIndex))) continue;
          if (!this.engine.knows(t.mint)) await this.adopt(tx, t.mint);
          trades += 1;
          this.engine.trade(t, at, out);
        }
        for (const c of f.completions) {
          if (!this.mints.has(c.mint)) continue;
          await markLaunchComplete(tx, c.mint, f.slot, f.tEventMs);
          this.engine.complete(c.mint, at, out);
        }
        await this.refoldEvicted(tx, out, at);
      }
      await this.completeResumedMinutes(tx, out);
      const events = await persist(tx, out);
      return { launches: newLaunches.size, trades, migrations, events };
    });
  }

  /**
   * A bonding-curve account state (accountSubscribe). Its block time is not in the notification: the last
   * stored state's time stands in, so a replay of the same inputs places it the same way.
   */
  async curveState(mint: string, slot: bigint, state: BondingCurveState): Promise<number> {
    return this.database.transaction(async (tx) => {
      const out = emptyOutput();
      this.engine.curveState(mint, { slot, tEventMs: this.engine.lastTimeOf(mint) }, state, out);
      return persist(tx, out);
    });
  }

  /** Moves the features' clock without trades (quiet periods) and persists what it closes. */
  async advance(tEventMs: bigint): Promise<number> {
    return this.database.transaction(async (tx) => {
      const out = emptyOutput();
      this.engine.advance(tEventMs, out);
      await this.completeResumedMinutes(tx, out);
      return persist(tx, out);
    });
  }

  /** Emits every open minute (shutdown, end of a replayed archive). */
  async flush(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const out = emptyOutput();
      this.engine.flush(out);
      await this.completeResumedMinutes(tx, out);
      return persist(tx, out);
    });
  }

  /** A launch stored before this process started: the engine follows it without streaming it again. */
  private async adopt(tx: Db, mint: string): Promise<void> {
    const row = await launchToken(tx, mint);
    if (row === undefined) return;
    this.engine.adoptLaunch(
      { ...row, tokenTotalSupply: TOKEN_TOTAL_SUPPLY },
      { signature: row.createdSignature, slot: row.createdSlot, tEventMs: row.createdAtMs },
    );
  }

  /**
   * A minute emitted by this engine that may have begun before it started: recomputed from every stored trade
   * of the minute (the trades this engine saw are stored too), with a revision above the stored one, so the row
   * and the stream carry the whole minute rather than the part after the restart.
   */
  private async completeResumedMinutes(tx: Db, out: EngineOutput): Promise<void> {
    const resume = this.resumeMinuteMs;
    if (resume === null) return;
    if (!this.orphansChecked) {
      // Minutes the previous engine held open when it stopped without a flush: stored trades, no features.
      this.orphansChecked = true;
      for (const m of await minutesWithoutFeatures(tx, resume - ORPHAN_LOOKBACK_MS, resume)) {
        const stored = await tradesOfMinute(tx, m.mint, m.venue, m.minuteStartMs);
        const bucket = computeFeatureBucket(m.mint, m.venue, m.minuteStartMs, stored, 0);
        out.buckets.push(bucket);
        out.events.push({
          slot: stored.reduce((max, t) => (t.slot > max ? t.slot : max), 0n),
          tEventMs: m.minuteStartMs + 59_999n,
          dedupeKey: `feature:${m.mint}:${m.venue}:${m.minuteStartMs}:0`,
          event: { kind: 'featureBucket', featureBucket: bucket },
        });
      }
    }
    for (let i = 0; i < out.buckets.length; i++) {
      const b = out.buckets[i] as FeatureBucket;
      const minute = BigInt(b.minuteStartMs);
      if (minute > resume) continue;
      const stored = await tradesOfMinute(tx, b.mint, b.venue, minute);
      if (stored.length <= b.trades) continue;
      const revision = Math.max(b.revision, (await featureRevision(tx, b.mint, b.venue, minute)) + 1);
      const whole = computeFeatureBucket(b.mint, b.venue, minute, stored, revision);
      out.buckets[i] = whole;
      const key = `feature:${b.mint}:${b.venue}:${b.minuteStartMs}:${b.revision}`;
      const e = out.events.findIndex((x) => x.dedupeKey === key);
      const old = out.events[e];
      if (old !== undefined) {
        out.events[e] = {
          ...old,
          dedupeKey: `feature:${b.mint}:${b.venue}:${b.minuteStartMs}:${revision}`,
          event: { kind: 'featureBucket', featureBucket: whole },
        };
      }
    }
  }

  private async refoldEvicted(
    tx: Db,
    out: EngineOutput,
    at: { signature: string; slot: bigint; tEventMs: bigint },
  ): Promise<void> {
    const evicted = out.evicted.splice(0);
    for (const key of evicted) {
      const stored = await tradesOfMinute(tx, key.mint, key.venue, key.minuteStartMs);
      const revision = await featureRevision(tx, key.mint, key.venue, key.minuteStartMs);
      this.engine.refold(key, stored, revision, at, out);
    }
  }
}

/** Writes an engine output: derived rows, then the events (one NOTIFY for the batch). Returns events appended. */
export async function persist(tx: Db, out: EngineOutput): Promise<number> {
  await upsertCurveSnapshots(tx, out.curveRows);
  await upsertAmmSnapshots(tx, out.ammRows);
  await upsertFeatureBuckets(tx, out.buckets);
  await insertRiskFlags(tx, out.flags);
  await upsertHolderSnapshots(tx, out.holderSnapshots);
  const cursors = await appendLaunchEvents(tx, out.events);
  return cursors.filter((c) => c !== null).length;
}
