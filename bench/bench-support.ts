/** Helpers shared by the benchmark scripts: the cached heavy-wallet archive and throw-away Postgres databases. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** The cached heavy-wallet archive of (seed, events), written by the CLI in a child process when missing. */
export function heavyWalletArchive(events: number, seed: string): string {
  const dir = join(tmpdir(), 'oof-bench', `heavy-wallet-${seed.replace(/[^\w.-]/g, '_')}-${events}`);
  if (existsSync(join(dir, 'manifest.json'))) {
    say(`archive: reusing ${dir}`);
    return dir;
  }
  say(`archive: writing ${events} events to ${dir} (oof simulate --scenario heavy-wallet)…`);
  const args = ['simulate', '--scenario', 'heavy-wallet', '--events', String(events), '--seed', seed];
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--out', dir, '--force'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`oof simulate failed (${r.status})`);
  return dir;
}

/** Runs `fn` with the URL of a fresh database on the server of `serverUrl`, dropped afterwards. */
export async function withPostgresDatabase<T>(
  serverUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      return await fn(url.toString());
    } finally {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** The heavy wallet and its linked wallet, by their roles in the archive's manifest. */
export function heavyWalletAddresses(dir: string): { wallet: string; linked: string } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    wallets: { address: string; roles: string[] }[];
  };
  return {
    wallet: manifest.wallets.find((w) => w.roles.includes('watched'))?.address ?? '',
    linked: manifest.wallets.find((w) => w.roles.includes('linked'))?.address ?? '',
  };
}
