import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import { createLogger } from '../core/log/logger.ts';
import { openDatabase } from './open-database.ts';
import { queryRows } from './query-rows.ts';
import { txRaw } from './schema/core-tables.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const errorOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('database handle', () => {
  test('a transaction that throws leaves nothing behind', async () => {
    const error = await errorOf(
      database.transaction(async (tx) => {
        await tx.insert(txRaw).values({
          sig: 'rollback-me',
          slot: 1n,
          status: 'ok',
          feeLamports: 0n,
          objectKey: 'x',
          sizeBytes: 0,
          compressedBytes: 0,
          decoderVersion: 1,
        });
        throw new Error('changed my mind');
      }),
    );
    expect((error as Error).message).toBe('changed my mind');
    expect(await database.db.$count(txRaw)).toBe(0);
  });

  test('opening a transaction inside another fails loudly instead of hanging', async () => {
    const error = await errorOf(database.transaction(() => database.transaction(() => Promise.resolve(1))));
    expect(isOofError(error, 'INVARIANT_BROKEN')).toBe(true);
    expect((error as Error).message).toMatch(/Pass the `tx`/);
    // The guard is per async context: separate transactions still run.
    expect(await Promise.all([1, 2].map((n) => database.transaction(() => Promise.resolve(n))))).toEqual([
      1, 2,
    ]);
  });

  test('a failing statement becomes DB_QUERY_FAILED with the SQLSTATE, not a driver error', async () => {
    const error = await errorOf(database.transaction((tx) => tx.execute(sql`SELECT * FROM no_such_table`)));
    expect(isOofError(error, 'DB_QUERY_FAILED')).toBe(true);
    expect((error as { context: { sqlState?: string } }).context.sqlState).toBe('42P01');
  });

  test.runIf(process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '')(
    'embedded: concurrent read-modify-write transactions are serialized, no update is lost',
    async () => {
      await database.db.execute(sql`CREATE TABLE counter (n int NOT NULL)`);
      await database.db.execute(sql`INSERT INTO counter VALUES (0)`);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          database.transaction(async (tx) => {
            const [row] = await queryRows<{ n: number }>(tx, sql`SELECT n FROM counter`);
            await new Promise((r) => setTimeout(r, 1));
            await tx.execute(sql`UPDATE counter SET n = ${(row?.n ?? 0) + 1}`);
          }),
        ),
      );
      expect(await queryRows(database.db, sql`SELECT n FROM counter`)).toEqual([{ n: 20 }]);
    },
  );
});

describe('opening', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oof-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('embedded on disk: created (and logged) once under <dataDir>/db, migrated, data kept across reopen', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    const first = await openDatabase({ dataDir: dir }, logger);
    await first.db.insert(txRaw).values({
      sig: 'kept',
      slot: 7n,
      status: 'ok',
      feeLamports: 5000n,
      objectKey: 'tx/ke/kept.json.br',
      sizeBytes: 10,
      compressedBytes: 5,
      decoderVersion: 1,
    });
    await first.close();
    const second = await openDatabase({ dataDir: dir }, logger);
    expect(await second.db.select({ sig: txRaw.sig, slot: txRaw.slot }).from(txRaw)).toEqual([
      { sig: 'kept', slot: 7n },
    ]);
    await second.close();
    const messages = lines.map((l) => JSON.parse(l) as { msg: string; path?: string });
    expect(messages.filter((m) => m.msg.startsWith('creating the embedded database'))).toEqual([
      expect.objectContaining({ path: join(dir, 'db') }),
    ]);
    expect(messages.filter((m) => m.msg === 'migration applied').length).toBeGreaterThanOrEqual(3);
    expect(messages.some((m) => m.msg === 'embedded database opened')).toBe(true);
  }, 30_000);

  test('embedded: a second process on the same folder is refused; a lock left by a dead process is taken over', async () => {
    const logger = createLogger('silent');
    const holder = await openDatabase({ dataDir: dir }, logger, { migrate: false });
    const refused = await errorOf(openDatabase({ dataDir: dir }, logger, { migrate: false }));
    expect(isOofError(refused, 'DB_UNAVAILABLE')).toBe(true);
    expect((refused as Error).message).toContain(`in use by process ${process.pid}`);
    await holder.close();

    // A pid that has certainly exited: a child we ran to completion.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'db.lock'), JSON.stringify({ pid: deadPid, host: hostname() }));
    const reopened = await openDatabase({ dataDir: dir }, logger, { migrate: false });
    await reopened.close();
    expect(existsSync(join(dir, 'db.lock'))).toBe(false);
  }, 30_000);

  test('an unreachable Postgres is DB_UNAVAILABLE, and the message hides the password', async () => {
    const error = await errorOf(
      openDatabase(
        { dataDir: dir, databaseUrl: 'postgres://oof:hunter2@127.0.0.1:9/oof' },
        createLogger('silent'),
      ),
    );
    expect(isOofError(error, 'DB_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('127.0.0.1:9');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
