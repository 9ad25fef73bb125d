import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.ts';
import { currentToken } from '../lib/auth.ts';
import { formatDecimal, formatPrice, formatUsd, fromBaseUnits, signOf } from '../lib/decimal.ts';
import {
  breakers as breakersSchema,
  deskHealth,
  overview as overviewSchema,
  type BreakerReading,
  type Position,
} from '../lib/desk-schemas.ts';
import { useEventStream, type StreamState } from '../lib/sse.ts';
import { useAsync, type Async } from '../lib/use-async.ts';
import { Address, EmptyState, ErrorState, formatTime, Loading, StreamBadge } from '../ui/states.tsx';

/** Live state of the desk: a version bumped by every stream event (views reload on it) and the breakers. */
export interface DeskLive {
  readonly version: number;
  readonly stream: StreamState;
  readonly breakers: Async<{ active: BreakerReading[]; evaluatedAt: string | null }>;
}

/** While the stream is down, the desk still refreshes at this pace. */
const FALLBACK_POLL_MS = 10_000;

export function useDeskLive(): DeskLive {
  const [version, setVersion] = useState(0);
  const bump = (): void => setVersion((v) => v + 1);
  const token = currentToken();
  // The stream needs the session's bearer token, which EventSource cannot send: the fetch transport is used.
  const stream = useEventStream(
    token === null ? null : '/v1/stream/copytrade',
    { ready: bump, signal: bump, position: bump, breaker: bump },
    token === null ? undefined : { authorization: `Bearer ${token}` },
  );
  useEffect(() => {
    if (stream === 'live') return;
    const timer = setInterval(bump, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [stream]);
  const [breakers] = useAsync(
    (signal) => api.get('/v1/copytrade/breakers?limit=20', breakersSchema, signal),
    [version],
  );
  return { version, stream, breakers };
}

function breakerText(b: BreakerReading): string {
  const scope = b.wallet === null ? 'whole book' : `wallet ${b.wallet.slice(0, 4)}…${b.wallet.slice(-4)}`;
  return `${b.kind.replace(/_/g, ' ')} (${scope}): ${b.metric} against the threshold ${b.threshold} over ${b.sampleSize} trades`;
}

/** Shown while any circuit breaker is active: new entries are blocked, exits go on. */
export function BreakerBanner({ live }: { live: DeskLive }) {
  const active = live.breakers.data?.active ?? [];
  return (
    <div aria-live="assertive">
      {active.length === 0 ? null : (
        <div class="banner" role="alert" data-testid="breaker-banner">
          <strong>Circuit breaker active</strong> — new entries are paused; open positions keep their exits.
          <ul>
            {active.map((b, i) => (
              <li key={i}>{breakerText(b)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

const qty = (raw: string, decimals: number): string => formatDecimal(fromBaseUnits(raw, decimals), 2);

function PnlCell({ usd }: { usd: string }) {
  return <span class={signOf(usd) < 0 ? 'neg' : signOf(usd) > 0 ? 'pos' : ''}>{formatUsd(usd)}</span>;
}

export function DeskOverview({ live }: { live: DeskLive }) {
  const [state, reload] = useAsync(
    (signal) => api.get('/v1/copytrade/overview', overviewSchema, signal),
    [live.version],
  );
  return (
    <>
      <div class="panel-head">
        <h2>Overview</h2>
        <StreamBadge state={live.stream} label="Live updates" />
      </div>
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading positions…" />
      ) : (
        <>
          <div class="stats" data-testid="desk-pnl">
            <div class="stat">
              <div class="stat-label">Realized PnL</div>
              <div class="stat-value">
                <PnlCell usd={state.data.pnl.realizedUsd} />
              </div>
            </div>
            <div class="stat">
              <div class="stat-label">Unrealized PnL</div>
              <div class="stat-value">
                <PnlCell usd={state.data.pnl.unrealizedUsd} />
              </div>
            </div>
            <div class="stat">
              <div class="stat-label">Open positions</div>
              <div class="stat-value">{state.data.positions.open}</div>
            </div>
            <div class="stat">
              <div class="stat-label">Closed · errors</div>
              <div class="stat-value">
                {state.data.positions.closed} · {state.data.positions.error}
              </div>
            </div>
          </div>
          <h3>Open positions</h3>
          {state.data.openPositions.length === 0 ? (
            <EmptyState title="No open position">
              <p>
                A watched wallet's buy that passes the safety and breaker checks opens one (paper in
                simulation mode).
              </p>
            </EmptyState>
          ) : (
            <PositionsTable positions={state.data.openPositions} />
          )}
          <h3>Open orders</h3>
          {state.data.openOrders.length === 0 ? (
            <EmptyState title="No open order" />
          ) : (
            <div class="table-wrap">
              <table class="table" data-testid="open-orders">
                <caption class="sr-only">Open orders</caption>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Token</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Status</th>
                    <th scope="col">Attempts</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.openOrders.map((o) => (
                    <tr key={o.id}>
                      <td>{formatTime(o.createdAt)}</td>
                      <td>
                        <Address value={o.mint} />
                      </td>
                      <td>{o.kind}</td>
                      <td>{o.mode}</td>
                      <td title={o.lastError ?? undefined}>{o.status}</td>
                      <td>{o.attempts}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}

function PositionsTable({ positions }: { positions: readonly Position[] }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid="positions">
        <caption class="sr-only">Open positions</caption>
        <thead>
          <tr>
            <th scope="col">Opened</th>
            <th scope="col">Token</th>
            <th scope="col">Source wallet</th>
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Quantity</th>
            <th scope="col">Entry</th>
            <th scope="col">Last</th>
            <th scope="col">Cost</th>
            <th scope="col">Unrealized</th>
            <th scope="col">Stop</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <tr key={p.id}>
              <td>{formatTime(p.openedAt)}</td>
              <td>
                <Address value={p.mint} />
              </td>
              <td>
                <Address value={p.wallet} />
              </td>
              <td>{p.mode === 'simulation' ? 'paper' : p.mode}</td>
              <td title={p.errorReason ?? undefined}>{p.status}</td>
              <td>{qty(p.remainingQtyRaw, p.decimals)}</td>
              <td>{formatPrice(p.entry.priceUsd)}</td>
              <td>{formatPrice(p.lastPriceUsd)}</td>
              <td>{formatUsd(p.entry.costUsd)}</td>
              <td>
                <PnlCell usd={p.unrealizedPnlUsd} />
              </td>
              <td>{formatPrice(p.levels.trailingStopUsd ?? p.levels.stopLossUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RateUse {
  readonly limit: number;
  readonly remaining: number;
  readonly resetSec: number;
}

async function apiRateUse(signal: AbortSignal): Promise<RateUse | null> {
  const token = currentToken();
  const res = await fetch('/v1/health', {
    signal,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  }).catch(() => {
    throw new ApiError('NETWORK', 'Cannot reach the OOF server: check that it is running, then retry.', 0);
  });
  const limit = Number(res.headers.get('x-ratelimit-limit'));
  const remaining = Number(res.headers.get('x-ratelimit-remaining'));
  if (!Number.isFinite(limit) || limit <= 0) return null;
  return { limit, remaining, resetSec: Number(res.headers.get('x-ratelimit-reset') ?? 0) };
}

function Meter({ used, of, label }: { used: number; of: number; label: string }) {
  const pct = of <= 0 ? 0 : Math.min(100, Math.round((used / of) * 100));
  return (
    <div class="row" style="align-items:center">
      <div
        class="progress-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={of}
        aria-valuenow={used}
        style="flex:1"
      >
        <span style={`width:${pct}%`} />
      </div>
      <span>
        {used} / {of}
      </span>
    </div>
  );
}

export function DeskHealth({ live }: { live: DeskLive }) {
  const [state, reload] = useAsync(
    (signal) => api.get('/v1/copytrade/health', deskHealth, signal),
    [live.version],
  );
  const [rate] = useAsync(apiRateUse, [live.version]);
  return (
    <>
      <div class="panel-head">
        <h2>Health</h2>
        <StreamBadge state={live.stream} label="Live updates" />
      </div>
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading health…" />
      ) : (
        <>
          <h3>Workers</h3>
          <dl class="facts" data-testid="engine-health">
            <dt>Copy-trading engine</dt>
            <dd>
              <strong class={state.data.engine.status === 'running' ? 'pos' : 'neg'}>
                {state.data.engine.status}
              </strong>
              {state.data.engine.heartbeatAt === null
                ? ''
                : ` · heartbeat ${formatTime(state.data.engine.heartbeatAt)}`}
            </dd>
            <dt>Rounds · signals decided · exits started</dt>
            <dd>
              {state.data.engine.rounds} · {state.data.engine.signalsDecided} ·{' '}
              {state.data.engine.exitsStarted}
            </dd>
            <dt>Last error</dt>
            <dd>
              {state.data.engine.lastError === null ? 'none' : JSON.stringify(state.data.engine.lastError)}
            </dd>
          </dl>
          <h3>API sources</h3>
          {state.data.priceSources.length === 0 ? (
            <EmptyState title="No price source has answered yet" />
          ) : (
            <div class="table-wrap">
              <table class="table" data-testid="price-sources">
                <caption class="sr-only">Price sources</caption>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Requests</th>
                    <th scope="col">Last success</th>
                    <th scope="col">Failures in a row</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.priceSources.map((s) => (
                    <tr key={s.name}>
                      <td>{s.name}</td>
                      <td>{s.requests}</td>
                      <td>
                        {s.lastSuccessAgeMs === null
                          ? 'never'
                          : `${Math.round(s.lastSuccessAgeMs / 1000)} s ago`}
                      </td>
                      <td class={s.consecutiveFailures > 0 ? 'neg' : ''}>{s.consecutiveFailures}</td>
                      <td>{s.lastError ?? 'none'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Rate-limit use</h3>
          {rate.data === undefined || rate.data === null ? (
            <p class="muted">This server does not report rate limits.</p>
          ) : (
            <>
              <p class="muted">Your requests in the current window (resets in {rate.data.resetSec} s):</p>
              <Meter
                used={rate.data.limit - rate.data.remaining}
                of={rate.data.limit}
                label="API requests used"
              />
            </>
          )}
          {state.data.jupiter === null ? null : (
            <p class="muted">Live swaps (Jupiter): {JSON.stringify(state.data.jupiter)}</p>
          )}
        </>
      )}
    </>
  );
}
