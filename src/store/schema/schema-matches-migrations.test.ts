import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { queryRows } from '../query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  analyses,
  analysisCheckpoints,
  analysisEvents,
  episodes,
  ledgerFlags,
  lots,
  oofMoments,
  plans,
  priceCoverage,
  quotaUsage,
  realizedTrades,
  walletExtremes,
  walletLedgerState,
} from './analytics-tables.ts';
import { authNonces, userPlans } from './access-tables.ts';
import {
  copyBreakerEvents,
  copyFills,
  copyOrders,
  copyPerformance,
  copyPositionEvents,
  copyPositions,
  copySafetyScores,
  copySignals,
  copytradeAudit,
  copytradeConfig,
  copytradeKeys,
  copytradeState,
  copyWallets,
} from './copytrade-tables.ts';
import { actions, participants, tokenAccounts, txRaw, walletCursors } from './core-tables.ts';
import { jobs } from './jobs-table.ts';
import {
  ammSnapshots,
  curveSnapshots,
  feePolicies,
  features1m,
  holderSnapshots,
  launchEvents,
  launchRawLogs,
  launchTokens,
  launchTrades,
  riskFlags,
} from './launch-tables.ts';
import { launchIntents } from './launch-intent-tables.ts';
import { tokenFacts, tokenPrices } from './token-tables.ts';

/** The SQL migrations are the truth; the Drizzle table objects must describe exactly what they create. */
let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const normalize = (type: string): string =>
  type
    .replace(/\s+/g, '')
    .replace(/^bigserial$/, 'bigint')
    .replace(/^timestampwithtimezone$/, 'timestamptz')
    .replace(/^timestamp\(\d\)withtimezone$/, 'timestamptz');

test.each(
  [
    txRaw,
    actions,
    participants,
    walletCursors,
    tokenAccounts,
    tokenFacts,
    tokenPrices,
    jobs,
    plans,
    analyses,
    analysisCheckpoints,
    quotaUsage,
    analysisEvents,
    lots,
    realizedTrades,
    episodes,
    ledgerFlags,
    oofMoments,
    walletExtremes,
    walletLedgerState,
    priceCoverage,
    authNonces,
    userPlans,
    copyWallets,
    copySignals,
    copytradeAudit,
    copyPositions,
    copyPositionEvents,
    copyFills,
    copyOrders,
    copyBreakerEvents,
    copytradeState,
    copyPerformance,
    copySafetyScores,
    copytradeConfig,
    copytradeKeys,
    launchIntents,
    launchRawLogs,
    launchTokens,
    launchTrades,
    curveSnapshots,
    ammSnapshots,
    features1m,
    riskFlags,
    holderSnapshots,
    feePolicies,
    launchEvents,
  ].map((t) => [getTableConfig(t as PgTable).name, t]),
)('%s: columns, types and nullability match the migration', async (name, table) => {
  const config = getTableConfig(table as PgTable);
  const declared = config.columns
    .map((c) => `${c.name} ${normalize(c.getSQLType())}${c.notNull ? ' not null' : ''}`)
    .sort();
  const rows = await queryRows<{ name: string; type: string; not_null: boolean }>(
    database.db,
    sql`SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
          FROM pg_attribute a
          WHERE a.attrelid = ${name}::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const actual = rows.map((r) => `${r.name} ${normalize(r.type)}${r.not_null ? ' not null' : ''}`).sort();
  expect(declared).toEqual(actual);
});
