import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { formatPct, formatPrice, formatUsd } from '../lib/decimal.ts';
import { KIND_LABEL, moment as momentSchema, type Moment } from '../lib/schemas.ts';
import { useAsync } from '../lib/use-async.ts';
import { Address, ErrorState, formatTime, Loading } from '../ui/states.tsx';

export const shareUrl = (id: string): string => `${location.origin}/moments/${encodeURIComponent(id)}`;

/** The moment's share link with a copy button (the link opens the moment's page with its card). */
export function ShareLink({ id }: { id: string }) {
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  const url = shareUrl(id);
  const copy = (): void => {
    navigator.clipboard.writeText(url).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  };
  return (
    <span class="share">
      <a href={`/moments/${encodeURIComponent(id)}`}>Share link</a>
      <button type="button" class="btn small" onClick={copy} aria-label="Copy the share link">
        Copy
      </button>
      <span aria-live="polite" class="muted">
        {copied === 'ok' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the link instead' : ''}
      </span>
    </span>
  );
}

/** The detector's explanation values: unix times as dates, USD and fractions formatted, the rest as given. */
function explainValue(key: string, v: unknown): string {
  if (typeof v === 'number' && /(At|Start|End)$/.test(key) && v > 1e9) return formatTime(v);
  if (typeof v === 'string' && /Usd$/.test(key)) return /^-?0\./.test(v) ? formatPrice(v) : formatUsd(v);
  if (typeof v === 'string' && /Pct$/.test(key)) return formatPct(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function headline(m: Moment): string {
  return `${KIND_LABEL[m.kind]}: ${formatUsd(m.usd)} (${formatPct(m.pct)})`;
}

/** The moment's rendered card (PNG from the API) with its facts. */
export function MomentCard({ moment: m, large = false }: { moment: Moment; large?: boolean }) {
  const [failed, setFailed] = useState(false);
  return (
    <figure class={`moment-card${large ? ' large' : ''}`} data-testid="moment-card">
      {failed ? (
        <div class="card-missing" role="img" aria-label={headline(m)}>
          {headline(m)}
        </div>
      ) : (
        <img
          src={`/v1/cards/moment/${encodeURIComponent(m.id)}.png`}
          alt={`OOF card — ${headline(m)} on token ${m.mint}`}
          width={1200}
          height={630}
          onError={() => setFailed(true)}
        />
      )}
      <figcaption>
        <span class={`kind-tag kind-${m.kind}`}>{KIND_LABEL[m.kind]}</span>{' '}
        <strong>{formatUsd(m.usd)}</strong>{' '}
        <span class="muted">
          {formatPct(m.pct)} · <Address value={m.mint} /> · {formatTime(m.tEvent)} · {m.status}
        </span>
        <div>
          <ShareLink id={m.id} />
        </div>
      </figcaption>
    </figure>
  );
}

/** `/moments/:id`: one moment, shareable — its card, numbers and provenance. */
export function MomentView({ id }: { id: string }) {
  const [state, reload] = useAsync(
    (signal) => api.get(`/v1/moments/${encodeURIComponent(id)}`, momentSchema, signal),
    [id],
  );
  if (state.status === 'error') return <ErrorState error={state.error} retry={reload} />;
  if (state.data === undefined) return <Loading label="Loading the moment…" />;
  const m = state.data;
  return (
    <section aria-labelledby="moment-title">
      <h1 id="moment-title">{headline(m)}</h1>
      <MomentCard moment={m} large />
      <dl class="facts">
        <dt>Wallet</dt>
        <dd>
          <a href={`/analyze/${m.wallet}`}>
            <Address value={m.wallet} full />
          </a>
        </dd>
        <dt>Token</dt>
        <dd>
          <Address value={m.mint} full />
        </dd>
        <dt>When</dt>
        <dd>{formatTime(m.tEvent)}</dd>
        <dt>Transaction</dt>
        <dd>
          <Address value={m.sigRef} /> {m.slotRef === null ? '' : `(slot ${m.slotRef})`}
        </dd>
        <dt>Price source</dt>
        <dd>
          {m.priceSource} · confidence {m.confidence} · {m.detectorVersion}
        </dd>
        {Object.entries(m.explain).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}</dt>
            <dd>{explainValue(k, v)}</dd>
          </Fragment>
        ))}
      </dl>
      <p>
        <a
          class="btn"
          href={`/v1/cards/moment/${encodeURIComponent(m.id)}.png?size=square`}
          target="_blank"
          rel="noopener"
        >
          Square card (PNG)
        </a>
      </p>
    </section>
  );
}
