import { useEffect, useRef, useState } from 'preact/hooks';

export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

/** A handler returns `'close'` when the stream is complete (the app then stops reconnecting). */
export type StreamHandlers = Readonly<Record<string, (data: unknown, id: string) => void | 'close'>>;

const MAX_BACKOFF_MS = 30_000;

interface Connection {
  close(): void;
}

interface Callbacks {
  open(): void;
  /** The connection failed or ended; `fatal` when retrying cannot help (4xx other than 429). */
  failed(fatal: boolean): void;
  event(name: string, data: string, id: string): void;
}

export interface SseEvent {
  readonly name: string;
  readonly data: string;
  readonly id: string;
}

/**
 * The complete events at the start of a text/event-stream buffer and the unfinished rest (the SSE format:
 * blank-line separated blocks of `field: value` lines; comments start with `:`; `data` lines join with \n).
 */
export function splitSseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let rest = buffer;
  for (;;) {
    const m = /\r?\n\r?\n/.exec(rest);
    if (m === null) break;
    const block = rest.slice(0, m.index);
    rest = rest.slice(m.index + m[0].length);
    let name = 'message';
    let id = '';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) events.push({ name, data: data.join('\n'), id });
  }
  return { events, rest };
}

/** Native EventSource: the browser reconnects by itself with Last-Event-ID while the server allows it. */
function connectEventSource(url: string, names: readonly string[], cb: Callbacks): Connection {
  const es = new EventSource(url);
  es.onopen = () => cb.open();
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) cb.failed(false);
  };
  for (const name of names) {
    es.addEventListener(name, (ev) => {
      const e = ev as MessageEvent<string>;
      cb.event(name, e.data, e.lastEventId);
    });
  }
  return { close: () => es.close() };
}

/**
 * The same protocol over fetch, for streams that need an `Authorization` header (EventSource cannot send
 * one): text/event-stream parsed by hand, `Last-Event-ID` sent on reconnects.
 */
function connectFetch(
  url: string,
  headers: Record<string, string>,
  lastId: string,
  cb: Callbacks,
): Connection {
  const ctl = new AbortController();
  const run = async (): Promise<void> => {
    const res = await fetch(url, {
      headers: {
        accept: 'text/event-stream',
        ...headers,
        ...(lastId === '' ? {} : { 'last-event-id': lastId }),
      },
      signal: ctl.signal,
      cache: 'no-store',
    });
    if (!res.ok || res.body === null) {
      cb.failed(res.status >= 400 && res.status < 500 && res.status !== 429);
      return;
    }
    cb.open();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const parsed = splitSseEvents(buffer);
      buffer = parsed.rest;
      for (const e of parsed.events) cb.event(e.name, e.data, e.id);
    }
    cb.failed(false);
  };
  run().catch(() => {
    if (!ctl.signal.aborted) cb.failed(false);
  });
  return { close: () => ctl.abort() };
}

/**
 * A live stream on `url` (null: none) with its connection state. Without `headers` it is a native
 * EventSource; with them, the same protocol over fetch. When a connection drops the hook reconnects with
 * backoff, passing the last event id, and shows `reconnecting` meanwhile.
 */
export function useEventStream(
  url: string | null,
  handlers: StreamHandlers,
  headers?: Record<string, string>,
): StreamState {
  const [state, setState] = useState<StreamState>(url === null ? 'idle' : 'connecting');
  const current = useRef(handlers);
  current.current = handlers;
  const headerKey = headers === undefined ? '' : JSON.stringify(headers);
  useEffect(() => {
    if (url === null) {
      setState('idle');
      return;
    }
    let conn: Connection | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let lastId = '';
    let stopped = false;
    const names = Object.keys(current.current);
    const retry = (fatal: boolean): void => {
      if (stopped) return;
      conn?.close();
      attempts += 1;
      setState('reconnecting');
      // A refused stream (401/403/404) is retried slowly: a sign-in or a deploy may fix it.
      timer = setTimeout(open, fatal ? MAX_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts));
    };
    const callbacks: Callbacks = {
      open: () => {
        attempts = 0;
        setState('live');
      },
      failed: retry,
      event: (name, raw, id) => {
        if (stopped) return;
        if (id !== '') lastId = id;
        let data: unknown = raw;
        try {
          data = JSON.parse(raw);
        } catch {
          // not JSON: handed over as text
        }
        if (current.current[name]?.(data, id) === 'close') {
          stopped = true;
          conn?.close();
          setState('closed');
        }
      },
    };
    const open = (): void => {
      if (stopped) return;
      setState(attempts === 0 ? 'connecting' : 'reconnecting');
      if (headers === undefined) {
        const sep = url.includes('?') ? '&' : '?';
        const target = lastId === '' ? url : `${url}${sep}lastEventId=${encodeURIComponent(lastId)}`;
        conn = connectEventSource(target, names, callbacks);
      } else {
        conn = connectFetch(url, headers, lastId, callbacks);
      }
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      conn?.close();
    };
    // Handler names are fixed per call site; the url and headers decide the stream.
  }, [url, headerKey]);
  return state;
}
