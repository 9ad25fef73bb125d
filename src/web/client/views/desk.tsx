import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../lib/api.ts';
import { useSession } from '../lib/auth.ts';
import { WALLET_ADDRESS } from '../lib/base58.ts';
import { formatDecimal, formatPct, formatUsd, fromBaseUnits } from '../lib/decimal.ts';
import {
  COPY_MODES,
  copyWallet,
  copyWallets,
  performance,
  signalsPage,
  TEMPLATES,
  type CopyWallet,
  type PerformanceRow,
} from '../lib/desk-schemas.ts';
import { BreakerBanner, DeskHealth, DeskOverview, useDeskLive, type DeskLive } from './desk-live.tsx';
import { DeskConfig } from './desk-config.tsx';
import { navigate } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { Address, EmptyState, ErrorState, formatTime, Loading } from '../ui/states.tsx';
import { Tabs } from '../ui/tabs.tsx';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'watchlist', label: 'Watchlist' },
  { id: 'signals', label: 'Signals' },
  { id: 'config', label: 'Config' },
  { id: 'health', label: 'Health' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function DeskView({ tab }: { tab: string | undefined }) {
  const session = useSession();
  const selected: TabId = TABS.some((t) => t.id === tab) ? (tab as TabId) : 'overview';
  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">Copy-trading desk</h1>
      {session === null ? (
        <EmptyState title="Sign in to use the copy-trading desk">
          <p>
            The watchlist, signals and positions belong to signed-in operators: use “Sign in with wallet”
            above.
          </p>
        </EmptyState>
      ) : (
        <SignedInDesk selected={selected} />
      )}
    </section>
  );
}

function SignedInDesk({ selected }: { selected: TabId }) {
  const live = useDeskLive();
  return (
    <>
      <BreakerBanner live={live} />
      <Tabs
        label="Copy-trading desk"
        idPrefix="desk"
        tabs={TABS}
        selected={selected}
        onSelect={(id) => navigate(`/desk/${id}`, { replace: true })}
      >
        {selected === 'overview' ? (
          <DeskOverview live={live} />
        ) : selected === 'watchlist' ? (
          <Watchlist live={live} />
        ) : selected === 'signals' ? (
          <Signals live={live} />
        ) : selected === 'config' ? (
          <DeskConfig />
        ) : (
          <DeskHealth live={live} />
        )}
      </Tabs>
    </>
  );
}

function errorText(e: unknown): string {
  return e instanceof ApiError ? `${e.message} (${e.code})` : (e as Error).message;
}

function Watchlist({ live }: { live: DeskLive }) {
  const [state, reload] = useAsync(
    (signal) => api.get('/v1/copytrade/wallets', copyWallets, signal),
    [live.version],
  );
  const [perf] = useAsync(
    (signal) => api.get('/v1/copytrade/performance?window=all', performance, signal),
    [live.version],
  );
  const perfOf = new Map((perf.data?.wallets ?? []).map((p) => [p.wallet, p]));
  return (
    <>
      <AddWallet onAdded={reload} />
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading the watchlist…" />
      ) : state.data.wallets.length === 0 ? (
        <EmptyState title="No wallet on the watchlist yet">
          <p>Add a wallet above: its swaps become signals, decided by its strategy.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="watchlist">
            <caption class="sr-only">Watched wallets</caption>
            <thead>
              <tr>
                <th scope="col">Wallet</th>
                <th scope="col">Mode</th>
                <th scope="col">Strategy</th>
                <th scope="col">Performance (all time)</th>
                <th scope="col">Webhook</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.wallets.map((w) => (
                <WalletRow key={w.address} wallet={w} perf={perfOf.get(w.address)} onChanged={reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function AddWallet({ onAdded }: { onAdded: () => void }) {
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [mode, setMode] = useState<(typeof COPY_MODES)[number]>('simulation');
  const [template, setTemplate] = useState<(typeof TEMPLATES)[number]>('default');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const a = address.trim();
    if (!WALLET_ADDRESS.test(a)) {
      setError('That is not a Solana address: 32–44 base58 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(
        '/v1/copytrade/wallets',
        { address: a, label: label.trim() === '' ? null : label.trim(), mode, strategy: { template } },
        copyWallet,
      );
      setAddress('');
      setLabel('');
      onAdded();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-wallet-title">
      <h2 id="add-wallet-title">Add a wallet</h2>
      <div class="form-grid">
        <label>
          Address
          <input
            name="address"
            value={address}
            onInput={(e) => setAddress((e.target as HTMLInputElement).value)}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={error !== null}
          />
        </label>
        <label>
          Label
          <input
            name="label"
            value={label}
            maxLength={100}
            onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Mode
          <select
            name="mode"
            value={mode}
            onChange={(e) => setMode((e.target as HTMLSelectElement).value as typeof mode)}
          >
            {COPY_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Strategy
          <select
            name="template"
            value={template}
            onChange={(e) => setTemplate((e.target as HTMLSelectElement).value as typeof template)}
          >
            {TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add to watchlist'}
        </button>
      </div>
      {error === null ? null : (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function WalletRow({
  wallet: w,
  perf,
  onChanged,
}: {
  wallet: CopyWallet;
  perf: PerformanceRow | undefined;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const patch = (body: Record<string, unknown>): void => {
    setError(null);
    api
      .patch(`/v1/copytrade/wallets/${w.address}`, body, copyWallet)
      .then(onChanged, (e: unknown) => setError(errorText(e)));
  };
  const remove = (): void => {
    setError(null);
    api
      .delete(`/v1/copytrade/wallets/${w.address}`, copyWallet)
      .then(onChanged, (e: unknown) => setError(errorText(e)));
  };
  const name = w.label ?? w.address;
  return (
    <tr>
      <td>
        {w.label === null ? null : <strong>{w.label} </strong>}
        <Address value={w.address} />
        {error === null ? null : (
          <div class="field-error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        <select
          aria-label={`Mode of ${name}`}
          value={w.mode}
          onChange={(e) => patch({ mode: (e.target as HTMLSelectElement).value })}
        >
          {COPY_MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          aria-label={`Strategy of ${name}`}
          value={w.strategy.template}
          onChange={(e) => patch({ strategy: { template: (e.target as HTMLSelectElement).value } })}
        >
          {TEMPLATES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </td>
      <td>
        {perf === undefined || perf.trades === 0
          ? 'no closed trade'
          : `${perf.trades} trades · ${formatPct(perf.winRate)} wins · ${formatUsd(perf.pnlUsd)}`}
      </td>
      <td title={w.sync.error ?? undefined}>{w.sync.status}</td>
      <td>{w.active ? 'active' : 'removed'}</td>
      <td>
        {w.active ? (
          <button type="button" class="btn small danger" onClick={remove} aria-label={`Remove ${name}`}>
            Remove
          </button>
        ) : (
          <button
            type="button"
            class="btn small"
            onClick={() => patch({ active: true })}
            aria-label={`Restore ${name}`}
          >
            Restore
          </button>
        )}
      </td>
    </tr>
  );
}

const WINDOWS = [
  { id: 'all', label: 'All' },
  { id: '30d', label: '30 days' },
  { id: '7d', label: '7 days' },
  { id: '24h', label: '24 hours' },
] as const;
const OUTCOMES = [
  'position_opened',
  'entry_queued',
  'mirror_exit',
  'filtered_safety',
  'filtered_breaker',
  'filtered_size',
  'filtered_fill',
  'duplicate',
  'ignored_inactive',
  'ignored_no_exit',
  'pending',
  'error',
] as const;

/** Where a signal came from, as the table says it. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  helius_webhook: 'webhook',
  ws_subscription: 'WebSocket',
};

function Signals({ live }: { live: DeskLive }) {
  const [windowId, setWindowId] = useState<(typeof WINDOWS)[number]['id']>('all');
  const [outcome, setOutcome] = useState('');
  const [state, reload] = useAsync(
    (signal) =>
      api.get(
        `/v1/copytrade/signals${query({ window: windowId, outcome, limit: 100 })}`,
        signalsPage,
        signal,
      ),
    [windowId, outcome, live.version],
  );
  return (
    <>
      <div class="row" style="align-items:center">
        <div role="radiogroup" aria-label="Signal window" class="row">
          {WINDOWS.map((w) => (
            <label key={w.id} class="chip">
              <input
                type="radio"
                name="signal-window"
                checked={w.id === windowId}
                onChange={() => setWindowId(w.id)}
              />
              {w.label}
            </label>
          ))}
        </div>
        <label>
          Outcome{' '}
          <select value={outcome} onChange={(e) => setOutcome((e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === 'error' ? (
        <ErrorState error={state.error} retry={reload} />
      ) : state.data === undefined ? (
        <Loading label="Loading signals…" />
      ) : state.data.signals.length === 0 ? (
        <EmptyState title="No signal in this window">
          <p>
            Signals appear when a watched wallet swaps (Helius webhook deliveries or the WebSocket
            subscription).
          </p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="signals">
            <caption class="sr-only">Copy-trading signals</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Wallet</th>
                <th scope="col">Side</th>
                <th scope="col">Token</th>
                <th scope="col">Amount</th>
                <th scope="col">USD</th>
                <th scope="col">Source</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {state.data.signals.map((s) => (
                <tr key={`${s.signature}:${s.wallet}`}>
                  <td>{formatTime(s.receivedAt)}</td>
                  <td>
                    <Address value={s.wallet} />
                  </td>
                  <td>{s.side}</td>
                  <td>
                    <Address value={s.mint} />
                  </td>
                  <td>
                    {s.decimals === null || s.decimals === undefined
                      ? String(s.amountRaw)
                      : formatDecimal(fromBaseUnits(String(s.amountRaw), s.decimals), 2)}
                  </td>
                  <td>{formatUsd(s.usd)}</td>
                  <td>{SOURCE_LABELS[s.source ?? ''] ?? '—'}</td>
                  <td title={s.reason ?? undefined}>{s.outcome.replace(/_/g, ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
