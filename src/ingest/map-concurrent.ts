/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight: object stores and RPC nodes throttle
 * bursts. After the first failure no new call starts (the calls in flight finish), so a dead endpoint does
 * not get the rest of the list thrown at it; the first error is what rejects.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejection = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejection !== undefined) throw rejection.reason;
  return results;
}
