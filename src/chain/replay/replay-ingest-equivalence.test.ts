import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { ingest } from '../../ingest/ingest.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { dumpCoreTables } from '../../store/testing/dump-core-tables.ts';
import { buildTestArchive, type TestArchive } from '../archive/testing/shared-data-archive.ts';
import { getTransactionAsRecorded } from './get-transaction-as-recorded.ts';
import { startReplayFixture, type ReplayFixture } from './testing/replay-fixture.ts';

let archive: TestArchive;
let replay: ReplayFixture;
let direct: CoreServices;
let viaReplay: CoreServices;
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  archive = await buildTestArchive();
  replay = await startReplayFixture(archive.dir);
  direct = await openTestServices();
  viaReplay = await openTestServices();
});
afterAll(async () => {
  await replay?.close();
  await direct?.close();
  await viaReplay?.close();
  archive?.remove();
});

describe.skipIf(!sharedDataAvailable())(
  'the issue proof: ingest through oof replay-rpc = direct ingest',
  () => {
    test('a full backfill of every manifest wallet through the replay node stores the same rows, row for row', async () => {
      // Direct: every recorded record of the index, in index order, as a user would `oof ingest` each file.
      for (const row of rpcIndex()) {
        await ingest(direct, [findRpcTransaction(row)]);
      }

      // Through the replay node, with our RPC client only: list every manifest wallet's history, fetch each
      // transaction once, ingest.
      const { rpc } = replay.client;
      const signatures = new Set<string>();
      for (const wallet of replay.archive.manifest.wallets) {
        for await (const s of rpc.listSignatures(wallet.address, { pageSize: 25 }))
          signatures.add(s.signature);
      }
      const fetched: Record<string, unknown>[] = [];
      for (const signature of signatures) {
        const got = await getTransactionAsRecorded(
          (sig, encoding) => rpc.getTransaction(sig, { encoding }),
          signature,
        );
        expect(got, signature).not.toBeNull();
        fetched.push(got?.result as Record<string, unknown>);
      }
      const result = await ingest(viaReplay, fetched);
      expect(result.failed).toEqual([]);
      expect(result.stored).toBe(replay.archive.transactionCount);

      const a = await dumpCoreTables(direct.database.db);
      const b = await dumpCoreTables(viaReplay.database.db);
      expect(b.txRaw).toHaveLength(119);
      expect(b.actions.length).toBeGreaterThan(500);
      // decoded_at / ingested_at are the times of each ingest; every column derived from the input must match.
      const withoutTimes = (rows: string[]): string[] =>
        rows.map((r) => r.replace(/,"[^"]*\+00","[^"]*\+00"\)$/, ')'));
      expect(withoutTimes(b.txRaw)).toEqual(withoutTimes(a.txRaw));
      expect(withoutTimes(b.txRaw)).not.toEqual(b.txRaw); // the pattern did strip the two timestamps
      expect(b.actions).toEqual(a.actions);
      expect(b.participants).toEqual(a.participants);
    });
  },
);
