/**
 * Copy-trading intake on the real Helius payloads (issue "Copy trading", "Proven by": "the real Helius swap
 * payloads in ../shared/data"): Helius' own enhanced SWAP/JUPITER mocks (helius-xray, wallet MatrfYnD…) and a
 * recorded wallet history (dashy-staging SampleTxn.json, wallet FCHTRYx6…), POSTed to the real webhook route,
 * taken by the real webhook worker (ingest + signal recording) and decided by one real engine round.
 *
 * Test ports, and why:
 * - RPC: an enhanced delivery carries no raw transaction, so the worker asks the node with getTransaction. The
 *   shared data holds no getTransaction recording of these signatures, so this node answers with the
 *   project's own rendering of the recorded payload as a getTransaction result (`toRpcView`, the view the
 *   equivalence tests hold to the decoder's reading of the real node answers). Any other signature: null.
 * - Prices: a scripted in-memory source (SOL $150, USDC $1). Token safety: the real scorer over the recorded
 *   RugCheck report and DexScreener pairs (renamed to the mint; no recording of USDC exists), as in the
 *   replay scenarios.
 * The point is the intake path: payload → signal with its raw payload → outcome with timings.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { toRpcView } from '../../src/chain/helius/enhanced-rpc-view.ts';
import { enhancedTransactionSchema } from '../../src/chain/helius/enhanced-transaction.schema.ts';
import { loadEnhancedPayloads } from '../../src/chain/helius/testing/helius-payloads.fixture.ts';
import type { RpcCall } from '../../src/chain/rpc/rpc-transport.ts';
import { SolanaRpc } from '../../src/chain/rpc/solana-rpc.ts';
import { createLogger } from '../../src/core/log/logger.ts';
import { createEngineRunner } from '../../src/copytrade/engine/copytrade-engine.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { createWebhookEnqueue } from '../../src/jobs/helius-webhook.queue.ts';
import { processWebhookJobs } from '../../src/jobs/helius-webhook.worker.ts';
import type { CoreServices } from '../../src/main/core-services.ts';
import { openTestServices } from '../../src/main/testing/test-services.ts';
import { insertCopyWallet, updateCopyWallet } from '../../src/store/copytrade/copy-wallets.repository.ts';
import { queryRows } from '../../src/store/query-rows.ts';
import { sharedDataAvailable } from '../support/shared-data.ts';
import { engineDeps, recordedSafety, scriptedPriceSource, testClock } from './support/copytrade-harness.ts';

const AUTH = 'test-webhook-secret-payloads';
const ACTIVE = 'MatrfYnDmsBrdnETpW2S6uksrChkGwyN4RRCXtTPZsv';
const INACTIVE = 'FCHTRYx6npkQCogtpZtEFLJeevAFGbDHhJyvqvT6F4kX';
const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

interface SwapEvent {
  nativeInput: { account: string; amount: string } | null;
  nativeOutput: { account: string; amount: string } | null;
  tokenInputs: { mint: string }[];
  tokenOutputs: { mint: string }[];
}
interface Payload {
  signature: string;
  type: string;
  feePayer: string;
  events: { swap?: SwapEvent };
  tokenTransfers: { fromUserAccount: string; toUserAccount: string; mint: string; tokenAmount: number }[];
  transactionError: unknown;
}

/** One payload per signature (helius-xray lists one swap in two files), of the two wallets of this scenario. */
function payloads(): { swaps: Payload[]; other: Payload[] } {
  const seen = new Set<string>();
  const all: Payload[] = [];
  for (const p of loadEnhancedPayloads()) {
    const json = p.json as unknown as Payload;
    if (seen.has(p.signature) || (json.feePayer !== ACTIVE && json.feePayer !== INACTIVE)) continue;
    seen.add(p.signature);
    all.push(json);
  }
  return {
    swaps: all.filter((p) => p.type === 'SWAP' && p.events.swap !== undefined && p.transactionError === null),
    // A recorded non-swap of the watched wallet (a transfer).
    other: all.filter((p) => p.feePayer === ACTIVE && p.type === 'TRANSFER').slice(0, 1),
  };
}

/** `tokenAmount` (a UI amount, as Helius writes it) in base units, exactly: no float arithmetic. */
function baseUnits(ui: number, decimals: number): bigint {
  const text = String(ui);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`unexpected tokenAmount ${text}`);
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length > decimals) throw new Error(`${text} has more than ${decimals} decimals`);
  return BigInt(whole + fraction.padEnd(decimals, '0'));
}

/**
 * What the payload says the wallet did (SOL ↔ USDC in every recorded swap). Direction and mints from its
 * `events.swap` (SOL in: bought USDC; SOL out: sold it). Amounts from its `tokenTransfers`: the wallet's net flow
 * of each mint — what it actually paid and received. In 3 of the 9 payloads (`3gf6…`, `RkRC…`, `2TG2…`) Jupiter
 * took a platform fee from the output (a `tokenTransfers` row from the wallet to the fee account), so the
 * gross `events.swap` output is larger than what the wallet kept; where no fee was taken, the SOL legs of both
 * agree (checked).
 */
function expectedOf(p: Payload) {
  const s = p.events.swap!;
  const buy = s.nativeInput !== null && s.nativeInput !== undefined;
  const token = (buy ? s.tokenOutputs[0] : s.tokenInputs[0])!.mint;
  const net = (mint: string): bigint => {
    let n = 0n;
    for (const t of p.tokenTransfers.filter((x) => x.mint === mint)) {
      const raw = baseUnits(t.tokenAmount, mint === SOL_MINT ? 9 : 6);
      if (t.toUserAccount === p.feePayer) n += raw;
      if (t.fromUserAccount === p.feePayer) n -= raw;
    }
    return n;
  };
  const abs = (n: bigint): bigint => (n < 0n ? -n : n);
  const quote = abs(net(SOL_MINT));
  const gross = BigInt(buy ? s.nativeInput!.amount : s.nativeOutput!.amount);
  const feeTaken = p.tokenTransfers.some(
    (t) => t.fromUserAccount === p.feePayer && t.mint === (buy ? token : SOL_MINT),
  );
  if (!feeTaken) expect(quote, `${p.signature}: SOL leg of events.swap vs tokenTransfers`).toBe(gross);
  return {
    signature: p.signature,
    wallet: p.feePayer,
    side: buy ? 'buy' : 'sell',
    mint: token,
    amount_raw: abs(net(token)).toString(),
    quote_mint: SOL_MINT,
    quote_amount_raw: quote.toString(),
  };
}

let services: CoreServices;
let app: FastifyInstance;
const byRpcSignature = new Map<string, unknown>();
const rpcCalls: string[] = [];

/** The test node: getTransaction answers the recorded payload rendered as a getTransaction result. */
const node = new SolanaRpc(<T>(call: RpcCall<T>): Promise<T> => {
  if (call.method !== 'getTransaction') return Promise.reject(new Error(`unexpected RPC ${call.method}`));
  const signature = String((call.params as unknown[])[0]);
  rpcCalls.push(signature);
  const payload = byRpcSignature.get(signature);
  return Promise.resolve(call.parse(payload === undefined ? null : toRpcView(payload as never)));
});

beforeAll(async () => {
  services = await openTestServices();
  app = await buildApp(services, createLogger('silent'), {
    webhook: { enqueue: createWebhookEnqueue(services.database), authHeader: AUTH },
  });
  const watched = { label: null, mode: 'simulation' as const, strategyTemplate: 'default' };
  for (const address of [ACTIVE, INACTIVE]) {
    await insertCopyWallet(
      services.database.db,
      { address, ...watched, strategyOverrides: {}, discoverySource: 'helius payloads', notes: null },
      new Date(),
    );
  }
  await updateCopyWallet(services.database.db, INACTIVE, { active: false }, new Date());
}, 30_000);
afterAll(async () => {
  await app.close();
  await services.close();
});

const post = async (body: unknown[]) => {
  const res = await app.inject({
    method: 'POST',
    url: '/webhooks/helius',
    headers: { authorization: AUTH },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ accepted: number; duplicates: number }>();
};

const signalRows = () =>
  queryRows<{
    signature: string;
    wallet: string;
    side: string;
    mint: string;
    amount_raw: string;
    quote_mint: string;
    quote_amount_raw: string;
    outcome: string;
    decision_ms: number | null;
    raw_signature: string;
  }>(
    services.database.db,
    sql`SELECT signature, wallet, side, mint, amount_raw::text AS amount_raw, quote_mint,
               quote_amount_raw::text AS quote_amount_raw, outcome, decision_ms,
               raw->>'signature' AS raw_signature
          FROM copy_signals ORDER BY signature`,
  );

describe.skipIf(!sharedDataAvailable())('real Helius enhanced SWAP payloads → signals → outcomes', () => {
  test('one signal per swap with the payload’s own numbers, idempotent, non-swaps and inactive wallets handled', async () => {
    const { swaps, other } = payloads();
    // The recorded data this scenario rests on: 3 swaps of MatrfYnD…, 6 of FCHTRYx6…, a transfer of MatrfYnD….
    expect(swaps.filter((p) => p.feePayer === ACTIVE)).toHaveLength(3);
    expect(swaps.filter((p) => p.feePayer === INACTIVE)).toHaveLength(6);
    expect(other).toHaveLength(1);
    const delivered = [...swaps, ...other];
    for (const p of delivered) byRpcSignature.set(p.signature, enhancedTransactionSchema.parse(p));

    // Delivered twice, as Helius redelivers: the second POST queues nothing.
    expect(await post(delivered)).toEqual({ accepted: delivered.length, duplicates: 0 });
    expect(await post(delivered)).toEqual({ accepted: 0, duplicates: delivered.length });
    const round = await processWebhookJobs({ ...services, rpc: node }, { workerId: 'payloads' });
    expect(round).toMatchObject({ taken: delivered.length, parked: 0, retried: 0 });

    const expected = swaps.map(expectedOf).sort((a, b) => a.signature.localeCompare(b.signature));
    const afterIntake = await signalRows();
    expect(afterIntake.map(({ outcome: _o, decision_ms: _d, raw_signature: _r, ...s }) => s)).toEqual(
      [...expected].sort((a, b) => (a.signature < b.signature ? -1 : 1)),
    );
    // Each signal keeps the payload as delivered (the enhanced one, not the fetched view).
    for (const s of afterIntake) expect(s.raw_signature).toBe(s.signature);
    expect(afterIntake.every((s) => s.mint === USDC)).toBe(true);
    // The inactive wallet's swaps are stored, decided at once; the active wallet's wait for the engine.
    for (const s of afterIntake) {
      expect(s.outcome).toBe(s.wallet === INACTIVE ? 'ignored_inactive' : 'pending');
    }
    // The transfer was fetched and stored like the swaps, but is no signal.
    expect(rpcCalls).toContain(other[0]!.signature);
    expect(afterIntake.some((s) => s.signature === other[0]!.signature)).toBe(false);

    // The same payloads again, once the first jobs are done: new jobs? no — the queue keys by signature for
    // ever; and a second worker round finds nothing to do. Signals stay one per swap.
    expect(await post(delivered)).toEqual({ accepted: 0, duplicates: delivered.length });
    expect(await processWebhookJobs({ ...services, rpc: node }, { workerId: 'payloads' })).toMatchObject({
      taken: 0,
    });

    // One engine round decides every pending signal, with its timings.
    const clock = testClock(new Date());
    const prices = scriptedPriceSource('memory', clock.now);
    prices.set(SOL_MINT, '150');
    prices.set(USDC, '1');
    const runner = createEngineRunner(
      engineDeps(services.database, clock.now, [prices.source], recordedSafety(clock.now, new Set())),
      'payloads',
    );
    await runner.round();
    const decided = await signalRows();
    expect(decided).toHaveLength(expected.length);
    for (const s of decided) {
      expect(s.outcome, s.signature).not.toBe('pending');
      expect(s.decision_ms, s.signature).not.toBeNull();
    }
    const outcomes = Object.fromEntries(decided.map((s) => [s.signature, s.outcome]));
    for (const p of swaps.filter((x) => x.feePayer === INACTIVE)) {
      expect(outcomes[p.signature]).toBe('ignored_inactive');
    }
  });
});
