import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BIN = fileURLToPath(new URL('../../../bin/oof.js', import.meta.url));

/**
 * A running `oof start` (the simulated market) in its own data folder, on a free port: on embedded PGlite, or
 * on a fresh database of a Postgres server (dropped by `stop`).
 */
export interface OofProcess {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly webhookAuth: string;
  /** The process's own database on the Postgres server; null on embedded PGlite. */
  readonly databaseUrl: string | null;
  /** Starts another `oof <role> …` on the same database and data folder (Postgres only). */
  spawnRole(args: readonly string[], extraEnv?: Readonly<Record<string, string>>): ChildProcess;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOofOptions {
  /** A Postgres server URL: the process gets a fresh database on it. Default: embedded PGlite. */
  readonly postgresServer?: string;
  /** Extra environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Keep the data folder after stop (screenshots reuse it). */
  readonly keepDataDir?: boolean;
  readonly dataDir?: string;
  readonly onProgress?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Starts `oof start` exactly as `npm start` does (bin/oof.js through tsx), with Helius webhooks on (a generated
 * Authorization value) and a fixed session secret; on embedded PGlite unless `postgresServer` is given.
 */
export async function startOof(options: StartOofOptions = {}): Promise<OofProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'oof-web-e2e-'));
  let databaseUrl: string | null = null;
  let dbName: string | null = null;
  if (options.postgresServer !== undefined) {
    dbName = `oof_web_e2e_${randomBytes(6).toString('hex')}`;
    await admin(options.postgresServer, `CREATE DATABASE ${dbName}`);
    const url = new URL(options.postgresServer);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const webhookAuth = `e2e-${randomBytes(12).toString('hex')}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    SOLANA_RPC_URL: undefined,
    OOF_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    HELIUS_WEBHOOK_AUTH: webhookAuth,
    OOF_SESSION_SECRET: 'web-e2e-session-secret-0123456789abcdef',
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.SOLANA_RPC_URL;
  if (databaseUrl !== null) env.DATABASE_URL = databaseUrl;
  const port = await freePort();
  env.PORT = String(port);
  options.onProgress?.(`starting oof start on port ${port} (data in ${dataDir})`);
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const children: ChildProcess[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`oof start did not listen within 90 s; its stderr:\n${err}`)),
      90_000,
    );
    const onData = (): void => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve(m[1].replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'));
      }
    };
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`oof start exited with ${code} before listening; its stderr:\n${err}`));
    });
  }).catch(async (e: unknown) => {
    child.kill('SIGKILL');
    if (dbName !== null && options.postgresServer !== undefined) {
      await admin(options.postgresServer, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(
        () => undefined,
      );
    }
    throw e;
  });
  return {
    baseUrl,
    dataDir,
    webhookAuth,
    databaseUrl,
    spawnRole(args, extraEnv = {}) {
      if (databaseUrl === null) {
        throw new Error(
          'another oof process needs a shared Postgres database (embedded PGlite has one owner)',
        );
      }
      const roleEnv: Record<string, string | undefined> = { ...env, ...extraEnv };
      delete roleEnv.PORT;
      const other = spawn(process.execPath, [BIN, ...args], {
        env: roleEnv as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Drained (a full pipe would stall the process); the caller may listen too.
      other.stdout?.resume();
      other.stderr?.on('data', (d: Buffer) => {
        err += `[oof ${args[0]}] ${d.toString()}`;
        if (err.length > 200_000) err = err.slice(-100_000);
      });
      children.push(other);
      return other;
    },
    stderr: () => err,
    async stop() {
      for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) {
          c.kill('SIGTERM');
          await new Promise((r) => c.once('exit', r));
        }
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (options.keepDataDir !== true) rmSync(dataDir, { recursive: true, force: true });
      if (dbName !== null && options.postgresServer !== undefined) {
        await admin(options.postgresServer, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      }
    },
  };
}
