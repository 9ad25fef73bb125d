import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/oof.js', import.meta.url));

/** A running `oof start` (embedded PGlite, the simulated market) in its own data folder, on a free port. */
export interface OofProcess {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly webhookAuth: string;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOofOptions {
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

/**
 * Starts `oof start` exactly as `npm start` does (bin/oof.js through tsx), on the embedded default whatever
 * DATABASE_URL says, with Helius webhooks on (a generated Authorization value) and a fixed session secret.
 */
export async function startOof(options: StartOofOptions = {}): Promise<OofProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'oof-web-e2e-'));
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
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`oof start did not listen within 60 s; its stderr:\n${err}`)),
      60_000,
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
  });
  return {
    baseUrl,
    dataDir,
    webhookAuth,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (options.keepDataDir !== true) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
