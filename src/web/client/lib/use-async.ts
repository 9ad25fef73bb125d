import { useCallback, useEffect, useState } from 'preact/hooks';

export type Async<T> =
  | { readonly status: 'loading'; readonly data?: T }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: Error; readonly data?: T };

/** Runs `load` when `deps` change (aborting the previous run); `reload` runs it again keeping the old data. */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): [Async<T>, () => void] {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => (s.data === undefined ? { status: 'loading' } : { status: 'loading', data: s.data }));
    load(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!ctl.signal.aborted) setState({ status: 'error', error: error as Error });
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return [state, reload];
}
