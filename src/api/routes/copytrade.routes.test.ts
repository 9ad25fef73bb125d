import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRpcTransaction, rpcIndex } from '../../../test/support/shared-data.ts';
import { createLogger } from '../../core/log/logger.ts';
import { recordSignalOutcome, recordSignalsFromActions } from '../../copytrade/signals/record-signals.ts';
import { CONSERVATIVE_STRATEGY, DEFAULT_STRATEGY } from '../../copytrade/strategy/strategy-templates.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { setCopyWalletSyncStatus } from '../../store/copytrade/copy-wallets.repository.ts';
import { listCopytradeAudit } from '../../store/copytrade/copytrade-audit.repository.ts';
import { createSessionTokens } from '../access/session-tokens.ts';
import { buildApp } from '../app.ts';

/** The copy-trading API in-process on a real database, signed in with a wallet session token. */
const SESSION_SECRET = 'copytrade-routes-test-session-secret-0123456789';
const USER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
// Real traders of the recorded pump.fun transactions (../shared/data, 0xjeffro-tx-parser).
const TRADER = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
const OTHER = 'Gh6D6DZcASQLc2XoLpctT74KbRr4nrHF8wNptweckHoA';
const BUY_SIG = 'ZEu54dZeki5Bgd3e3zFeAY7x6tTVCWSixswoQ6JbMwKRGNATvzCXjZY6Gabs2dukyupPo6s4P9eA3bCaA5w2Fht';
const SELL_SIG = '3bYXWjjNkVZpz3VWrp8Sh12usVCnzEqhYCnNNMQrMu7C8XHssi2WBTW37zukC5oyYTsAKYRtUQ1xhwFMYFMH19VJ';
const BUNDLE_SIG = 'JBnrBbgqh9jRUkUD68GdwBWoxWyz8SqEuM4eYqR6cyMMofFD43XQKjWBMHvRanPuzSU9UC8CFBQH1brAmvjxZpA';

let services: CoreServices;
let app: FastifyInstance;
let auth: Record<string, string>;
let tick = 0;
const clock = (): Date => new Date(Date.UTC(2026, 0, 5, 10) + ++tick * 1000);

beforeAll(async () => {
  services = await openTestServices();
  const config = { ...services.config, access: { ...services.config.access, sessionSecret: SESSION_SECRET } };
  app = await buildApp({ ...services, config }, createLogger('silent'), { clock });
  const token = await createSessionTokens({ secret: SESSION_SECRET, ttlSec: 3600 }).issue(USER, new Date());
  auth = { authorization: `Bearer ${token.token}` };
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('watchlist', () => {
  it('needs a signed-in subject', async () => {
    for (const [method, url] of [
      ['GET', '/v1/copytrade/wallets'],
      ['POST', '/v1/copytrade/wallets'],
      ['PATCH', `/v1/copytrade/wallets/${TRADER}`],
      ['DELETE', `/v1/copytrade/wallets/${TRADER}`],
      ['GET', '/v1/copytrade/signals'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        ...(method === 'POST' ? { payload: { address: TRADER } } : {}),
      });
      expect([method, url, res.statusCode, res.json<{ error: string }>().error]).toEqual([
        method,
        url,
        401,
        'AUTH_REQUIRED',
      ]);
    }
  });

  it('adds a wallet with defaults, refuses a bad address, a second add and invalid strategies', async () => {
    const bad = await call('POST', '/v1/copytrade/wallets', { address: 'not-a-wallet' });
    expect([bad.statusCode, bad.json<{ error: string }>().error]).toEqual([400, 'WALLET_INVALID_ADDRESS']);

    const res = await call('POST', '/v1/copytrade/wallets', { address: TRADER, label: 'pump trader' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      address: TRADER,
      label: 'pump trader',
      mode: 'simulation',
      strategy: { template: 'default', overrides: {}, effective: DEFAULT_STRATEGY },
      active: true,
      sync: { status: 'pending', error: null, syncedAt: null },
    });

    const again = await call('POST', '/v1/copytrade/wallets', { address: TRADER });
    expect([again.statusCode, again.json<{ error: string }>().error]).toEqual([409, 'COPY_WALLET_EXISTS']);

    const cases: [unknown, number, string][] = [
      [{ template: 'yolo' }, 400, 'REQUEST_INVALID'],
      [{ overrides: { stopLoss: { lossFraction: '1.5' } } }, 400, 'STRATEGY_STOP_LOSS_OUT_OF_RANGE'],
      [{ overrides: { stopLos: null } }, 400, 'STRATEGY_SHAPE_INVALID'],
      [
        {
          overrides: {
            scalingOut: [
              { multiple: '2', fraction: '0.8' },
              { multiple: '3', fraction: '0.5' },
            ],
          },
        },
        400,
        'STRATEGY_LADDER_FRACTIONS_EXCEED_ONE',
      ],
    ];
    for (const [strategy, status, code] of cases) {
      const r = await call('POST', '/v1/copytrade/wallets', { address: OTHER, strategy });
      expect([strategy, r.statusCode, r.json<{ error: string }>().error]).toEqual([strategy, status, code]);
    }

    const other = await call('POST', '/v1/copytrade/wallets', {
      address: OTHER,
      mode: 'live',
      strategy: { template: 'aggressive', overrides: { takeProfit: { multiple: '20' } } },
      discoverySource: 'leaderboard 7d',
    });
    expect(other.statusCode).toBe(201);
    expect(other.json()).toMatchObject({
      mode: 'live',
      strategy: { template: 'aggressive', effective: { takeProfit: { multiple: '20' } } },
      discoverySource: 'leaderboard 7d',
    });
  });

  it('edits label, mode, strategy, notes and active; unknown wallets are 404', async () => {
    const res = await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, {
      label: 'renamed',
      mode: 'live',
      notes: 'copies fast',
      strategy: { template: 'conservative', overrides: { stopLoss: { lossFraction: '0.2' } } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      label: 'renamed',
      mode: 'live',
      notes: 'copies fast',
      strategy: {
        template: 'conservative',
        overrides: { stopLoss: { lossFraction: '0.2' } },
        effective: { ...CONSERVATIVE_STRATEGY, stopLoss: { lossFraction: '0.2' } },
      },
      sync: { status: 'pending' },
    });
    // Only the template changes: the stored overrides are kept and checked against the new template.
    const tpl = await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, { strategy: { template: 'default' } });
    expect(tpl.json()).toMatchObject({
      strategy: {
        template: 'default',
        effective: { ...DEFAULT_STRATEGY, stopLoss: { lossFraction: '0.2' } },
      },
    });
    const invalid = await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, {
      label: 'never saved',
      strategy: { overrides: { trailingStop: { trailFraction: '1' } } },
    });
    expect([invalid.statusCode, invalid.json<{ error: string }>().error]).toEqual([
      400,
      'STRATEGY_TRAILING_DISTANCE_OUT_OF_RANGE',
    ]);
    const missing = await call('PATCH', '/v1/copytrade/wallets/11111111111111111111111111111112', {
      label: 'x',
    });
    expect([missing.statusCode, missing.json<{ error: string }>().error]).toEqual([
      404,
      'COPY_WALLET_NOT_FOUND',
    ]);
    const badBody = await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, { address: OTHER });
    expect(badBody.statusCode).toBe(400);

    // A sync happened meanwhile; a label edit keeps it, deactivation makes the webhook stale again.
    const [w] = (await call('GET', '/v1/copytrade/wallets'))
      .json<{ wallets: { address: string; updatedAt: string }[] }>()
      .wallets.filter((x) => x.address === TRADER);
    await setCopyWalletSyncStatus(
      services.database.db,
      [{ address: TRADER, updatedAt: new Date(w!.updatedAt) }],
      'synced',
      null,
      clock(),
    );
    expect((await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, { label: 'again' })).json()).toMatchObject(
      {
        sync: { status: 'synced' },
      },
    );
    const removed = await call('DELETE', `/v1/copytrade/wallets/${TRADER}`);
    expect(removed.json()).toMatchObject({ active: false, label: 'again', sync: { status: 'pending' } });
    const list = (await call('GET', '/v1/copytrade/wallets')).json<{ wallets: unknown[] }>();
    // By address: TRADER (4Ddr…) before OTHER (Gh6D…).
    expect(list.wallets).toEqual([
      expect.objectContaining({ address: TRADER, active: false }),
      expect.objectContaining({
        address: OTHER,
        active: true,
        sync: { status: 'pending', error: null, syncedAt: null },
      }),
    ]);
    expect((await call('DELETE', `/v1/copytrade/wallets/${OTHER.replace('G', 'H')}`)).statusCode).toBe(404);
  });

  it('audits every change with the subject and the row before and after, and only changes', async () => {
    // Removing an already removed wallet changes nothing: no audit row.
    expect((await call('DELETE', `/v1/copytrade/wallets/${TRADER}`)).statusCode).toBe(200);
    const trail = await listCopytradeAudit(services.database.db, TRADER);
    expect(trail.map((a) => [a.action, a.subject])).toEqual([
      ['wallet.create', `wallet:${USER}`],
      ['wallet.update', `wallet:${USER}`],
      ['wallet.update', `wallet:${USER}`],
      ['wallet.update', `wallet:${USER}`],
      ['wallet.deactivate', `wallet:${USER}`],
    ]);
    expect(trail[0]?.before).toBeNull();
    expect(trail[1]).toMatchObject({
      before: { label: 'pump trader', mode: 'simulation' },
      after: { label: 'renamed', mode: 'live', notes: 'copies fast' },
    });
    expect(trail[4]).toMatchObject({ before: { active: true }, after: { active: false } });
  });
});

describe('signals', () => {
  beforeAll(async () => {
    // TRADER is inactive now; reactivate it so its swaps are pending.
    await call('PATCH', `/v1/copytrade/wallets/${TRADER}`, { active: true });
    const at = new Date('2026-01-05T12:00:00.000Z');
    for (const [i, sig] of [BUY_SIG, SELL_SIG, BUNDLE_SIG].entries()) {
      const raw = findRpcTransaction(rpcIndex().find((r) => r.signature === sig)!);
      const { actions } = decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' });
      await recordSignalsFromActions(
        services.database.db,
        actions,
        new Map([[sig, raw]]),
        new Date(at.getTime() + i),
      );
    }
    await recordSignalOutcome(services.database.db, BUY_SIG, TRADER, 'position_opened', null, 120);
  });

  it('lists newest first with filters, and pages with the cursor', async () => {
    const all = (await call('GET', '/v1/copytrade/signals')).json<{
      signals: { signature: string }[];
      next: null;
    }>();
    expect(all.signals.map((s) => s.signature)).toEqual([BUNDLE_SIG, SELL_SIG, BUY_SIG]);
    expect(all.next).toBeNull();

    const buy = (await call('GET', `/v1/copytrade/signals?wallet=${TRADER}&outcome=position_opened`)).json<{
      signals: unknown[];
    }>();
    expect(buy.signals).toEqual([
      expect.objectContaining({
        signature: BUY_SIG,
        side: 'buy',
        mint: '7nYhDYAxQdFn2DRPcjBFPQQz5qb8HeFiJv9o9w6fpump',
        amountRaw: '34612901212710',
        quoteAmountRaw: '1000000000',
        usd: '150',
        venue: 'pumpfun',
        outcome: 'position_opened',
        decisionMs: 120,
      }),
    ]);

    const seen: string[] = [];
    let url = '/v1/copytrade/signals?limit=1';
    for (;;) {
      const page = (await call('GET', url)).json<{ signals: { signature: string }[]; next: string | null }>();
      seen.push(...page.signals.map((s) => s.signature));
      if (page.next === null) break;
      url = `/v1/copytrade/signals?limit=1&cursor=${page.next}`;
    }
    expect(seen).toEqual([BUNDLE_SIG, SELL_SIG, BUY_SIG]);

    const since = (await call('GET', '/v1/copytrade/signals?since=2026-01-05T12:00:00.001Z')).json<{
      signals: unknown[];
    }>();
    expect(since.signals).toHaveLength(2);
  });

  it('rejects a bad cursor, wallet or outcome', async () => {
    const cursor = await call('GET', '/v1/copytrade/signals?cursor=bm9wZQ');
    expect([cursor.statusCode, cursor.json<{ error: string }>().error]).toEqual([400, 'CURSOR_INVALID']);
    const wallet = await call('GET', '/v1/copytrade/signals?wallet=nope');
    expect([wallet.statusCode, wallet.json<{ error: string }>().error]).toEqual([
      400,
      'WALLET_INVALID_ADDRESS',
    ]);
    const outcome = await call('GET', '/v1/copytrade/signals?outcome=won');
    expect([outcome.statusCode, outcome.json<{ error: string }>().error]).toEqual([400, 'REQUEST_INVALID']);
  });
});
