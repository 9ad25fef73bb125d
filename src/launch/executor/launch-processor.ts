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
  loadLaunchLookups,
  markLaunchComplete,
  markLaunchMigrated,
  tradeKey,
  tradesOfMinute,
} from '../../store/launch/launch-facts.repository.ts';
import { TOKEN_TOTAL_SUPPLY } from '../curve/bonding-curve-math.ts';
import { emptyOutput, LaunchRadarEngine, type EngineOutput } from '../engine/launch-radar-engine.ts';
import type { BondingCurveState } from '../pipeline/bonding-curve-account.ts';
import { launchFactsOf, type LaunchTransactionFacts } from '../pipeline/launch-facts.ts';

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
      return persist(tx, out);
    });
  }

  /** Emits every open minute (shutdown, end of a replayed archive). */
  async flush(): Promise<number> {
    return this.database.transaction(async (tx) => {
      const out = emptyOutput();
      this.engine.flush(out);
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
