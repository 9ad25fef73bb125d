import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, query } from '../lib/api.ts';
import { useSession } from '../lib/auth.ts';
import { WALLET_ADDRESS } from '../lib/base58.ts';
import { compareDecimal, formatPct, formatUsd, signOf } from '../lib/decimal.ts';
import { navigate } from '../lib/router.ts';
import {
  analyzeStarted,
  doneEvent,
  errorEvent,
  KIND_LABEL,
  MOMENT_KINDS,
  momentsPage,
  progressEvent,
  walletSummary,
  type Moment,
  type MomentKind,
  type ProgressEvent,
} from '../lib/schemas.ts';
import { useEventStream } from '../lib/sse.ts';
import { useAsync } from '../lib/use-async.ts';
import { Address, EmptyState, ErrorState, formatTime, Loading, StreamBadge } from '../ui/states.tsx';
import { MomentCard, ShareLink } from './moment.tsx';
import { TokenEpisodes } from './episodes.tsx';

export function AnalyzeView({ wallet, job }: { wallet: string | undefined; job: string | undefined }) {
  const [refresh, setRefresh] = useState(0);
  return (
    <section aria-labelledby="analyze-title">
      <h1 id="analyze-title">Analyze a wallet</h1>
      <AnalyzeForm initial={wallet ?? ''} />
      {wallet === undefined ? (
        <EmptyState title="Paste a Solana wallet address to find its OOF moments">
          <p>
            The analysis reads the wallet's history within your plan's window, prices every trade and ranks
            the moments it sold too early, held a bag, took a bad route, left SOL idle or got rugged.
          </p>
        </EmptyState>
      ) : (
        <>
          {job === undefined ? null : (
            <AnalysisProgress key={job} job={job} onFinished={() => setRefresh((r) => r + 1)} />
          )}
          <WalletResults wallet={wallet} refresh={refresh} />
        </>
      )}
    </section>
  );
}

function AnalyzeForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const w = value.trim();
    if (!WALLET_ADDRESS.test(w)) {
      setError('That is not a Solana address: 32–44 base58 characters (no 0, O, I or l).');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const started = await api.post('/v1/analyze', { wallets: [w] }, analyzeStarted);
      navigate(`/analyze/${w}?job=${started.jobId}`);
    } catch (err) {
      setError(err instanceof ApiError ? `${err.message} (${err.code})` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="analyze-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <label for="wallet-input">Wallet address</label>
      <div class="row">
        <input
          id="wallet-input"
          name="wallet"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          placeholder="e.g. 6rwkEATAcUzGb1yTZMSkwRKGZfvYQFovihFg2duBFU2o"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error !== null}
          aria-describedby={error === null ? undefined : 'wallet-error'}
        />
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? 'Starting…' : 'Analyze'}
        </button>
      </div>
      {error === null ? null : (
        <p id="wallet-error" class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

const STAGES = ['backfill', 'prices', 'compute', 'save'] as const;
const STAGE_LABEL: Readonly<Record<(typeof STAGES)[number], string>> = {
  backfill: 'Reading history',
  prices: 'Pricing tokens',
  compute: 'Replaying trades',
  save: 'Saving moments',
};

function stageDetail(p: ProgressEvent): string {
  switch (p.stage) {
    case 'backfill':
      return `${p.signatures ?? 0} signatures, ${p.fetched ?? 0} fetched, ${p.alreadyStored ?? 0} already stored`;
    case 'prices':
      return `${p.done ?? 0} of ${p.mints ?? 0} tokens`;
    case 'compute':
      return `${p.actions ?? 0} actions`;
    case 'save':
      return `${p.moments ?? 0} moments`;
    default:
      return '';
  }
}

/** Live progress of one analysis from its SSE stream (replayed from the start, then live). */
function AnalysisProgress({ job, onFinished }: { job: string; onFinished: () => void }) {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [moments, setMoments] = useState(0);
  const [result, setResult] = useState<{ status: string; pnl?: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const state = useEventStream(`/v1/analyze/${job}/stream`, {
    progress: (data) => {
      const p = progressEvent.safeParse(data);
      if (p.success) setProgress(p.data);
    },
    moment: () => setMoments((n) => n + 1),
    done: (data) => {
      const d = doneEvent.parse(data);
      setResult({ status: d.status, ...(d.realizedPnlUsd === undefined ? {} : { pnl: d.realizedPnlUsd }) });
      onFinished();
      return d.status === 'done' ? 'close' : undefined;
    },
    error: (data) => {
      const e = errorEvent.safeParse(data);
      setFailure(
        e.success ? `${e.data.message ?? 'the analysis failed'} (${e.data.code ?? 'ERROR'})` : 'failed',
      );
      onFinished();
      return 'close';
    },
  });
  const current = progress === null ? -1 : STAGES.indexOf(progress.stage as (typeof STAGES)[number]);
  const finished = result?.status === 'done';
  return (
    <div class="panel progress" data-testid="analysis-progress">
      <div class="panel-head">
        <h2>Analysis</h2>
        <StreamBadge state={state} label="Progress" />
      </div>
      <ol class="stages">
        {STAGES.map((s, i) => {
          const status = finished || i < current ? 'done' : i === current ? 'active' : 'pending';
          return (
            <li
              key={s}
              class={`stage stage-${status}`}
              aria-current={status === 'active' ? 'step' : undefined}
            >
              <span class="stage-name">{STAGE_LABEL[s]}</span>
              {i === current && progress !== null ? (
                <span class="muted"> — {stageDetail(progress)}</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p aria-live="polite" class="progress-line" data-testid="progress-line">
        {failure !== null
          ? `Analysis failed: ${failure}`
          : result === null
            ? `${moments} moments found so far…`
            : result.status === 'done'
              ? `Done: ${moments} moments, realized PnL ${formatUsd(result.pnl)}.`
              : `Run finished (${result.status}); the next run continues the history…`}
      </p>
    </div>
  );
}

interface Results {
  summary: ReturnType<typeof walletSummary.parse>;
  moments: Moment[];
  truncated: boolean;
}

async function loadResults(wallet: string, signal: AbortSignal): Promise<Results> {
  const summary = await api.get(`/v1/wallets/${wallet}/summary`, walletSummary, signal);
  const moments: Moment[] = [];
  let cursor: string | null = null;
  // Up to 600 moments, newest first; ranked by USD below.
  for (let page = 0; page < 3; page++) {
    const got: { moments: Moment[]; next: string | null } = await api.get(
      `/v1/moments${query({ wallet, limit: 200, cursor })}`,
      momentsPage,
      signal,
    );
    moments.push(...got.moments);
    cursor = got.next;
    if (cursor === null) break;
  }
  return { summary, moments, truncated: cursor !== null };
}

function WalletResults({ wallet, refresh }: { wallet: string; refresh: number }) {
  const session = useSession();
  const [state, reload] = useAsync((signal) => loadResults(wallet, signal), [wallet, refresh]);
  if (state.status === 'error') return <ErrorState error={state.error} retry={reload} />;
  if (state.data === undefined) return <Loading label="Loading the wallet's results…" />;
  const { summary, moments, truncated } = state.data;
  const last = summary.lastAnalysis;
  return (
    <div class="results" aria-busy={state.status === 'loading'}>
      <div class="stats" data-testid="wallet-summary">
        <Stat label="Wallet" value={<Address value={wallet} />} />
        <Stat
          label="Realized PnL"
          value={
            <span class={signOf(summary.realizedPnlUsd) < 0 ? 'neg' : 'pos'}>
              {formatUsd(summary.realizedPnlUsd)}
            </span>
          }
        />
        <Stat label="Trades" value={String(summary.trades)} />
        <Stat label="Episodes" value={String(summary.episodes)} />
        <Stat label="Open lots" value={String(summary.openLots)} />
        <Stat
          label="Last analysis"
          value={
            last === null ? (
              'never'
            ) : (
              <span class="small">
                {last.status} · {last.plan} · {formatTime(last.updatedAt)}
              </span>
            )
          }
        />
      </div>
      {last === null ? (
        <EmptyState title="This wallet has not been analysed yet">
          <p>Press Analyze above to read its history and rank its moments.</p>
        </EmptyState>
      ) : moments.length === 0 ? (
        <EmptyState title="No OOF moments in this analysis">
          <p>
            The {last.plan} plan looked from {formatTime(last.window.from)} to {formatTime(last.window.to)}{' '}
            and found no moment above the detectors' thresholds.
            {last.plan === 'FREE'
              ? session === null
                ? ' Anonymous analyses cover the last 180 days: sign in with a wallet on a deeper plan to look back up to two years.'
                : ' The FREE plan covers the last 180 days; LITE and PRO look back one and two years.'
              : ''}
          </p>
        </EmptyState>
      ) : (
        <RankedMoments moments={moments} truncated={truncated} />
      )}
      {last === null ? null : <TokenEpisodes wallet={wallet} refresh={refresh} />}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
    </div>
  );
}

const PAGE = 12;

function RankedMoments({ moments, truncated }: { moments: Moment[]; truncated: boolean }) {
  const [kinds, setKinds] = useState<ReadonlySet<MomentKind>>(new Set(MOMENT_KINDS));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [shown, setShown] = useState(PAGE);
  const ranked = useMemo(
    () => [...moments].sort((a, b) => compareDecimal(b.usd, a.usd) || (a.id < b.id ? -1 : 1)),
    [moments],
  );
  const filtered = ranked.filter((m) => {
    if (!kinds.has(m.kind)) return false;
    const day = m.tEvent.slice(0, 10);
    if (from !== '' && day < from) return false;
    if (to !== '' && day > to) return false;
    return true;
  });
  const counts = new Map<MomentKind, number>();
  for (const m of moments) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const top = filtered[0];
  const toggle = (k: MomentKind): void => {
    const next = new Set(kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setKinds(next);
    setShown(PAGE);
  };
  return (
    <>
      <fieldset class="filters">
        <legend>Filter moments</legend>
        <div class="kind-filters">
          {MOMENT_KINDS.map((k) => (
            <label key={k} class={`chip kind-${k}`}>
              <input type="checkbox" checked={kinds.has(k)} onChange={() => toggle(k)} />
              {KIND_LABEL[k]} <span class="muted">({counts.get(k) ?? 0})</span>
            </label>
          ))}
        </div>
        <div class="date-filters">
          <label>
            From{' '}
            <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            To <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
          </label>
        </div>
      </fieldset>
      {top === undefined ? (
        <EmptyState title="No moment matches these filters">
          <p>Tick more kinds or widen the dates.</p>
        </EmptyState>
      ) : (
        <>
          <section class="top-moment" aria-labelledby="top-moment-title" data-testid="top-moment">
            <h2 id="top-moment-title">Top moment</h2>
            <MomentCard moment={top} large />
          </section>
          <section aria-labelledby="ranked-title">
            <h2 id="ranked-title">
              Ranked moments{' '}
              <span class="muted">
                ({filtered.length}
                {truncated ? '+' : ''})
              </span>
            </h2>
            <ol class="moment-list">
              {filtered.slice(0, shown).map((m, i) => (
                <li key={m.id} class="moment-row">
                  <span class="rank" aria-label={`rank ${i + 1}`}>
                    {i + 1}
                  </span>
                  <img
                    class="thumb"
                    src={`/v1/cards/moment/${encodeURIComponent(m.id)}.png`}
                    alt=""
                    loading="lazy"
                    width={240}
                    height={126}
                  />
                  <div class="moment-info">
                    <span class={`kind-tag kind-${m.kind}`}>{KIND_LABEL[m.kind]}</span>
                    <strong>{formatUsd(m.usd)}</strong> <span class="muted">{formatPct(m.pct)}</span>
                    <div class="muted">
                      <Address value={m.mint} /> · {formatTime(m.tEvent)}
                    </div>
                    <ShareLink id={m.id} />
                  </div>
                </li>
              ))}
            </ol>
            {shown < filtered.length ? (
              <button type="button" class="btn" onClick={() => setShown((s) => s + PAGE)}>
                Show {Math.min(PAGE, filtered.length - shown)} more
              </button>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}
