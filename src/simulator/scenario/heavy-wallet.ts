import { join } from 'node:path';
import { OofError } from '../../core/errors/oof-error.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { HEAVY_WALLET_TOKENS } from './heavy-wallet-tokens.ts';
import { HourlyCloses } from './hourly-closes.ts';
import { quoteAmount } from './scenario-amounts.ts';
import { scenarioSchema, unixSeconds, type Scenario, type ScenarioEvent } from './scenario-spec.ts';
import {
  HOURLY_CLOSES_DIR,
  writeScenarioArchive,
  type ScenarioArchiveResult,
} from './write-scenario-archive.ts';

export interface HeavyWalletOptions {
  /** Wallet events = signatures of the main wallet (default 50,000). */
  readonly events?: number;
  readonly seed?: string;
}

export const HEAVY_WALLET_DEFAULTS = {
  events: 50_000,
  seed: 'heavy-wallet-v1',
  // Two years inside the closes (they end 2025-06-13) and inside a PRO window (730 days) as of `asOf`.
  from: '2023-06-16T00:00:00Z',
  to: '2025-06-12T00:00:00Z',
  asOf: '2025-06-13T11:00:00Z',
} as const;

const FEE = 5_000n;
const SOL = 10n ** 9n;
const USDC = 10n ** 6n;
/** Every pool vault starts with this many base units (ScenarioChain's BIG_VAULT). */
const VAULT = 10n ** 15n;
/** Lamports the linked wallet keeps (it pays 5,000 per transfer back from 0.05 SOL). */
const LINKED_FLOOR = 1_000_000n;
const TRADED = HEAVY_WALLET_TOKENS.filter((t) => t.roles.includes('traded'));

/** The Binance hourly closes of every priced heavy-wallet token, from the shared data folder. */
export function readHeavyWalletCloses(sharedDataDir: string): Map<string, HourlyCloses> {
  const closes = new Map<string, HourlyCloses>();
  for (const t of HEAVY_WALLET_TOKENS) {
    if (t.csv !== null)
      closes.set(t.symbol, HourlyCloses.read(join(sharedDataDir, HOURLY_CLOSES_DIR, t.csv), t.symbol));
  }
  return closes;
}

/** `base / 10^decimals` as plain decimal text (the scenario's whole-token quantities). */
export function unitsText(base: bigint, decimals: number): string {
  const s = base.toString().padStart(decimals + 1, '0');
  if (decimals === 0) return s;
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  const int = s.slice(0, s.length - decimals);
  return frac === '' ? int : `${int}.${frac}`;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * A deterministic heavy wallet: `events` signatures over two years (2023-06-16 → 2025-06-12), evenly spread
 * with seeded jitter, trading RAY, JTO, BONK, PYTH, WIF, W and ACT against USDC and SOL on the real hourly close
 * of each event's hour: buys of $50–$2,500, partial and full exits (so episodes close and re-open), occasional
 * bad fills, token transfers to and back from the linked wallet, airdrops, USDC and SOL deposits and sweeps.
 * The generator keeps every balance the chain checks (wallet SOL, USDC and tokens, the linked wallet's SOL,
 * each pool vault) so every event is a valid transaction; when a trade lacks funds the event becomes the
 * deposit that funds it. Same options → the same scenario.
 */
export function heavyWalletScenario(
  closes: ReadonlyMap<string, HourlyCloses>,
  options: HeavyWalletOptions = {},
): Scenario {
  const n = options.events ?? HEAVY_WALLET_DEFAULTS.events;
  const seed = options.seed ?? HEAVY_WALLET_DEFAULTS.seed;
  const from = unixSeconds(HEAVY_WALLET_DEFAULTS.from);
  const span = unixSeconds(HEAVY_WALLET_DEFAULTS.to) - from;
  if (!Number.isSafeInteger(n) || n < 2 || n > span / 2) {
    throw new OofError(
      'SIMULATE_OPTIONS_INVALID',
      `--events must be an integer from 2 to ${Math.floor(span / 2)}, got ${n}.`,
    );
  }
  const rng = new SeededRandom(`oof-heavy-wallet:${seed}`);
  const hourly = new Map<string, ReadonlyMap<number, number>>();
  for (const [symbol, series] of closes) {
    hourly.set(symbol, new Map(series.hoursFrom(0).map(([h, c]) => [h, Number(c)])));
  }
  const closeOf = (symbol: string, at: number): number | undefined =>
    hourly.get(symbol)?.get(at - (at % 3600));
  const series = (symbol: string): HourlyCloses => {
    const s = closes.get(symbol);
    if (s === undefined) throw new RangeError(`no hourly closes for ${symbol}`);
    return s;
  };

  let lamports = 0n;
  let linkedLamports = 50_000_000n;
  let usdc = 0n;
  const held = new Map<string, bigint>(TRADED.map((t) => [t.symbol, 0n]));
  const linkedHeld = new Map<string, bigint>(TRADED.map((t) => [t.symbol, 0n]));
  const vaults = new Map<string, { token: bigint; quote: bigint }>();
  const vault = (symbol: string, quote: string) => {
    let v = vaults.get(`${symbol}/${quote}`);
    if (v === undefined) vaults.set(`${symbol}/${quote}`, (v = { token: VAULT, quote: VAULT }));
    return v;
  };

  const events: ScenarioEvent[] = [];
  const step = span / n;
  for (let i = 0; i < n; i += 1) {
    const at = from + Math.floor(i * step) + rng.int(Math.max(1, Math.floor(step / 2)));
    const base = { n: i + 1, at: iso(at) };
    const push = (e: ScenarioEvent): void => void events.push(e);
    const solIn = (sol: bigint): void => {
      lamports += sol * SOL;
      push({ ...base, kind: 'sol_in', lamports: (sol * SOL).toString() });
    };
    const usdcIn = (amount: bigint): void => {
      usdc += amount * USDC;
      push({ ...base, kind: 'usdc_in', usdc: amount.toString() });
    };
    if (i === 0) {
      solIn(500n);
      continue;
    }
    if (i === 1) {
      usdcIn(20_000n);
      continue;
    }
    if (lamports < 20n * SOL) {
      solIn(200n);
      continue;
    }
    const solClose = closeOf('SOL', at);
    const open = TRADED.filter((t) => closeOf(t.symbol, at) !== undefined);
    const holding = open.filter((t) => (held.get(t.symbol) ?? 0n) > 0n);
    const quoteOf = (): 'USDC' | 'SOL' => (solClose !== undefined && rng.chance(0.35) ? 'SOL' : 'USDC');
    const r = rng.float();

    if (r < 0.84 && open.length > 0) {
      // A swap: a sell when something is held and the draw says so (or the position is large), else a buy.
      const t = rng.pick(open);
      const close = closeOf(t.symbol, at) ?? 0;
      const has = held.get(t.symbol) ?? 0n;
      const scale = 10 ** t.decimals;
      const valueUsd = (Number(has) / scale) * close;
      const sellPick = holding.length > 0 && (r >= 0.42 || valueUsd > 20_000);
      const s = sellPick ? (valueUsd > 20_000 ? t : rng.pick(holding)) : t;
      const sClose = closeOf(s.symbol, at) ?? 0;
      const quote = quoteOf();
      const fillBad = rng.chance(0.03);
      let qty: bigint;
      if (sellPick) {
        const all = held.get(s.symbol) ?? 0n;
        const full = rng.chance(0.35);
        qty = full ? all : (all * BigInt(rng.range(15, 75))) / 100n;
        if ((Number(qty) / 10 ** s.decimals) * sClose < 5) qty = all;
      } else {
        const usd = Math.exp(Math.log(50) + rng.float() * (Math.log(2_500) - Math.log(50)));
        qty = BigInt(Math.floor((usd / sClose) * 10 ** s.decimals));
      }
      const side = sellPick ? 'sell' : 'buy';
      const fill = fillBad
        ? side === 'buy'
          ? rng.pick(['1.02', '1.03', '1.05'])
          : rng.pick(['0.98', '0.97', '0.95'])
        : undefined;
      const qtyText = unitsText(qty, s.decimals);
      const amount = quoteAmount({
        qty: qtyText,
        fill: fill ?? '1',
        quote,
        token: series(s.symbol),
        sol: series('SOL'),
        at,
      });
      const v = vault(s.symbol, quote);
      if (qty > 0n && amount > 0n) {
        if (side === 'buy') {
          if (quote === 'USDC' && usdc < amount) {
            usdcIn(BigInt(Math.max(20_000, Math.ceil((2 * Number(amount)) / 1e6))));
            continue;
          }
          if (quote === 'SOL' && lamports < amount + 20n * SOL) {
            solIn(200n + amount / SOL);
            continue;
          }
          if (v.token >= qty) {
            v.token -= qty;
            v.quote += amount;
            held.set(s.symbol, (held.get(s.symbol) ?? 0n) + qty);
            if (quote === 'USDC') usdc -= amount;
            else lamports -= amount;
            lamports -= FEE;
            push({ ...base, kind: 'buy', token: s.symbol, qty: qtyText, quote, ...(fill ? { fill } : {}) });
            continue;
          }
        } else if (v.quote >= amount) {
          v.token += qty;
          v.quote -= amount;
          held.set(s.symbol, (held.get(s.symbol) ?? 0n) - qty);
          if (quote === 'USDC') usdc += amount;
          else lamports += amount;
          lamports -= FEE;
          push({ ...base, kind: 'sell', token: s.symbol, qty: qtyText, quote, ...(fill ? { fill } : {}) });
          continue;
        }
      }
    }
    const backable = TRADED.filter((t) => (linkedHeld.get(t.symbol) ?? 0n) > 0n);
    if (r < 0.88 && holding.length > 0) {
      // To the linked wallet: 10–50% of a holding (the basis moves with it).
      const t = rng.pick(holding);
      const qty = ((held.get(t.symbol) ?? 0n) * BigInt(rng.range(10, 50))) / 100n;
      if (qty > 0n) {
        held.set(t.symbol, (held.get(t.symbol) ?? 0n) - qty);
        linkedHeld.set(t.symbol, (linkedHeld.get(t.symbol) ?? 0n) + qty);
        lamports -= FEE;
        const qtyText = unitsText(qty, t.decimals);
        push({ ...base, kind: 'transfer', token: t.symbol, qty: qtyText, from: 'main', to: 'linked' });
        continue;
      }
    }
    if (r < 0.92 && backable.length > 0 && linkedLamports >= LINKED_FLOOR + FEE) {
      // Back from the linked wallet, all of one token.
      const t = rng.pick(backable);
      const qty = linkedHeld.get(t.symbol) ?? 0n;
      linkedHeld.set(t.symbol, 0n);
      held.set(t.symbol, (held.get(t.symbol) ?? 0n) + qty);
      linkedLamports -= FEE;
      const qtyText = unitsText(qty, t.decimals);
      push({ ...base, kind: 'transfer', token: t.symbol, qty: qtyText, from: 'linked', to: 'main' });
      continue;
    }
    if (r < 0.93 && open.length > 0) {
      // An airdrop worth $20–$500 at the hour's close, minted by the distributor.
      const t = rng.pick(open);
      const usd = 20 + rng.float() * 480;
      const qty = BigInt(Math.floor((usd / (closeOf(t.symbol, at) ?? 1)) * 10 ** t.decimals));
      if (qty > 0n) {
        held.set(t.symbol, (held.get(t.symbol) ?? 0n) + qty);
        push({ ...base, kind: 'airdrop', token: t.symbol, qty: unitsText(qty, t.decimals) });
        continue;
      }
    }
    // Cash management (also where a trade that could not be placed lands): sweep USDC or SOL back to the
    // exchange, or deposit more.
    if (usdc > 30_000n * USDC && rng.chance(0.5)) {
      usdc = 0n;
      lamports -= FEE;
      push({ ...base, kind: 'usdc_out_all' });
    } else if (lamports > 600n * SOL) {
      const keep = 300n * SOL;
      lamports = keep;
      push({ ...base, kind: 'sol_out', keepLamports: keep.toString() });
    } else if (rng.chance(0.5)) {
      usdcIn(BigInt(rng.range(5_000, 20_000)));
    } else {
      solIn(BigInt(rng.range(50, 200)));
    }
  }
  return scenarioSchema.parse({
    name: 'heavy-wallet',
    seed: `heavy-wallet:${seed}:${n}`,
    asOf: HEAVY_WALLET_DEFAULTS.asOf,
    prices: { from: '2023-06-01T00:00:00Z' },
    tokens: HEAVY_WALLET_TOKENS,
    events,
  });
}

/** `oof simulate --scenario heavy-wallet`: the heavy wallet written as a chain archive. */
export async function writeHeavyWalletArchive(
  dir: string,
  options: HeavyWalletOptions & { readonly sharedDataDir: string; readonly gzip?: boolean },
): Promise<ScenarioArchiveResult> {
  const scenario = heavyWalletScenario(readHeavyWalletCloses(options.sharedDataDir), options);
  return writeScenarioArchive(dir, scenario, {
    sharedDataDir: options.sharedDataDir,
    ...(options.gzip === undefined ? {} : { gzip: options.gzip }),
    createdBy:
      `oof simulate --scenario heavy-wallet --events ${scenario.events.length}` +
      ` --seed ${JSON.stringify(options.seed ?? HEAVY_WALLET_DEFAULTS.seed)}`,
  });
}
