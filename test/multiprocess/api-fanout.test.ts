import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionTokens } from '../../src/api/access/session-tokens.ts';
import { startReplayFixture, type ReplayFixture } from '../../src/chain/replay/testing/replay-fixture.ts';
import { writeSimulatedArchive } from '../../src/simulator/archive/write-simulated-archive.ts';
import { readSse } from '../support/sse-client.ts';

/**
 * The production deployment in miniature, on the Postgres server: two `oof api` processes and one `oof worker`
 * sharing a fresh database, the chain and prices served by the replay node. A client streaming new moments
 * from API #1 receives the moments of an analysis started through API #2 and run by the worker.
 */
const SERVER = process.env.DATABASE_URL;
const BIN = fileURLToPath(new URL('../../bin/oof.js', import.meta.url));
const SECRET = 'multiprocess-test-session-secret-0123456789';
const USER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const name = `oof_mp_${process.pid}_${Date.now() % 100000}`;
let dbUrl: string;
let dir: string;
let replay: ReplayFixture;
const children: ChildProcess[] = [];

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(SERVER as string);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Starts `oof <role>` and resolves with its stderr line that matches `ready`. */
function start(role: string, env: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, [BIN, role], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`oof ${role} did not start: ${err}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = ready.exec(err);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1] ?? m[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`oof ${role} exited with ${code}: ${err}`)));
  });
}

describe.skipIf(SERVER === undefined)('two API processes and a worker on Postgres', () => {
  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(SERVER as string);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    dir = mkdtempSync(join(tmpdir(), 'oof-mp-'));
    await writeSimulatedArchive(
      dir,
      { seed: 'multiprocess', wallets: 12, tokens: 3, days: 1, transactions: 800 },
      { gzip: false, partSize: 100_000, createdBy: 'api-fanout.test' },
    );
    replay = await startReplayFixture(dir);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await replay?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }, 60_000);

  it('a client on API #1 receives the moments of a job started through API #2', async () => {
    const env = {
      DATABASE_URL: dbUrl,
      SOLANA_RPC_URL: replay.server.url,
      OOF_PRICES_URL: replay.server.url,
      OOF_SESSION_SECRET: SECRET,
      OOF_DATA_DIR: dir,
    };
    const ready = /listening on (http:\/\/\S+)/;
    const [api1, api2] = await Promise.all([
      start('api', { ...env, PORT: '0' }, ready),
      start('api', { ...env, PORT: '0' }, ready),
    ]);
    await start('worker', env, /taking jobs/);
    const base1 = api1.replace('0.0.0.0', '127.0.0.1');
    const base2 = api2.replace('0.0.0.0', '127.0.0.1');
    expect(base1).not.toBe(base2);

    // A PRO user (the simulated market is older than a FREE window).
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    await db.query(`INSERT INTO user_plans (subject, plan_code) VALUES ($1, 'PRO')`, [`wallet:${USER}`]);
    await db.end();
    const token = (await createSessionTokens({ secret: SECRET, ttlSec: 3600 }).issue(USER, new Date())).token;

    // Stream from API #1.
    const firstMoment = readSse(`${base1}/v1/stream/moments`, {}, (e) => e.event === 'moment', 90_000).then(
      (events) => (events[0]?.data ?? null) as { wallet: string; id: string } | null,
    );
    await new Promise((r) => setTimeout(r, 300));

    // Start the analysis through API #2 (the busiest wallet of the market).
    const counted: [string, number][] = [];
    for (const w of replay.archive.manifest.wallets) {
      let n = 0;
      for await (const sig of replay.client.rpc.listSignatures(w.address)) if (sig.err === null) n++;
      counted.push([w.address, n]);
    }
    const wallets = counted.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    const started = await fetch(`${base2}/v1/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ wallets: wallets.slice(0, 3) }),
    });
    expect(started.status).toBe(202);
    const moment = await firstMoment;
    expect(moment).not.toBeNull();
    expect(wallets.slice(0, 3)).toContain(moment!.wallet);
    // And API #1 serves it.
    const read = await fetch(`${base1}/v1/moments/${encodeURIComponent(moment!.id)}`);
    expect(read.status).toBe(200);
  }, 180_000);
});
