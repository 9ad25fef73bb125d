import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { queryRows } from '../query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { consumeAuthNonce, findUsableAuthNonce, insertAuthNonce } from './auth-nonces.repository.ts';
import { getSubjectPlan, setSubjectPlan, setSubjectStake } from './user-plans.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const t0 = new Date('2025-03-01T12:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const WALLET = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';

describe('auth nonces', () => {
  const nonce = { nonce: 'n1', wallet: WALLET, message: 'sign me', issuedAt: t0, expiresAt: at(300_000) };

  test('a nonce is usable once, only by its wallet, only before it expires', async () => {
    await insertAuthNonce(database.db, nonce, t0);
    expect(await findUsableAuthNonce(database.db, 'n1', 'someone-else', at(1000))).toBeNull();
    expect(await findUsableAuthNonce(database.db, 'n1', WALLET, at(300_000))).toBeNull();
    expect(await findUsableAuthNonce(database.db, 'n1', WALLET, at(1000))).toEqual(nonce);
    expect(await consumeAuthNonce(database.db, 'n1', WALLET, at(1000))).toBe(true);
    expect(await consumeAuthNonce(database.db, 'n1', WALLET, at(2000))).toBe(false);
    expect(await findUsableAuthNonce(database.db, 'n1', WALLET, at(2000))).toBeNull();
  });

  test('issuing a nonce drops those expired for more than a day', async () => {
    await insertAuthNonce(database.db, { ...nonce, nonce: 'old' }, t0);
    const later = at(2 * 86_400_000);
    const fresh = {
      ...nonce,
      nonce: 'fresh',
      issuedAt: later,
      expiresAt: new Date(later.getTime() + 300_000),
    };
    await insertAuthNonce(database.db, fresh, later);
    const left = await queryRows<{ nonce: string }>(
      database.db,
      sql`SELECT nonce FROM auth_nonces ORDER BY nonce`,
    );
    expect(left.map((r) => r.nonce)).toEqual(['fresh']);
  });
});

describe('user plans', () => {
  test('a subject without a row is FREE without boost', async () => {
    const { plan, stakingBoost } = await getSubjectPlan(database.db, 'user:nobody');
    expect(plan).toMatchObject({ code: 'FREE', walletsPerDay: 2, backfillDays: 180 });
    expect(stakingBoost).toBe(0);
  });

  test('plan and stake are set independently and read back together', async () => {
    await setSubjectStake(database.db, 'wallet:w1', { stakedOof: '15000', stakingBoost: 3 }, t0);
    expect(await getSubjectPlan(database.db, 'wallet:w1')).toMatchObject({
      plan: { code: 'FREE', walletsPerDay: 2 },
      stakingBoost: 3,
    });
    await setSubjectPlan(database.db, 'wallet:w1', 'lite', at(1000));
    expect(await getSubjectPlan(database.db, 'wallet:w1')).toMatchObject({
      plan: { code: 'LITE', walletsPerDay: 5, backfillDays: 365 },
      stakingBoost: 3,
    });
  });

  test('an unknown plan code is PLAN_UNKNOWN', async () => {
    const err = await setSubjectPlan(database.db, 'user:x', 'GOLD', t0).catch((e: unknown) => e);
    expect(isOofError(err, 'PLAN_UNKNOWN')).toBe(true);
  });
});
