import { sql, type SQL } from 'drizzle-orm';
import { stringifyExact } from '../../core/json/stringify-exact.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { copySignals, type SignalOutcome, type SignalSource } from '../schema/copytrade-tables.ts';
import { trimDecimal } from '../transactions/action-row.ts';

/** A signal as written: one swap of one watched wallet in one transaction. */
export interface CopySignal {
  readonly signature: string;
  readonly wallet: string;
  readonly slot: bigint | null;
  readonly tEvent: Date | null;
  readonly side: 'buy' | 'sell';
  /** The token bought or sold, and its amount in base units. */
  readonly mint: string;
  readonly amountRaw: bigint;
  /** The quote asset paid (buy) or received (sell), base units. */
  readonly quoteMint: string;
  readonly quoteAmountRaw: bigint;
  /** USD value of the quote leg (decimal string) when the decoder priced it. */
  readonly usd: string | null;
  readonly venue: string | null;
  /** The transaction payload as received (u64 values may be bigint; they are stored digit for digit). */
  readonly raw: unknown;
  readonly outcome: SignalOutcome;
  readonly reason: string | null;
  readonly receivedAt: Date;
  readonly decidedAt: Date | null;
  readonly decisionMs: number | null;
  /** Decimals of `mint` as the transaction reported them; null when unknown. */
  readonly decimals?: number | null;
  /** Where the signal came from; null when not known. */
  readonly source?: SignalSource | null;
}

export const signalKey = (signature: string, wallet: string): string => `${signature}:${wallet}`;

const ROWS_PER_STATEMENT = 500;

/**
 * Inserts signals, never overwriting: a (signature, wallet) already stored is skipped. Returns the keys
 * (`signalKey`) of the rows this call inserted, so the caller can tell new signals from duplicates.
 */
export async function insertCopySignals(db: Db, signals: readonly CopySignal[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  try {
    for (let start = 0; start < signals.length; start += ROWS_PER_STATEMENT) {
      const part = signals.slice(start, start + ROWS_PER_STATEMENT);
      const rows = await db
        .insert(copySignals)
        .values(
          part.map((s) => ({
            ...s,
            amountRaw: s.amountRaw.toString(),
            quoteAmountRaw: s.quoteAmountRaw.toString(),
            raw: sql`${stringifyExact(s.raw)}::jsonb`,
          })),
        )
        .onConflictDoNothing()
        .returning({ signature: copySignals.signature, wallet: copySignals.wallet });
      for (const r of rows) inserted.add(signalKey(r.signature, r.wallet));
    }
    return inserted;
  } catch (e) {
    throw toDatabaseError(e, 'recording copy-trading signals');
  }
}

/** A signal as the API serves it: amounts and slot as decimal strings, times ISO 8601, without the payload. */
export interface StoredCopySignal {
  readonly signature: string;
  readonly wallet: string;
  readonly slot: string | null;
  readonly tEvent: string | null;
  readonly side: 'buy' | 'sell';
  readonly mint: string;
  readonly amountRaw: string;
  readonly quoteMint: string;
  readonly quoteAmountRaw: string;
  readonly usd: string | null;
  readonly venue: string | null;
  readonly outcome: SignalOutcome;
  readonly reason: string | null;
  readonly receivedAt: string;
  readonly decidedAt: string | null;
  readonly decisionMs: number | null;
  readonly decimals: number | null;
  /** `helius_webhook` or `ws_subscription`; null for signals recorded before sources were kept. */
  readonly source: SignalSource | null;
  /** Stages of the decision in ms (`safetyMs`, `decideMs`, `writeMs`, ...). */
  readonly timings: Readonly<Record<string, number>> | null;
  /** What decided it: failed safety checks, active breakers, the position opened, ... */
  readonly details: unknown;
}

interface SignalRow extends Record<string, unknown> {
  signature: string;
  wallet: string;
  slot: string | null;
  t_event: string | null;
  side: 'buy' | 'sell';
  mint: string;
  amount_raw: string;
  quote_mint: string;
  quote_amount_raw: string;
  usd: string | null;
  venue: string | null;
  outcome: SignalOutcome;
  reason: string | null;
  received_at: string;
  received_key: string;
  decided_at: string | null;
  decision_ms: number | null;
  decimals: number | null;
  source: SignalSource | null;
  timings: Record<string, number> | null;
  details: unknown;
}

const iso = (column: string): SQL =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const SELECT = sql`SELECT signature, wallet, slot::text AS slot, ${iso('t_event')} AS t_event, side, mint,
  amount_raw::text AS amount_raw, quote_mint, quote_amount_raw::text AS quote_amount_raw, usd::text AS usd, venue,
  outcome, reason, ${iso('received_at')} AS received_at,
  to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_key,
  ${iso('decided_at')} AS decided_at, decision_ms, decimals, source, timings, details
  FROM copy_signals`;

const toStored = (r: SignalRow): StoredCopySignal => ({
  signature: r.signature,
  wallet: r.wallet,
  slot: r.slot,
  tEvent: r.t_event,
  side: r.side,
  mint: r.mint,
  amountRaw: r.amount_raw,
  quoteMint: r.quote_mint,
  quoteAmountRaw: r.quote_amount_raw,
  usd: r.usd === null ? null : trimDecimal(r.usd),
  venue: r.venue,
  outcome: r.outcome,
  reason: r.reason,
  receivedAt: r.received_at,
  decidedAt: r.decided_at,
  decisionMs: r.decision_ms,
  decimals: r.decimals,
  source: r.source,
  timings: r.timings,
  details: r.details ?? null,
});

export async function getCopySignal(
  db: Db,
  signature: string,
  wallet: string,
): Promise<StoredCopySignal | null> {
  try {
    const rows = await queryRows<SignalRow>(
      db,
      sql`${SELECT} WHERE signature = ${signature} AND wallet = ${wallet}`,
    );
    return rows[0] === undefined ? null : toStored(rows[0]);
  } catch (e) {
    throw toDatabaseError(e, `reading signal ${signature} of ${wallet}`);
  }
}

/** The outcomes a decision can record (everything but `pending`). */
export type DecidedOutcome = Exclude<SignalOutcome, 'pending'>;

/**
 * Records the decision on a pending signal, once: `decided_at` is `received_at + decisionMs` (the time the
 * decision took from receipt), so no clock is read here. Recording the same outcome again returns the stored
 * signal unchanged (a retried decision); a different outcome for a decided signal, or an unknown signal, is a
 * broken invariant — signals are append-only.
 */
export async function recordCopySignalOutcome(
  db: Db,
  signature: string,
  wallet: string,
  outcome: DecidedOutcome,
  reason: string | null,
  decisionMs: number,
  extra: { readonly timings?: Readonly<Record<string, number>>; readonly details?: unknown } = {},
): Promise<StoredCopySignal> {
  if (!Number.isSafeInteger(decisionMs) || decisionMs < 0) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `decision time must be a whole number of ms ≥ 0, got ${decisionMs}`,
      {
        signature,
        wallet,
      },
    );
  }
  let updated: number;
  try {
    const rows = await queryRows<{ signature: string }>(
      db,
      sql`UPDATE copy_signals
             SET outcome = ${outcome}, reason = ${reason}, decision_ms = ${decisionMs},
                 timings = ${extra.timings === undefined ? null : JSON.stringify(extra.timings)}::jsonb,
                 details = ${extra.details === undefined ? null : stringifyExact(extra.details)}::jsonb,
                 decided_at = received_at + ${decisionMs} * interval '1 millisecond'
           WHERE signature = ${signature} AND wallet = ${wallet} AND outcome = 'pending'
       RETURNING signature`,
    );
    updated = rows.length;
  } catch (e) {
    throw toDatabaseError(e, `recording the outcome of signal ${signature} of ${wallet}`);
  }
  const stored = await getCopySignal(db, signature, wallet);
  if (stored === null) {
    throw new OofError('INVARIANT_BROKEN', `no signal ${signature} for wallet ${wallet} to decide on`, {
      signature,
      wallet,
    });
  }
  if (updated === 0 && stored.outcome !== outcome) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `signal ${signature} of ${wallet} was already decided as ${stored.outcome}; signals are append-only`,
      { signature, wallet, outcome: stored.outcome, attempted: outcome },
    );
  }
  return stored;
}

/** Position after which the next page starts: the last row's key, newest first. */
export interface SignalCursor {
  /** `received_at` to the microsecond (ISO 8601). */
  readonly receivedAt: string;
  readonly signature: string;
  readonly wallet: string;
}

export interface SignalQuery {
  readonly wallet?: string;
  /** Only signals received at or after this time. */
  readonly since?: Date;
  readonly outcome?: SignalOutcome;
  readonly mint?: string;
  readonly source?: SignalSource;
  readonly limit: number;
  readonly after?: SignalCursor;
}

export interface SignalPage {
  readonly signals: StoredCopySignal[];
  readonly next: SignalCursor | null;
}

/**
 * A page of signals, newest received first, keyset on `(received_at, signature, wallet)`: the wallet breaks
 * the tie of one transaction that several watched wallets took part in, so no row is skipped or repeated.
 */
export async function listCopySignals(db: Db, q: SignalQuery): Promise<SignalPage> {
  const where: SQL[] = [];
  if (q.wallet !== undefined) where.push(sql`wallet = ${q.wallet}`);
  if (q.since !== undefined) where.push(sql`received_at >= ${q.since.toISOString()}::timestamptz`);
  if (q.outcome !== undefined) where.push(sql`outcome = ${q.outcome}`);
  if (q.mint !== undefined) where.push(sql`mint = ${q.mint}`);
  if (q.source !== undefined) where.push(sql`source = ${q.source}`);
  if (q.after !== undefined) {
    where.push(
      sql`(received_at, signature, wallet) < (${q.after.receivedAt}::timestamptz, ${q.after.signature}, ${q.after.wallet})`,
    );
  }
  const filter = where.length === 0 ? sql`` : sql` WHERE ${sql.join(where, sql` AND `)}`;
  try {
    const rows = await queryRows<SignalRow>(
      db,
      sql`${SELECT}${filter} ORDER BY received_at DESC, signature DESC, wallet DESC LIMIT ${q.limit + 1}`,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const next =
      rows.length > q.limit && last !== undefined
        ? { receivedAt: last.received_key, signature: last.signature, wallet: last.wallet }
        : null;
    return { signals: page.map(toStored), next };
  } catch (e) {
    throw toDatabaseError(e, 'listing copy-trading signals');
  }
}

/** A pending signal as the decision engine reads it (with the payload, to read the source's balances). */
export interface PendingSignal {
  readonly signature: string;
  readonly wallet: string;
  readonly side: 'buy' | 'sell';
  readonly mint: string;
  readonly amountRaw: bigint;
  readonly decimals: number | null;
  readonly usd: string | null;
  readonly tEvent: Date | null;
  readonly receivedAt: Date;
  readonly raw: unknown;
}

/** The oldest undecided signals (received order), at most `limit`. */
export async function listPendingSignals(db: Db, limit: number): Promise<PendingSignal[]> {
  try {
    const rows = await db
      .select({
        signature: copySignals.signature,
        wallet: copySignals.wallet,
        side: copySignals.side,
        mint: copySignals.mint,
        amountRaw: copySignals.amountRaw,
        decimals: copySignals.decimals,
        usd: copySignals.usd,
        tEvent: copySignals.tEvent,
        receivedAt: copySignals.receivedAt,
        raw: copySignals.raw,
      })
      .from(copySignals)
      .where(sql`outcome = 'pending'`)
      .orderBy(copySignals.receivedAt, copySignals.signature, copySignals.wallet)
      .limit(limit);
    return rows.map((r) => ({
      ...r,
      amountRaw: BigInt(r.amountRaw),
      usd: r.usd === null ? null : trimDecimal(r.usd),
    }));
  } catch (e) {
    throw toDatabaseError(e, 'reading pending copy-trading signals');
  }
}
