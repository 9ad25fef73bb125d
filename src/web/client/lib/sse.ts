import { useEffect, useRef, useState } from 'preact/hooks';

export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

/** A handler returns `'close'` when the stream is complete (the app then stops reconnecting). */
export type StreamHandlers = Readonly<Record<string, (data: unknown, id: string) => void | 'close'>>;

const MAX_BACKOFF_MS = 30_000;

/**
 * An EventSource on `url` (null: none) with its connection state. The browser reconnects by itself with
 * `Last-Event-ID`; when it gives up (an HTTP error), the hook reconnects with backoff, passing the last id.
 */
export function useEventStream(url: string | null, handlers: StreamHandlers): StreamState {
  const [state, setState] = useState<StreamState>(url === null ? 'idle' : 'connecting');
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (url === null) {
      setState('idle');
      return;
    }
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let lastId = '';
    let stopped = false;
    const open = (): void => {
      const sep = url.includes('?') ? '&' : '?';
      const target = lastId === '' ? url : `${url}${sep}lastEventId=${encodeURIComponent(lastId)}`;
      const es = new EventSource(target);
      source = es;
      setState(attempts === 0 ? 'connecting' : 'reconnecting');
      es.onopen = () => {
        attempts = 0;
        setState('live');
      };
      es.onerror = () => {
        if (stopped) return;
        if (es.readyState === EventSource.CONNECTING) {
          setState('reconnecting');
          return;
        }
        es.close();
        attempts += 1;
        setState('reconnecting');
        timer = setTimeout(open, Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts));
      };
      for (const name of Object.keys(current.current)) {
        es.addEventListener(name, (ev) => {
          const e = ev as MessageEvent<string>;
          if (e.lastEventId !== '') lastId = e.lastEventId;
          let data: unknown = null;
          try {
            data = JSON.parse(e.data);
          } catch {
            data = e.data;
          }
          if (current.current[name]?.(data, e.lastEventId) === 'close') {
            stopped = true;
            es.close();
            setState('closed');
          }
        });
      }
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
    // Handler names are fixed per call site; the url decides the stream.
  }, [url]);
  return state;
}
