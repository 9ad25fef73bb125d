import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.ts';
import { formatDecimal, formatUsd, fromBaseUnits } from '../lib/decimal.ts';
import { groupEpisodes, type TokenHistory, type Trade } from '../lib/episodes.ts';
import { actionsPage, candles as candlesSchema, type Action } from '../lib/schemas.ts';
import { useAsync } from '../lib/use-async.ts';
import { PriceChart, type ChartMarker } from '../ui/price-chart.tsx';
import { Address, EmptyState, ErrorState, formatTime, Loading } from '../ui/states.tsx';

async function loadActions(
  wallet: string,
  signal: AbortSignal,
): Promise<{ actions: Action[]; truncated: boolean }> {
  const actions: Action[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 4; page++) {
    const got: { actions: Action[]; nextCursor: string | null } = await api.get(
      `/v1/wallets/${wallet}/actions${query({ limit: 500, cursor })}`,
      actionsPage,
      signal,
    );
    actions.push(...got.actions);
    cursor = got.nextCursor;
    if (cursor === null) break;
  }
  return { actions, truncated: cursor !== null };
}

export function TokenEpisodes({ wallet, refresh }: { wallet: string; refresh: number }) {
  const [state, reload] = useAsync((signal) => loadActions(wallet, signal), [wallet, refresh]);
  return (
    <section aria-labelledby="episodes-title" class="episodes">
      <h2 id="episodes-title">Episodes per token</h2>
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading the wallet's trades…" />
      ) : (
        <EpisodeList
          tokens={groupEpisodes(state.data.actions)}
          truncated={state.data.truncated}
          refresh={refresh}
        />
      )}
    </section>
  );
}

/** `refresh` changes when an analysis finishes: its price fill may have stored the candles a chart lacked. */
function EpisodeList({
  tokens,
  truncated,
  refresh,
}: {
  tokens: TokenHistory[];
  truncated: boolean;
  refresh: number;
}) {
  if (tokens.length === 0) {
    return <EmptyState title="No token trades stored for this wallet" />;
  }
  return (
    <>
      {truncated ? <p class="muted">Showing the latest 2,000 actions.</p> : null}
      {tokens.slice(0, 30).map((t, i) => (
        <TokenPanel key={t.mint} token={t} initiallyOpen={i === 0} refresh={refresh} />
      ))}
    </>
  );
}

function TokenPanel({
  token,
  initiallyOpen,
  refresh,
}: {
  token: TokenHistory;
  initiallyOpen: boolean;
  refresh: number;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details
      class="token"
      open={initiallyOpen}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>
        <Address value={token.mint} /> — {token.episodes.length} episode
        {token.episodes.length === 1 ? '' : 's'}, {token.trades} trade{token.trades === 1 ? '' : 's'}
      </summary>
      {open ? <TokenChart token={token} refresh={refresh} /> : null}
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">Episodes of {token.mint}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Entry</th>
              <th scope="col">Exit</th>
              <th scope="col">Buys / sells</th>
              <th scope="col">USD in</th>
              <th scope="col">USD out</th>
            </tr>
          </thead>
          <tbody>
            {token.episodes.map((e, i) => {
              const buys = e.trades.filter((t) => t.side === 'buy');
              const sells = e.trades.filter((t) => t.side === 'sell');
              const last = e.trades[e.trades.length - 1];
              return (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{formatTime(e.trades[0]?.t)}</td>
                  <td>{e.open ? 'open' : formatTime(last?.t)}</td>
                  <td>
                    {buys.length} / {sells.length}
                  </td>
                  <td>{sumUsd(buys)}</td>
                  <td>{sumUsd(sells)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Exact sum of the trades' USD values (18 fractional digits); `—` when one is unpriced. */
function sumUsd(trades: readonly Trade[]): string {
  if (trades.length === 0) return '—';
  let total = 0n;
  for (const t of trades) {
    if (t.usd === null) return '—';
    const [int = '0', frac = ''] = t.usd.split('.');
    total += BigInt(int) * 10n ** 18n + BigInt(frac.slice(0, 18).padEnd(18, '0'));
  }
  return formatUsd(fromBaseUnits(total.toString(), 18));
}

function TokenChart({ token, refresh }: { token: TokenHistory; refresh: number }) {
  const first = token.episodes[0]?.trades[0];
  const since = first === undefined ? undefined : new Date((first.t - 6 * 3600) * 1000).toISOString();
  const [state, reload] = useAsync(
    (signal) =>
      api.get(
        `/v1/tokens/${token.mint}/prices${query({ tf: '1h', since, limit: 2000 })}`,
        candlesSchema,
        signal,
      ),
    [token.mint, refresh],
  );
  if (state.status === 'error') return <ErrorState error={state.error} retry={reload} />;
  if (state.data === undefined) return <Loading label="Loading prices…" />;
  const markers: ChartMarker[] = token.episodes.flatMap((e, i) =>
    e.trades.map((t) => ({
      t: t.t,
      role: t.side === 'buy' ? ('entry' as const) : ('exit' as const),
      label: `Episode ${i + 1}: ${t.side} ${formatDecimal(fromBaseUnits(t.qtyRaw.toString(), t.decimals), 2)} for ${formatUsd(t.usd)} at ${formatTime(t.t)}`,
    })),
  );
  return (
    <div class="chart-wrap">
      <PriceChart candles={state.data.candles} markers={markers} title={`Price of ${token.mint}`} />
      <p class="legend muted">
        <span class="legend-entry">▲ entry</span> <span class="legend-exit">▼ exit</span> · hourly closes
      </p>
    </div>
  );
}
