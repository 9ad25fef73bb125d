/**
 * API throughput and latency under load (SPEC §8 "API throughput and p95 under load"), on an analysed heavy wallet.
 *
 *   npm run bench:api                        # 5,000 events; embedded, and Postgres too when DATABASE_URL is set
 *   npm run bench:api -- 20000 postgres      # events, database: embedded | postgres | both
 *   BENCH_EVENTS=… BENCH_DB=… BENCH_SEED=… DATABASE_URL=postgres://… npm run bench:api
 *
 * Per database: the heavy-wallet archive (cached, bench/api-server.ts) is served by the replay server in this
 * process and the heavy wallet is analysed with the PRO plan into a fresh database (PGlite on disk in a temp
 * folder, or a fresh database on the server of DATABASE_URL, dropped afterwards). This process then closes the
 * database and starts the API in a second process (bench/api-server.ts under tsx, 127.0.0.1:0) on it, so the
 * load generator (autocannon, here) and the server do not share an event loop (they do share the machine's
 * cores). The server's per-IP rate limit is raised out of reach: the bench measures the API, not the limiter.
 *
 * Each endpoint: a 2 s warm-up, then 10 s at 20 connections. Percentiles come from every response's latency
 * (autocannon's `response` event, sub-millisecond); autocannon's own histogram has p97.5, not p95. Then cards:
 * 20 different moments, each requested once (cold: render + store) and again (cached: object store), one
 * request at a time. Table on stdout, progress on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ArchiveReader } from '../src/chain/archive/archive-reader.ts';
import { heavyWalletAddresses, withPostgresDatabase } from './bench-support.ts';
import { startReplayServer, type ReplayServer } from '../src/chain/replay/replay-server.ts';
import { loadConfig } from '../src/core/config/config.ts';
import { HEAVY_WALLET_DEFAULTS } from '../src/simulator/scenario/heavy-wallet.ts';
import {
  analyseHeavyWallet,
  BENCH_RATE_LIMIT_IP_MAX,
  heavyWalletArchive,
  type AnalysisOutcome,
} from './api-server.ts';

const argv = process.argv.slice(2);
const EVENTS = Number(argv[0] ?? process.env.BENCH_EVENTS ?? 5_000);
const SEED = process.env.BENCH_SEED ?? HEAVY_WALLET_DEFAULTS.seed;
const SERVER_URL = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL;
const DB_CHOICE = argv[1] ?? process.env.BENCH_DB ?? (SERVER_URL === undefined ? 'embedded' : 'both');
const AS_OF = new Date(HEAVY_WALLET_DEFAULTS.asOf);
const CONNECTIONS = 20;
const WARMUP_S = 2;
const DURATION_S = 10;
const PAGE = 50;
const DEEP_PAGE = 10;
const CARDS = 20;
const SERVER_SCRIPT = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string): void => void process.stderr.write(`${line}\n`);

if (!Number.isSafeInteger(EVENTS) || EVENTS < 2) throw new Error(`events must be an integer ≥ 2: ${EVENTS}`);
if (!['embedded', 'postgres', 'both'].includes(DB_CHOICE)) throw new Error(`database: ${DB_CHOICE}?`);
if (DB_CHOICE !== 'embedded' && SERVER_URL === undefined) throw new Error('postgres needs DATABASE_URL');

// autocannon ships no types: the part of its API used here.
interface AutocannonResult {
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly requests: { readonly total: number };
  readonly throughput: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p97_5: number; readonly p99: number };
}
type Autocannon = (
  options: { url: string; connections: number; duration: number },
  done: (err: Error | null, result: AutocannonResult) => void,
) => EventEmitter;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const AUTOCANNON_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }
).version;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One autocannon run, with every response's latency (ms) collected. */
function cannon(url: string, duration: number): Promise<{ result: AutocannonResult; ms: number[] }> {
  return new Promise((resolve, reject) => {
    const ms: number[] = [];
    const instance = autocannon({ url, connections: CONNECTIONS, duration }, (err, result) => {
      if (err !== null) reject(err);
      else resolve({ result, ms });
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      ms.push(responseTime);
    });
  });
}

interface LoadFigures {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly acP97_5: number;
  readonly responses: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly bytesPerResponse: number;
}

async function load(name: string, url: string): Promise<LoadFigures> {
  say(`  ${name}: ${WARMUP_S} s warm-up, ${DURATION_S} s at ${CONNECTIONS} connections…`);
  await cannon(url, WARMUP_S);
  const { result, ms } = await cannon(url, DURATION_S);
  ms.sort((a, b) => a - b);
  const f = {
    name,
    rps: result.requests.total / result.duration,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    p99: percentile(ms, 99),
    acP97_5: result.latency.p97_5,
    responses: ms.length,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: result.requests.total === 0 ? 0 : result.throughput.total / result.requests.total,
  };
  say(`    ${Math.round(f.rps)} req/s, p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms`);
  return f;
}

/** The API in a second process on the database of `env`; resolves once it printed its port. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = child.stdout;
  if (stdout === null) throw new Error('api-server: no stdout');
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    const exited = (code: number | null) => reject(new Error(`api-server exited (${code}) before listening`));
    child.once('exit', exited);
    child.once('error', reject);
    lines.once('line', (line) => {
      child.off('exit', exited);
      resolve(Number(line.trim()));
    });
  });
  if (!Number.isInteger(port) || port <= 0) throw new Error(`api-server printed no port`);
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface CardFigures {
  readonly n: number;
  readonly cold: { p50: number; p95: number; max: number; first: number };
  readonly cached: { p50: number; p95: number; max: number };
  readonly misses: number;
  readonly hits: number;
  readonly bytes: number;
}

async function cards(base: string, ids: readonly string[]): Promise<CardFigures> {
  say(`  cards: ${ids.length} moments, cold then cached, one request at a time…`);
  const fetchCard = async (id: string) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/cards/moment/${encodeURIComponent(id)}.png`);
    const body = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`card ${id}: ${res.status} ${new TextDecoder().decode(body)}`);
    return { ms, cache: res.headers.get('x-card-cache'), bytes: body.length };
  };
  const cold = [];
  for (const id of ids) cold.push(await fetchCard(id));
  const cached = [];
  for (const id of ids) cached.push(await fetchCard(id));
  const stats = (xs: readonly { ms: number }[]) => {
    const s = xs.map((x) => x.ms).sort((a, b) => a - b);
    return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] ?? NaN };
  };
  return {
    n: ids.length,
    cold: { ...stats(cold), first: cold[0]?.ms ?? NaN },
    cached: stats(cached),
    misses: cold.filter((c) => c.cache === 'miss').length,
    hits: cached.filter((c) => c.cache === 'hit').length,
    bytes: cold.reduce((a, c) => a + c.bytes, 0) / Math.max(1, cold.length),
  };
}

interface DbFigures {
  readonly label: string;
  readonly analysis: AnalysisOutcome;
  readonly loads: readonly LoadFigures[];
  readonly cards: CardFigures;
  readonly notes: readonly string[];
}

async function benchDatabase(
  label: string,
  env: NodeJS.ProcessEnv,
  replay: ReplayServer,
  wallet: string,
  linked: string,
): Promise<DbFigures> {
  say(`== ${label}`);
  say('  analysing the heavy wallet (PRO)…');
  const analysis = await analyseHeavyWallet(
    loadConfig({ ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' }),
    replay.url,
    wallet,
    linked,
    EVENTS,
    AS_OF,
  );
  say(`  ${analysis.status} in ${analysis.seconds.toFixed(1)} s, ${analysis.moments} moments`);
  const { child, base } = await startServer(env);
  try {
    const notes: string[] = [];
    const extremesUrl = `${base}/v1/wallets/${wallet}/extremes`;
    const first = await getJson<{ cached: boolean }>(extremesUrl);
    const second = await getJson<{ cached: boolean }>(extremesUrl);
    notes.push(
      `extremes: first call cached=${first.cached} (the analysis cached them as of ${AS_OF.toISOString()}, expired for the API's clock, so it recomputes), then cached=${second.cached}`,
    );
    // Walk to the deepest page up to DEEP_PAGE: its `next` cursor asks for the page after it.
    const pageUrl = `${base}/v1/moments?wallet=${wallet}&limit=${PAGE}`;
    let cursor: string | null = null;
    let pages = 0;
    const ids: string[] = [];
    for (let page = 1; page <= DEEP_PAGE; page += 1) {
      const url: string = cursor === null ? pageUrl : `${pageUrl}&cursor=${encodeURIComponent(cursor)}`;
      const body = await getJson<{ moments: { id: string }[]; next: string | null }>(url);
      if (page === 1) ids.push(...body.moments.slice(0, CARDS).map((m) => m.id));
      if (body.next === null) break;
      pages = page;
      cursor = body.next;
    }
    const deepCursor = cursor;
    const loads = [
      await load('GET /v1/wallets/:pub/extremes (cached)', extremesUrl),
      await load(`GET /v1/moments?wallet&limit=${PAGE} (page 1)`, pageUrl),
    ];
    if (deepCursor === null) {
      notes.push(`moments: a single page of ${PAGE}, so no cursor page to measure`);
    } else {
      const deep = await load(
        `GET /v1/moments?wallet&limit=${PAGE}&cursor (page ${pages + 1}: page ${pages}'s next)`,
        `${pageUrl}&cursor=${encodeURIComponent(deepCursor)}`,
      );
      loads.push(deep);
      if (pages < DEEP_PAGE)
        notes.push(`moments: only ${pages + 1} pages of ${PAGE}, cursor page is the last`);
    }
    const cardFigures = await cards(base, ids);
    if (cardFigures.misses !== ids.length || cardFigures.hits !== ids.length) {
      notes.push(`cards: ${cardFigures.misses} cold misses, ${cardFigures.hits} cached hits (x-card-cache)`);
    }
    return { label, analysis, loads, cards: cardFigures, notes };
  } finally {
    await stopServer(child);
  }
}

function table(f: readonly DbFigures[], wallet: string): string {
  const ms = (x: number) => x.toFixed(2);
  const lines = [
    `api bench: heavy wallet ${wallet}, ${EVENTS} signatures over 2 years (seed ${SEED}), analysed with the PRO plan as of ${AS_OF.toISOString()}`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
    `server: buildApp in a second process (tsx) on 127.0.0.1, log level warn, per-IP rate limit raised to ${BENCH_RATE_LIMIT_IP_MAX.toLocaleString('en-US')} per window (the bench measures the API, not the limiter); ` +
      `load: autocannon ${AUTOCANNON_VERSION} in the bench process, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per endpoint; both processes share the machine's cores`,
    `percentiles: nearest rank over every response's latency (autocannon 'response' event); p95 is a true p95 (autocannon's own histogram stops at p97.5, shown for reference)`,
    '',
    '| database | endpoint | req/s | p50 ms | p95 ms | p99 ms | p97.5 ms (autocannon) | responses | errors (timeouts) | non-2xx | bytes/resp |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const d of f) {
    for (const l of d.loads) {
      lines.push(
        `| ${d.label} | ${l.name} | ${Math.round(l.rps)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${l.acP97_5} | ${l.responses} | ${l.errors} (${l.timeouts}) | ${l.non2xx} | ${Math.round(l.bytesPerResponse)} |`,
      );
    }
  }
  lines.push(
    '',
    `| database | card (GET /v1/cards/moment/:id.png, og dark, N=${CARDS} ids) | p50 ms | p95 ms | max ms | note |`,
    '|---|---|---:|---:|---:|---|',
  );
  for (const d of f) {
    const c = d.cards;
    lines.push(
      `| ${d.label} | cold (render + store, 1st request per id) | ${ms(c.cold.p50)} | ${ms(c.cold.p95)} | ${ms(c.cold.max)} | first card of the process ${ms(c.cold.first)} ms; ${Math.round(c.bytes / 1024)} KiB PNG avg |`,
    );
    lines.push(
      `| ${d.label} | cached (2nd request per id) | ${ms(c.cached.p50)} | ${ms(c.cached.p95)} | ${ms(c.cached.max)} | x-card-cache hit ${c.hits}/${c.n} |`,
    );
  }
  lines.push('');
  for (const d of f) {
    const a = d.analysis;
    lines.push(
      `- ${d.label}: analysis ${a.status} in ${a.seconds.toFixed(1)} s (${a.runs} run(s), ${a.ceilings}), ${a.moments} moments stored; ${d.notes.join('; ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const dir = heavyWalletArchive(EVENTS, SEED);
  const { wallet, linked } = heavyWalletAddresses(dir);
  const archive = await ArchiveReader.open(dir);
  const replay = await startReplayServer({ archive, port: 0, speed: 0 });
  const work = mkdtempSync(join(tmpdir(), 'oof-api-bench-'));
  const results: DbFigures[] = [];
  const baseEnv = { ...process.env };
  delete baseEnv.DATABASE_URL;
  try {
    if (DB_CHOICE !== 'postgres') {
      results.push(
        await benchDatabase(
          'embedded (PGlite on disk)',
          { ...baseEnv, OOF_DATA_DIR: join(work, 'data') },
          replay,
          wallet,
          linked,
        ),
      );
    }
    if (DB_CHOICE !== 'embedded') {
      results.push(
        await withPostgresDatabase(SERVER_URL ?? '', 'oof_bench_api', (url) =>
          benchDatabase(
            'postgres (fresh database)',
            { ...baseEnv, DATABASE_URL: url, OOF_DATA_DIR: join(work, 'data-pg') },
            replay,
            wallet,
            linked,
          ),
        ),
      );
    }
  } finally {
    await replay.close();
    await archive.close();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(table(results, wallet));
}

await main();
