import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewLaunchEvent } from '../../launch/events/launch-event.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  appendLaunchEvents,
  LAUNCH_EVENTS_CHANNEL,
  lastLaunchEventCursor,
  readLaunchEventsAfter,
} from './launch-events.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const migrated = (mint: string, slot: bigint): NewLaunchEvent => ({
  slot,
  tEventMs: slot * 400n,
  dedupeKey: `migrated:${mint}`,
  event: {
    kind: 'tokenMigrated',
    tokenMigrated: { mint, venue: 'pumpswap', pool: `pool-${mint}`, signature: 's' },
  },
});

const flag = (mint: string, slot: bigint): NewLaunchEvent => ({
  slot,
  tEventMs: slot * 400n,
  dedupeKey: `flag:${mint}:${slot}`,
  event: {
    kind: 'riskFlag',
    riskFlag: {
      mint,
      flag: 'SERIAL_LAUNCHER',
      severity: 'warn',
      value: '3',
      threshold: '3',
      detailsJson: '{"launches":3}',
    },
  },
});

describe('launch event log', () => {
  it('assigns increasing cursors in input order, skips known and repeated keys, and reads back in order', async () => {
    const base = await lastLaunchEventCursor(database.db);
    const first = await database.transaction((tx) =>
      appendLaunchEvents(tx, [migrated('A', 10n), flag('A', 11n), migrated('A', 12n), migrated('B', 13n)]),
    );
    expect(first[2]).toBeNull();
    const [c0, c1, , c3] = first;
    expect(c0).not.toBeNull();
    expect(c1).toBe((c0 as bigint) + 1n);
    expect(c3).toBe((c0 as bigint) + 2n);

    const again = await database.transaction((tx) =>
      appendLaunchEvents(tx, [migrated('B', 13n), flag('B', 14n)]),
    );
    expect(again[0]).toBeNull();
    // Duplicates consumed no cursor: the next new event follows the last one directly.
    expect(again[1]).toBe((c0 as bigint) + 3n);

    const all = await readLaunchEventsAfter(database.db, base, 100);
    expect(all.map((e) => [e.event.kind, e.slot])).toEqual([
      ['tokenMigrated', 10n],
      ['riskFlag', 11n],
      ['tokenMigrated', 13n],
      ['riskFlag', 14n],
    ]);
    expect(all[1]?.event).toEqual(flag('A', 11n).event);
    expect(all[0]?.tEventMs).toBe(4000n);

    const flags = await readLaunchEventsAfter(database.db, c0 as bigint, 100, ['riskFlag']);
    expect(flags.map((e) => e.cursor)).toEqual([c1, again[1]]);
    expect(await readLaunchEventsAfter(database.db, base, 1)).toHaveLength(1);
    expect(await lastLaunchEventCursor(database.db)).toBe(again[1]);
  });

  it('notifies listeners with the last cursor once the append commits', async () => {
    const payloads: string[] = [];
    const stop = await database.listen(LAUNCH_EVENTS_CHANNEL, (p) => payloads.push(p));
    try {
      const cursors = await database.transaction((tx) =>
        appendLaunchEvents(tx, [flag('C', 20n), flag('C', 21n)]),
      );
      const deadline = Date.now() + 5000;
      while (payloads.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(payloads).toEqual([String(cursors[1])]);
      // Nothing new: no notification.
      await database.transaction((tx) => appendLaunchEvents(tx, [flag('C', 20n)]));
      await new Promise((r) => setTimeout(r, 100));
      expect(payloads).toHaveLength(1);
    } finally {
      await stop();
    }
  });
});
