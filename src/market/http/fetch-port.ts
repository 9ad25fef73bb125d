/**
 * The one effect every market adapter needs: a WHATWG `fetch`. Injected, so tests pass a function that serves
 * recorded responses and production passes `globalThis.fetch` (or a rate-limited wrapper).
 */
export type FetchPort = (url: string, init?: RequestInit) => Promise<Response>;
