import type { Database } from '../../store/database.ts';
import {
  deleteDerivedBetween,
  insertRiskFlags,
  upsertFeatureBuckets,
  upsertHolderSnapshots,
} from '../../store/launch/launch-derived.repository.ts';
import {
  launchesBetween,
  migrationsBetween,
  tradesBetween,
  type LaunchTokenRow,
  type LaunchTradeRow,
} from '../../store/launch/launch-facts.repository.ts';
import { TOKEN_TOTAL_SUPPLY } from '../curve/bonding-curve-math.ts';
import { emptyOutput, LaunchRadarEngine, type EngineOutput } from '../engine/launch-radar-engine.ts';
import type { NewLaunchEvent } from '../events/launch-event.ts';
import type { FeatureAggregatorOptions } from '../features/feature-aggregator.ts';
import { MINUTE_MS, minuteStartOf } from '../features/feature-bucket.ts';

export interface ReplayOptions {
  readonly fromMs: bigint;
  readonly toMs: bigint;
  /** Write features_1m, risk_flags and holder_snapshots of the period afresh (default true). */
  readonly write?: boolean;
  /** Receives the events of the period in stream order, batch by batch (the strategy half of a replay). */
  readonly onEvents?: (events: readonly NewLaunchEvent[]) => Promise<void> | void;
  readonly onProgress?: (done: { trades: number; tEventMs: bigint }) => void;
  readonly features?: FeatureAggregatorOptions;
}

export interface ReplayResult {
  readonly launches: number;
  readonly trades: number;
  readonly buckets: number;
  readonly flags: number;
  readonly events: number;
  readonly wallMs: number;
}

interface Step {
  readonly slot: bigint;
  readonly signature: string;
  /** Inside a transaction: launches, then migrations, then trades by event index (the executor's order). */
  readonly rank: number;
  readonly apply: (engine: LaunchRadarEngine, out: EngineOutput) => void;
}

const compare = (a: Step, b: Step): number =>
  a.slot !== b.slot
    ? a.slot < b.slot
      ? -1
      : 1
    : a.signature !== b.signature
      ? a.signature < b.signature
        ? -1
        : 1
      : a.rank - b.rank;

/**
 * `oof replay --from --to`: re-runs the stored launches, migrations and trades of a period through the same
 * engine the executor runs (features, flags, events), in chain order (slot, signature, event), and rewrites
 * the period's features_1m, risk_flags and holder_snapshots. Same stored inputs → byte-identical rows. Trades of
 * launches made before `fromMs` are followed too (their launches are read first, without being streamed).
 */
export async function replayLaunchPeriod(database: Database, input: ReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  // Whole minutes: a minute is recomputed from all of its trades or not at all.
  const options = {
    ...input,
    fromMs: minuteStartOf(input.fromMs),
    toMs: minuteStartOf(input.toMs + MINUTE_MS - 1n),
  };
  const engine = new LaunchRadarEngine({ features: options.features ?? {} });
  const write = options.write ?? true;
  const launches = await launchesBetween(database.db, 0n, options.toMs);
  const migrations = await migrationsBetween(database.db, options.fromMs, options.toMs);
  const launchSteps: Step[] = [];
  for (const l of launches) {
    const fact = { ...l, tokenTotalSupply: TOKEN_TOTAL_SUPPLY };
    const at = { signature: l.createdSignature, slot: l.createdSlot, tEventMs: l.createdAtMs };
    if (l.createdAtMs < options.fromMs) engine.adoptLaunch(fact, at);
    else
      launchSteps.push({
        slot: l.createdSlot,
        signature: l.createdSignature,
        rank: -2,
        apply: launchStep(l),
      });
  }
  const other: Step[] = [
    ...launchSteps,
    ...migrations.map(
      (m): Step => ({
        slot: m.slot,
        signature: m.signature,
        rank: -1,
        apply: (engine, out) =>
          engine.migrate(
            { mint: m.mint, venue: m.venue, pool: m.pool },
            { signature: m.signature, slot: m.slot, tEventMs: m.atMs },
            out,
          ),
      }),
    ),
  ].sort(compare);
  if (write) await database.transaction((tx) => deleteDerivedBetween(tx, options.fromMs, options.toMs));

  let next = 0;
  const totals = { trades: 0, buckets: 0, flags: 0, events: 0 };
  const drain = async (out: EngineOutput): Promise<void> => {
    totals.buckets += out.buckets.length;
    totals.flags += out.flags.length;
    totals.events += out.events.length;
    if (write && (out.buckets.length > 0 || out.flags.length > 0 || out.holderSnapshots.length > 0)) {
      await database.transaction(async (tx) => {
        await upsertFeatureBuckets(tx, out.buckets);
        await insertRiskFlags(tx, out.flags);
        await upsertHolderSnapshots(tx, out.holderSnapshots);
      });
    }
    if (options.onEvents !== undefined && out.events.length > 0) await options.onEvents(out.events);
  };
  for await (const page of tradesBetween(database.db, options.fromMs, options.toMs)) {
    const out = emptyOutput();
    for (const t of page) {
      const step = tradeStep(t);
      while (next < other.length && compare(other[next] as Step, step) < 0)
        (other[next++] as Step).apply(engine, out);
      step.apply(engine, out);
    }
    totals.trades += page.length;
    await drain(out);
    const last = page[page.length - 1];
    if (last !== undefined) options.onProgress?.({ trades: totals.trades, tEventMs: last.tEventMs });
  }
  const out = emptyOutput();
  while (next < other.length) (other[next++] as Step).apply(engine, out);
  engine.flush(out);
  await drain(out);
  return {
    launches: launchSteps.length,
    ...totals,
    wallMs: performance.now() - started,
  };
}

function launchStep(l: LaunchTokenRow): Step['apply'] {
  return (engine, out) =>
    engine.launch(
      { ...l, tokenTotalSupply: TOKEN_TOTAL_SUPPLY },
      { signature: l.createdSignature, slot: l.createdSlot, tEventMs: l.createdAtMs },
      out,
    );
}

function tradeStep(t: LaunchTradeRow): Step {
  return {
    slot: t.slot,
    signature: t.signature,
    rank: t.eventIndex,
    apply: (engine, out) =>
      engine.trade({ ...t, pool: null }, { signature: t.signature, slot: t.slot, tEventMs: t.tEventMs }, out),
  };
}
