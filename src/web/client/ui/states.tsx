import type { ComponentChildren } from 'preact';
import { ApiError } from '../lib/api.ts';
import type { StreamState } from '../lib/sse.ts';

export function Loading({ label }: { label: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty" data-testid="empty-state">
      <p class="state-title">{title}</p>
      {children === undefined ? null : <div class="state-body">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const code = error instanceof ApiError ? error.code : 'ERROR';
  // Nothing to retry when the thing does not exist: offer a way on instead.
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <div class="state state-error" role="alert" data-testid="error-state">
      <p class="state-title">{missing ? 'Not found' : 'Something went wrong'}</p>
      <p class="state-body">
        <code>{code}</code> {error.message}
      </p>
      {missing ? (
        <a class="btn" href="/analyze">
          Analyze a wallet
        </a>
      ) : retry === undefined ? null : (
        <button type="button" class="btn" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

const STREAM_LABEL: Readonly<Record<StreamState, string>> = {
  idle: 'not connected',
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  closed: 'complete',
};

/** The connection state of a live stream, announced politely to screen readers. */
export function StreamBadge({ state, label }: { state: StreamState; label: string }) {
  return (
    <span class={`badge stream-${state}`} role="status" aria-live="polite" data-testid="stream-state">
      <span class="dot" aria-hidden="true" />
      {label}: {STREAM_LABEL[state]}
    </span>
  );
}

export function Address({ value, full = false }: { value: string; full?: boolean }) {
  return (
    <code class="address" title={value}>
      {full || value.length <= 12 ? value : `${value.slice(0, 4)}…${value.slice(-4)}`}
    </code>
  );
}

export function formatTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = typeof iso === 'number' ? new Date(iso * 1000) : new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
