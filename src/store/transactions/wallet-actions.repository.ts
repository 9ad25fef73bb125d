import { and, desc, eq, inArray, or, lt, sql, type SQL } from 'drizzle-orm';
import type { Action, SwapSide } from '../../decoder/action.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { actions } from '../schema/core-tables.ts';
import { isActionKind, rowToAction, trimDecimal } from './action-row.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { queryRows } from '../query-rows.ts';

/** Position after which the next page starts: the last row's `(slot, sig, idx)`, newest first. */
export interface ActionCursor {
  readonly slot: bigint;
  readonly sig: string;
  readonly idx: number;
}

/**
 * A wallet's actions newest first, keyset-paginated on `(slot, sig, idx)` (served by the
 * `actions_owner_slot_idx` index): stable under concurrent inserts, no OFFSET scans.
 */
export async function listWalletActions(
  db: Db,
  wallet: string,
  options: { limit: number; after?: ActionCursor },
): Promise<{ actions: Action[]; next: ActionCursor | null }> {
  const after = options.after;
  let where: SQL | undefined = eq(actions.owner, wallet);
  if (after !== undefined) {
    where = and(
      where,
      or(
        lt(actions.slot, after.slot),
        and(eq(actions.slot, after.slot), lt(actions.sig, after.sig)),
        and(eq(actions.slot, after.slot), eq(actions.sig, after.sig), lt(actions.idx, after.idx)),
      ),
    );
  }
  try {
    const rows = await db
      .select()
      .from(actions)
      .where(where)
      .orderBy(desc(actions.slot), desc(actions.sig), desc(actions.idx))
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      actions: page.map(rowToAction),
      next: rows.length > options.limit && last ? { slot: last.slot, sig: last.sig, idx: last.idx } : null,
    };
  } catch (e) {
    throw toDatabaseError(e, `listing the actions of ${wallet}`);
  }
}

/**
 * The actions of `wallet` with a block time at or after `from` (the analysis window), in ledger order
 * `(slot, sig, idx)`, as the ledger and the detectors read them: value-moving kinds only (no `event` rows) and
 * without `programs` (empty) — one narrow query with exact text values, served by `actions_owner_slot_idx`.
 */
export async function loadWalletActionsSince(db: Db, wallet: string, from: Date): Promise<Action[]> {
  try {
    const rows = await queryRows<{
      sig: string;
      idx: number;
      kind: string;
      owner: string | null;
      mint_in: string | null;
      amount_in: string | null;
      decimals_in: number | null;
      mint_out: string | null;
      amount_out: string | null;
      decimals_out: number | null;
      venue: string | null;
      side: SwapSide | null;
      counterparty: string | null;
      usd_in: string | null;
      usd_out: string | null;
      transfer_fee_raw: string | null;
      slot: string;
      t: string | null;
    }>(
      db,
      sql`SELECT sig, idx, kind, owner, mint_in, amount_in::text AS amount_in, decimals_in, mint_out,
                 amount_out::text AS amount_out, decimals_out, venue, side, counterparty, usd_in::text AS usd_in,
                 usd_out::text AS usd_out, transfer_fee_raw::text AS transfer_fee_raw, slot::text AS slot,
                 extract(epoch FROM ts)::bigint::text AS t
            FROM actions
           WHERE owner = ${wallet} AND ts >= ${from.toISOString()}::timestamptz AND kind <> 'event'
           ORDER BY slot, sig, idx`,
    );
    return rows.map((r) => {
      if (!isActionKind(r.kind)) {
        throw new OofError(
          'INVARIANT_BROKEN',
          `Stored action ${r.sig}#${r.idx} has the kind "${r.kind}", unknown to this build: upgrade OOF.`,
        );
      }
      return {
        signature: r.sig,
        index: r.idx,
        slot: BigInt(r.slot),
        blockTime: r.t === null ? null : Number(r.t),
        kind: r.kind,
        owner: r.owner,
        mintIn: r.mint_in,
        amountIn: r.amount_in === null ? null : BigInt(r.amount_in),
        decimalsIn: r.decimals_in,
        mintOut: r.mint_out,
        amountOut: r.amount_out === null ? null : BigInt(r.amount_out),
        decimalsOut: r.decimals_out,
        venue: r.venue,
        programs: [],
        side: r.side,
        counterparty: r.counterparty,
        usdIn: r.usd_in === null ? null : trimDecimal(r.usd_in),
        usdOut: r.usd_out === null ? null : trimDecimal(r.usd_out),
        transferFeeRaw: r.transfer_fee_raw === null ? null : BigInt(r.transfer_fee_raw),
        event: null,
      };
    });
  } catch (e) {
    if (e instanceof OofError) throw e;
    throw toDatabaseError(e, `loading the actions of ${wallet}`);
  }
}

/**
 * Priced swaps of other wallets than `wallet` buying or selling `mint` in the minute starting at `minute` (unix
 * s), for each `(mint, minute)` asked: the fills a BadRoute benchmark compares with (the wallet's own fills the
 * caller already holds). Uses the `(mint_in|mint_out, ts)` indexes.
 */
export async function loadMinuteFills(
  db: Db,
  wallet: string,
  minutes: ReadonlyArray<{ readonly mint: string; readonly minute: number }>,
): Promise<Action[]> {
  if (minutes.length === 0) return [];
  const mints = minutes.map((m) => m.mint);
  const starts = minutes.map((m) => new Date(m.minute * 1000).toISOString());
  try {
    const keys = await queryRows<{ sig: string; idx: number }>(
      db,
      sql`
      WITH m(mint, t0) AS (SELECT * FROM unnest(${sql.param(mints)}::text[], ${sql.param(starts)}::timestamptz[]))
      SELECT a.sig, a.idx FROM m JOIN actions a
        ON a.kind = 'swap' AND a.side = 'buy' AND a.mint_out = m.mint
       AND a.ts >= m.t0 AND a.ts < m.t0 + interval '1 minute' AND a.usd_in IS NOT NULL
       AND a.owner IS DISTINCT FROM ${wallet}
      UNION
      SELECT a.sig, a.idx FROM m JOIN actions a
        ON a.kind = 'swap' AND a.side = 'sell' AND a.mint_in = m.mint
       AND a.ts >= m.t0 AND a.ts < m.t0 + interval '1 minute' AND a.usd_out IS NOT NULL
       AND a.owner IS DISTINCT FROM ${wallet}`,
    );
    if (keys.length === 0) return [];
    const wanted = new Set(keys.map((k) => `${k.sig}:${k.idx}`));
    const rows = await db
      .select()
      .from(actions)
      .where(and(inArray(actions.sig, [...new Set(keys.map((k) => k.sig))]), eq(actions.kind, 'swap')));
    return rows.filter((r) => wanted.has(`${r.sig}:${r.idx}`)).map(rowToAction);
  } catch (e) {
    throw toDatabaseError(e, 'loading the fills of the minutes traded');
  }
}
