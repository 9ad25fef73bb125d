import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../lib/api.ts';
import { formatDecimal, formatPct, fromBaseUnits } from '../lib/decimal.ts';
import {
  launchDetail,
  launchesPage,
  type CurveView,
  type FeatureView,
  type FlagView,
  type IntentView,
  type LaunchSummary,
} from '../lib/launch-schemas.ts';
import { useEventStream } from '../lib/sse.ts';
import { useAsync } from '../lib/use-async.ts';
import { Address, EmptyState, ErrorState, formatTime, Loading, StreamBadge } from '../ui/states.tsx';

const sol = (lamports: string, digits = 3): string =>
  `${formatDecimal(fromBaseUnits(lamports, 9), digits)} SOL`;
const msTime = (ms: string): string => formatTime(new Date(Number(ms)).toISOString());
/** Pump.fun mints have 6 decimals; a sell intent's size is in the token's base units. */
const PUMP_DECIMALS = 6;
/** Curve progress (0–100) as a width; display only. */
const progressWidth = (pct: string): number => Math.max(0, Math.min(100, Number(pct)));

/** Live stream kinds that change what the feed shows. */
const LIVE_KINDS = 'tokenLaunched,curveSnapshot,featureBucket,riskFlag,tokenMigrated';
/** At most one reload per this many ms while events pour in. */
const RELOAD_EVERY_MS = 1_500;

/** A version bumped (throttled) by the launch stream's events. */
function useLaunchLive(kinds: string): { version: number; state: ReturnType<typeof useEventStream> } {
  const [version, setVersion] = useState(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bump = (): void => {
    if (pending.current !== null) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      setVersion((v) => v + 1);
    }, RELOAD_EVERY_MS);
  };
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  const handlers = Object.fromEntries(kinds.split(',').map((k) => [k, bump]));
  const state = useEventStream(`/v1/stream/launches${query({ kinds })}`, handlers);
  return { version, state };
}

export function LaunchesView({ mint }: { mint: string | undefined }) {
  return mint === undefined ? <LaunchFeed /> : <LaunchPage mint={mint} />;
}

const STATUSES = [
  { id: '', label: 'All' },
  { id: 'CURVE', label: 'On the curve' },
  { id: 'MIGRATED', label: 'Migrated' },
] as const;

function LaunchFeed() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]['id']>('');
  const live = useLaunchLive(LIVE_KINDS);
  const [state, reload] = useAsync(
    (signal) => api.get(`/v1/launches${query({ status, limit: 60 })}`, launchesPage, signal),
    [status, live.version],
  );
  return (
    <section aria-labelledby="launches-title">
      <div class="panel-head">
        <h1 id="launches-title">Launches</h1>
        <StreamBadge state={live.state} label="Launch feed" />
      </div>
      <div role="radiogroup" aria-label="Launch status" class="row">
        {STATUSES.map((s) => (
          <label key={s.id} class="chip">
            <input
              type="radio"
              name="launch-status"
              checked={s.id === status}
              onChange={() => setStatus(s.id)}
            />
            {s.label}
          </label>
        ))}
      </div>
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading launches…" />
      ) : state.data.launches.length === 0 ? (
        <EmptyState title="No launch seen yet">
          <p>
            Pump.fun launches appear here live as the launch radar (<code>oof executor</code>) sees them on
            the chain: curve progress, per-minute flow features and risk flags.
          </p>
        </EmptyState>
      ) : (
        <ul class="cards" aria-live="polite" data-testid="launch-feed">
          {state.data.launches.map((l) => (
            <LaunchCard key={l.mint} launch={l} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Flags({ flags }: { flags: readonly FlagView[] }) {
  if (flags.length === 0) return <span class="muted">no risk flag</span>;
  return (
    <>
      {flags.map((f, i) => (
        <span key={i} class={`flag flag-${f.severity}`} title={`${f.value} against ${f.threshold}`}>
          {f.flag.replace(/_/g, ' ').toLowerCase()}
        </span>
      ))}
    </>
  );
}

function CurveProgress({ curve, status }: { curve: CurveView | null; status: LaunchSummary['status'] }) {
  if (status === 'MIGRATED') return <p>Migrated off the curve</p>;
  if (curve === null) return <p class="muted">No curve snapshot yet</p>;
  return (
    <div>
      <div class="row" style="align-items:center">
        <div
          class="progress-bar"
          role="progressbar"
          aria-label="Bonding curve sold"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progressWidth(curve.soldPct)}
          style="flex:1"
        >
          <span style={`width:${progressWidth(curve.soldPct)}%`} />
        </div>
        <span>{formatDecimal(curve.soldPct, 1)}%</span>
      </div>
      <span class="muted">
        market cap {formatDecimal(curve.marketCapSol, 1)} SOL{curve.complete ? ' · curve complete' : ''}
      </span>
    </div>
  );
}

function MinuteLine({ f }: { f: FeatureView | null }) {
  if (f === null) return <p class="muted">No trade minute yet</p>;
  return (
    <p>
      {msTime(f.minuteStartMs)}: {f.trades} trades, {f.uniqueBuyers} buyers, net {sol(f.netInflow)}, top-5
      share {formatPct(f.top5WhaleShare, 0)}
    </p>
  );
}

function LaunchCard({ launch: l }: { launch: LaunchSummary }) {
  return (
    <li class="launch" data-testid="launch">
      <h2>
        <a href={`/launches/${l.mint}`}>
          {l.name === '' ? l.mint.slice(0, 8) : l.name} <span class="muted">${l.symbol}</span>
        </a>
      </h2>
      <p class="muted">
        <Address value={l.mint} /> · {formatTime(l.createdAt)} ·{' '}
        {l.status === 'CURVE' ? 'on the curve' : 'migrated'}
      </p>
      <CurveProgress curve={l.curve} status={l.status} />
      <MinuteLine f={l.latestFeature} />
      <div>
        <Flags flags={l.flags} />
      </div>
    </li>
  );
}

function LaunchPage({ mint }: { mint: string }) {
  const live = useLaunchLive(LIVE_KINDS + ',tradeObserved');
  const [state, reload] = useAsync(
    (signal) =>
      api.get(`/v1/launches/${mint}${query({ minutes: 240, trades_limit: 50 })}`, launchDetail, signal),
    [mint, live.version],
  );
  if (state.status === 'error') return <ErrorState error={state.error} retry={reload} />;
  if (state.data === undefined) return <Loading label="Loading the launch…" />;
  const d = state.data;
  const l = d.launch;
  return (
    <section aria-labelledby="launch-title">
      <div class="panel-head">
        <h1 id="launch-title">
          {l.name} <span class="muted">${l.symbol}</span>
        </h1>
        <StreamBadge state={live.state} label="Live" />
      </div>
      <p>
        <a href="/launches">← All launches</a>
      </p>
      <dl class="facts">
        <dt>Mint</dt>
        <dd>
          <Address value={l.mint} full />
        </dd>
        <dt>Creator</dt>
        <dd>
          <Address value={l.creator} full />
        </dd>
        <dt>Created</dt>
        <dd>{formatTime(l.createdAt)}</dd>
        <dt>Status</dt>
        <dd>{l.migration === null ? 'on the curve' : `migrated to ${l.migration.venue}`}</dd>
      </dl>
      <h2>Curve progress</h2>
      <CurveProgress curve={l.curve} status={l.status} />
      <CurveChart points={d.curveSnapshots} />
      <h2>Risk flags</h2>
      <Flags flags={d.flags} />
      <h2>Per-minute features</h2>
      {d.features.length === 0 ? (
        <EmptyState title="No trade minute yet" />
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="features">
            <caption class="sr-only">Per-minute flow features</caption>
            <thead>
              <tr>
                <th scope="col">Minute</th>
                <th scope="col">Venue</th>
                <th scope="col">Trades</th>
                <th scope="col">Buyers</th>
                <th scope="col">In</th>
                <th scope="col">Out</th>
                <th scope="col">Net</th>
                <th scope="col">Top-5 share</th>
              </tr>
            </thead>
            <tbody>
              {[...d.features].reverse().map((f) => (
                <tr key={`${f.minuteStartMs}:${f.venue}`}>
                  <td>{msTime(f.minuteStartMs)}</td>
                  <td>{f.venue}</td>
                  <td>{f.trades}</td>
                  <td>{f.uniqueBuyers}</td>
                  <td>{sol(f.solIn)}</td>
                  <td>{sol(f.solOut)}</td>
                  <td>{sol(f.netInflow)}</td>
                  <td>{formatPct(f.top5WhaleShare, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Strategy intents</h2>
      <Intents intents={d.intents} />
      <h2>Latest trades</h2>
      {d.trades.length === 0 ? (
        <EmptyState title="No trade yet" />
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Latest trades</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Signer</th>
                <th scope="col">Side</th>
                <th scope="col">Venue</th>
                <th scope="col">SOL</th>
              </tr>
            </thead>
            <tbody>
              {d.trades.map((t) => (
                <tr key={`${t.signature}:${String(t.eventIndex)}`}>
                  <td>{msTime(t.tEventMs)}</td>
                  <td>
                    <Address value={t.signer} />
                  </td>
                  <td>{t.side.replace('SIDE_', '').toLowerCase()}</td>
                  <td>{t.venue}</td>
                  <td>{sol(t.solAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What the strategy process asked the executor to do about this launch, and the executor's answer. */
function Intents({ intents }: { intents: readonly IntentView[] }) {
  if (intents.length === 0) {
    return (
      <EmptyState title="No intent yet">
        The strategy process (<code>oof strategy</code>) emits an intent when this launch's flow passes its
        signals; the executor records it and answers (trading is disabled in this product).
      </EmptyState>
    );
  }
  return (
    <div class="table-wrap">
      <table class="table" data-testid="intents">
        <caption class="sr-only">Strategy intents about this launch</caption>
        <thead>
          <tr>
            <th scope="col">Decided</th>
            <th scope="col">Strategy</th>
            <th scope="col">Side</th>
            <th scope="col">Size</th>
            <th scope="col">Max slippage</th>
            <th scope="col">Reasons</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {intents.map((i) => (
            <tr key={i.intentId}>
              <td>{msTime(i.tDecisionMs)}</td>
              <td>{i.strategyId}</td>
              <td>{i.side}</td>
              <td>
                {i.side === 'buy'
                  ? sol(i.size)
                  : `${formatDecimal(fromBaseUnits(i.size, PUMP_DECIMALS), 0)} tokens`}
              </td>
              <td>{formatDecimal(fromBaseUnits(String(i.maxSlippageBps), 2), 2)}%</td>
              <td>{i.reasonCodes.join(', ')}</td>
              <td>
                {i.status.toLowerCase()}
                {i.errorCode === null ? '' : ` (${i.errorCode})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Sold % of the curve over time, hand-rolled SVG. */
function CurveChart({ points }: { points: readonly CurveView[] }) {
  if (points.length < 2) return null;
  const W = 640;
  const H = 160;
  const P = 8;
  const t = points.map((p) => Number(p.tEventMs));
  const t0 = Math.min(...t);
  const t1 = Math.max(...t, t0 + 1);
  const d = points
    .map((p, i) => {
      const x = P + (((t[i] ?? t0) - t0) / (t1 - t0)) * (W - 2 * P);
      const y = H - P - (progressWidth(p.soldPct) / 100) * (H - 2 * P);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join('');
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Curve sold from ${formatDecimal(points[0]?.soldPct ?? '0', 1)}% to ${formatDecimal(points[points.length - 1]?.soldPct ?? '0', 1)}%`}
    >
      <line class="grid" x1={P} x2={W - P} y1={P} y2={P} />
      <line class="grid" x1={P} x2={W - P} y1={H - P} y2={H - P} />
      <path class="line" d={d} fill="none" />
    </svg>
  );
}
