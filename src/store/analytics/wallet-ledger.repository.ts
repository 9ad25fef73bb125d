import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../query-rows.ts';
import type {
  Episode,
  LedgerFlag,
  LedgerResult,
  Lot,
  RealizedTrade,
} from '../../analytics/ledger/ledger-records.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { isoFromUnixSeconds } from '../transactions/action-row.ts';
import { bulkInsert, type BulkColumn, type TextValue } from '../transactions/bulk-insert.ts';

const col = (name: string, type: string): BulkColumn => ({ name, type });
const str = (v: bigint | number | null): TextValue => (v === null ? null : v.toString());

const LOT_COLUMNS = [
  col('id', 'text'),
  col('wallet', 'text'),
  col('mint', 'text'),
  col('decimals', 'smallint'),
  col('qty_raw', 'numeric(39,0)'),
  col('open_qty_raw', 'numeric(39,0)'),
  col('cost_usd', 'numeric(38,18)'),
  col('open_cost_usd', 'numeric(38,18)'),
  col('unit_cost_usd', 'numeric(38,18)'),
  col('opened_sig', 'text'),
  col('opened_idx', 'integer'),
  col('opened_slot', 'bigint'),
  col('opened_at', 'timestamptz'),
  col('basis_source', 'text'),
  col('price_source', 'text'),
  col('episode_id', 'text'),
];
const lotRow = (l: Lot): TextValue[] => [
  l.id,
  l.wallet,
  l.mint,
  str(l.decimals),
  str(l.qtyRaw),
  str(l.openQtyRaw),
  l.costUsd,
  l.openCostUsd,
  l.unitCostUsd,
  l.openedAt.signature,
  str(l.openedAt.index),
  str(l.openedAt.slot),
  isoFromUnixSeconds(l.openedAt.blockTime),
  l.basisSource,
  l.priceSource,
  l.episodeId,
];

const TRADE_COLUMNS = [
  col('id', 'text'),
  col('wallet', 'text'),
  col('mint', 'text'),
  col('lot_id', 'text'),
  col('episode_id', 'text'),
  col('qty_raw', 'numeric(39,0)'),
  col('cost_usd', 'numeric(38,18)'),
  col('proceeds_usd', 'numeric(38,18)'),
  col('pnl_usd', 'numeric(38,18)'),
  col('entry_sig', 'text'),
  col('entry_at', 'timestamptz'),
  col('exit_sig', 'text'),
  col('exit_idx', 'integer'),
  col('exit_slot', 'bigint'),
  col('exit_at', 'timestamptz'),
  col('exit_kind', 'text'),
  col('price_source', 'text'),
];
const tradeRow = (t: RealizedTrade): TextValue[] => [
  t.id,
  t.wallet,
  t.mint,
  t.lotId,
  t.episodeId,
  str(t.qtyRaw),
  t.costUsd,
  t.proceedsUsd,
  t.pnlUsd,
  t.entry?.signature ?? null,
  isoFromUnixSeconds(t.entry?.blockTime ?? null),
  t.exit.signature,
  str(t.exit.index),
  str(t.exit.slot),
  isoFromUnixSeconds(t.exit.blockTime),
  t.exitKind,
  t.priceSource,
];

const EPISODE_COLUMNS = [
  col('id', 'text'),
  col('wallet', 'text'),
  col('mint', 'text'),
  col('n', 'integer'),
  col('opened_sig', 'text'),
  col('opened_at', 'timestamptz'),
  col('closed_sig', 'text'),
  col('closed_at', 'timestamptz'),
  col('qty_in_raw', 'numeric(39,0)'),
  col('qty_out_raw', 'numeric(39,0)'),
  col('realized_cost_usd', 'numeric(38,18)'),
  col('realized_proceeds_usd', 'numeric(38,18)'),
  col('realized_pnl_usd', 'numeric(38,18)'),
  col('unpriced_trades', 'integer'),
];
const episodeRow = (e: Episode): TextValue[] => [
  e.id,
  e.wallet,
  e.mint,
  str(e.n),
  e.openedAt.signature,
  isoFromUnixSeconds(e.openedAt.blockTime),
  e.closedAt?.signature ?? null,
  isoFromUnixSeconds(e.closedAt?.blockTime ?? null),
  str(e.qtyInRaw),
  str(e.qtyOutRaw),
  e.realizedCostUsd,
  e.realizedProceedsUsd,
  e.realizedPnlUsd,
  str(e.unpricedTrades),
];

const FLAG_COLUMNS = [
  col('wallet', 'text'),
  col('seq', 'integer'),
  col('code', 'text'),
  col('mint', 'text'),
  col('sig', 'text'),
  col('idx', 'integer'),
  col('at', 'timestamptz'),
  col('qty_raw', 'numeric(39,0)'),
  col('cost_usd', 'numeric(38,18)'),
  col('counterparty', 'text'),
];
const flagRow =
  (wallet: string) =>
  (f: LedgerFlag, i: number): TextValue[] => [
    wallet,
    str(i + 1),
    f.code,
    f.mint,
    f.at.signature,
    str(f.at.index),
    isoFromUnixSeconds(f.at.blockTime),
    str(f.qtyRaw),
    f.costUsd,
    f.counterparty,
  ];

/** sha256 of the ledger's canonical JSON (bigints as decimal strings): equal ledgers, equal fingerprints. */
export function ledgerFingerprint(ledger: LedgerResult): string {
  const json = JSON.stringify(
    [ledger.lots, ledger.realizedTrades, ledger.episodes, ledger.flags],
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  );
  return createHash('sha256').update(json).digest('hex');
}

/**
 * Replaces the derived ledger of a wallet (lots, realized trades, episodes, flags) with a fresh recompute —
 * unless it is the ledger already saved (same fingerprint), then nothing is written. Call it inside a
 * transaction: readers see the old rows or the new ones, never a mix. Returns whether rows were written.
 */
export async function replaceWalletLedger(
  db: Db,
  wallet: string,
  ledger: LedgerResult,
  now: Date = new Date(0),
): Promise<boolean> {
  const fingerprint = ledgerFingerprint(ledger);
  try {
    const saved = await queryRows<{ fingerprint: string }>(
      db,
      sql`SELECT fingerprint FROM wallet_ledger_state WHERE wallet = ${wallet}`,
    );
    if (saved[0]?.fingerprint === fingerprint) return false;
    for (const table of ['lots', 'realized_trades', 'episodes', 'ledger_flags']) {
      await db.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE wallet = ${wallet}`);
    }
    await bulkInsert(db, 'lots', LOT_COLUMNS, ledger.lots.map(lotRow));
    await bulkInsert(db, 'realized_trades', TRADE_COLUMNS, ledger.realizedTrades.map(tradeRow));
    await bulkInsert(db, 'episodes', EPISODE_COLUMNS, ledger.episodes.map(episodeRow));
    await bulkInsert(db, 'ledger_flags', FLAG_COLUMNS, ledger.flags.map(flagRow(wallet)));
    await db.execute(sql`INSERT INTO wallet_ledger_state (wallet, fingerprint, saved_at)
      VALUES (${wallet}, ${fingerprint}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (wallet) DO UPDATE SET fingerprint = excluded.fingerprint, saved_at = excluded.saved_at`);
    return true;
  } catch (e) {
    throw toDatabaseError(e, `saving the ledger of ${wallet}`);
  }
}

/**
 * Replaces the tail of a wallet's derived ledger after a resumed recompute (`ledger` holds the lots still open
 * at `settleAt`, with their whole history, and every record after it; its flags are numbered after
 * `flagsBefore`): the settled records before `settleAt` stay as they are. The saved fingerprint is cleared so
 * the next full recompute writes the whole ledger again. Call it inside a transaction.
 */
export async function replaceWalletLedgerTail(
  db: Db,
  wallet: string,
  ledger: LedgerResult,
  tail: { readonly settleAt: number; readonly flagsBefore: number },
  now: Date = new Date(0),
): Promise<void> {
  const from = sql`to_timestamp(${tail.settleAt})`;
  const ids = (xs: readonly { id: string }[]) => sql.param(xs.map((x) => x.id));
  try {
    await db.execute(sql`DELETE FROM lots WHERE wallet = ${wallet}
      AND (opened_at >= ${from} OR id = ANY(${ids(ledger.lots)}::text[]))`);
    await db.execute(sql`DELETE FROM realized_trades WHERE wallet = ${wallet} AND exit_at >= ${from}`);
    await db.execute(sql`DELETE FROM episodes WHERE wallet = ${wallet}
      AND (opened_at >= ${from} OR id = ANY(${ids(ledger.episodes)}::text[]))`);
    await db.execute(sql`DELETE FROM ledger_flags WHERE wallet = ${wallet} AND seq > ${tail.flagsBefore}`);
    await bulkInsert(db, 'lots', LOT_COLUMNS, ledger.lots.map(lotRow));
    await bulkInsert(db, 'realized_trades', TRADE_COLUMNS, ledger.realizedTrades.map(tradeRow));
    await bulkInsert(db, 'episodes', EPISODE_COLUMNS, ledger.episodes.map(episodeRow));
    const flag = flagRow(wallet);
    await bulkInsert(
      db,
      'ledger_flags',
      FLAG_COLUMNS,
      ledger.flags.map((f, i) => flag(f, tail.flagsBefore + i)),
    );
    await db.execute(sql`INSERT INTO wallet_ledger_state (wallet, fingerprint, saved_at)
      VALUES (${wallet}, ${`tail from ${tail.settleAt}`}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (wallet) DO UPDATE SET fingerprint = excluded.fingerprint, saved_at = excluded.saved_at`);
  } catch (e) {
    throw toDatabaseError(e, `saving the ledger of ${wallet}`);
  }
}

/** `ANALYZE` of the tables an analysis reads and writes (planner statistics; PGlite has no autovacuum). */
export async function refreshStatistics(db: Db): Promise<void> {
  try {
    await db.execute(
      sql`ANALYZE actions, participants, tx_raw, token_accounts, token_prices, lots, realized_trades, episodes, oof_moments`,
    );
  } catch (e) {
    throw toDatabaseError(e, 'refreshing planner statistics');
  }
}
