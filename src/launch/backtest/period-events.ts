import type { StoredLaunchEvent } from '../events/launch-event.ts';

/** A page of the event log after a cursor, in cursor order (the store's `readLaunchEventsAfter`). */
export type ReadEventPage = (afterCursor: bigint, limit: number) => Promise<StoredLaunchEvent[]>;

/**
 * The stored events of a period — chain time in [fromMs, toMs) — in cursor order, page by page: the order the
 * live stream delivered them, so a replay or backtest sees what the strategy process saw. The log is read from
 * its start (a late event of the period may sit anywhere after it).
 */
export async function* periodEvents(
  readPage: ReadEventPage,
  fromMs: bigint,
  toMs: bigint,
  options: { readonly pageSize?: number; readonly onPage?: (scanned: number, cursor: bigint) => void } = {},
): AsyncGenerator<StoredLaunchEvent> {
  const pageSize = options.pageSize ?? 2000;
  let after = 0n;
  let scanned = 0;
  for (;;) {
    const page = await readPage(after, pageSize);
    for (const e of page) if (e.tEventMs >= fromMs && e.tEventMs < toMs) yield e;
    scanned += page.length;
    const last = page.at(-1);
    if (last !== undefined) after = last.cursor;
    options.onPage?.(scanned, after);
    if (page.length < pageSize) return;
  }
}
