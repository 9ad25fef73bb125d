import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Action } from '../../decoder/action.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { actions, participants, txRaw } from '../schema/core-tables.ts';
import { ACTION_COLUMNS, actionToValues, isoFromUnixSeconds, rowToAction, toJsonSafe } from './action-row.ts';
import { bulkInsert, type BulkColumn } from './bulk-insert.ts';
import { queryRows } from '../query-rows.ts';

/** What the store keeps of one decoded transaction: the tx_raw row plus its actions and participants. */
export interface TransactionRecord {
  readonly sig: string;
  readonly slot: bigint;
  readonly blockTime: number | null;
  readonly failed: boolean;
  /** The RPC `meta.err`, kept as JSON for failed transactions. */
  readonly err: unknown;
  readonly feeLamports: bigint;
  readonly objectKey: string;
  readonly sizeBytes: number;
  readonly compressedBytes: number;
  readonly decoderVersion: number;
  readonly actions: readonly Action[];
  readonly participants: readonly string[];
  readonly tokenAccounts?: readonly TokenAccountRef[];
}

/** A token account and the wallet that owns it, as a transaction's token balances show them. */
export interface TokenAccountRef {
  readonly account: string;
  readonly owner: string;
  readonly mint: string;
}

export interface DecodedRecord {
  readonly sig: string;
  readonly decoderVersion: number;
  readonly actions: readonly Action[];
  readonly participants: readonly string[];
  /** Token accounts with a known owner in the transaction (first seen here if not stored yet). */
  readonly tokenAccounts?: readonly TokenAccountRef[];
  readonly slot?: bigint;
}

export interface StoredVersion {
  readonly decoderVersion: number;
  readonly objectKey: string;
}

const TX_RAW_COLUMNS: readonly BulkColumn[] = [
  { name: 'sig', type: 'text' },
  { name: 'slot', type: 'bigint' },
  { name: 'block_time', type: 'timestamptz' },
  { name: 'status', type: 'text' },
  { name: 'err', type: 'jsonb' },
  { name: 'fee_lamports', type: 'bigint' },
  { name: 'object_key', type: 'text' },
  { name: 'size_bytes', type: 'integer' },
  { name: 'compressed_bytes', type: 'integer' },
  { name: 'decoder_version', type: 'integer' },
];
const TOKEN_ACCOUNT_COLUMNS: readonly BulkColumn[] = [
  { name: 'account', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'mint', type: 'text' },
  { name: 'first_sig', type: 'text' },
  { name: 'first_slot', type: 'bigint' },
];

const PARTICIPANT_COLUMNS: readonly BulkColumn[] = [
  { name: 'sig', type: 'text' },
  { name: 'wallet', type: 'text' },
];

/** Which of these signatures are stored, with the decoder version that made their actions. One query. */
export async function findStoredVersions(
  db: Db,
  sigs: readonly string[],
): Promise<Map<string, StoredVersion>> {
  const found = new Map<string, StoredVersion>();
  try {
    const unique = [...new Set(sigs)];
    // IN lists stay well below Postgres' 65,535 bind parameters.
    for (let i = 0; i < unique.length; i += 10_000) {
      const part = unique.slice(i, i + 10_000);
      const rows = await db
        .select({ sig: txRaw.sig, decoderVersion: txRaw.decoderVersion, objectKey: txRaw.objectKey })
        .from(txRaw)
        .where(inArray(txRaw.sig, part));
      for (const r of rows) found.set(r.sig, { decoderVersion: r.decoderVersion, objectKey: r.objectKey });
    }
  } catch (e) {
    throw toDatabaseError(e, 'looking up stored transactions');
  }
  return found;
}

async function insertDecoded(db: Db, records: readonly DecodedRecord[]): Promise<number> {
  const actionRows = records.flatMap((r) => r.actions.map(actionToValues));
  await bulkInsert(db, 'actions', ACTION_COLUMNS, actionRows);
  const participantRows = records.flatMap((r) => r.participants.map((wallet) => [r.sig, wallet]));
  await bulkInsert(db, 'participants', PARTICIPANT_COLUMNS, participantRows);
  const accountRows = records.flatMap((r) =>
    (r.tokenAccounts ?? []).map((t) => [t.account, t.owner, t.mint, r.sig, (r.slot ?? 0n).toString()]),
  );
  await bulkInsert(db, 'token_accounts', TOKEN_ACCOUNT_COLUMNS, accountRows);
  return actionRows.length;
}

/**
 * Inserts transactions that are not stored yet; a signature already present is left exactly as it was (no
 * row, no timestamp changes), so replaying the same input is a no-op. Run it inside one transaction.
 * Returns the signatures this call inserted and how many actions it wrote.
 */
export async function insertTransactions(
  db: Db,
  records: readonly TransactionRecord[],
): Promise<{ inserted: Set<string>; actions: number }> {
  try {
    const rows = records.map((r) => [
      r.sig,
      r.slot.toString(),
      isoFromUnixSeconds(r.blockTime),
      r.failed ? 'failed' : 'ok',
      r.failed ? JSON.stringify(toJsonSafe(r.err)) : null,
      r.feeLamports.toString(),
      r.objectKey,
      String(r.sizeBytes),
      String(r.compressedBytes),
      String(r.decoderVersion),
    ]);
    const inserted = new Set(await bulkInsert(db, 'tx_raw', TX_RAW_COLUMNS, rows, 'sig'));
    // Another writer may have stored some of them meanwhile: their actions are theirs to write.
    const count = await insertDecoded(
      db,
      records.filter((r) => inserted.has(r.sig)),
    );
    return { inserted, actions: count };
  } catch (e) {
    throw toDatabaseError(e, 'storing transactions');
  }
}

/**
 * Replaces the actions and participants of stored transactions decoded by an older decoder, and records the
 * new version. A row already at (or above) the new version is left alone, so two re-decoders racing do the
 * work once. Run it inside one transaction.
 */
export async function replaceDecodedTransactions(
  db: Db,
  records: readonly DecodedRecord[],
): Promise<{ replaced: Set<string>; actions: number }> {
  try {
    const replaced = new Set<string>();
    const byVersion = new Map<number, string[]>();
    for (const r of records)
      byVersion.set(r.decoderVersion, [...(byVersion.get(r.decoderVersion) ?? []), r.sig]);
    for (const [version, sigs] of byVersion) {
      for (let i = 0; i < sigs.length; i += 10_000) {
        const part = sigs.slice(i, i + 10_000);
        const updated = await db
          .update(txRaw)
          .set({ decoderVersion: version, decodedAt: sql`now()` })
          .where(and(inArray(txRaw.sig, part), lt(txRaw.decoderVersion, version)))
          .returning({ sig: txRaw.sig });
        for (const u of updated) replaced.add(u.sig);
      }
    }
    const sigs = [...replaced];
    for (let i = 0; i < sigs.length; i += 10_000) {
      const part = sigs.slice(i, i + 10_000);
      await db.delete(actions).where(inArray(actions.sig, part));
      await db.delete(participants).where(inArray(participants.sig, part));
    }
    const count = await insertDecoded(
      db,
      records.filter((r) => replaced.has(r.sig)),
    );
    return { replaced, actions: count };
  } catch (e) {
    throw toDatabaseError(e, 're-decoding stored transactions');
  }
}

export async function findObjectKey(db: Db, sig: string): Promise<string | null> {
  try {
    const rows = await db.select({ objectKey: txRaw.objectKey }).from(txRaw).where(eq(txRaw.sig, sig));
    return rows[0]?.objectKey ?? null;
  } catch (e) {
    throw toDatabaseError(e, `looking up transaction ${sig}`);
  }
}

/** The stored actions of one transaction, in index order. */
export async function loadActions(db: Db, sig: string): Promise<Action[]> {
  try {
    const rows = await db.select().from(actions).where(eq(actions.sig, sig)).orderBy(asc(actions.idx));
    return rows.map(rowToAction);
  } catch (e) {
    throw toDatabaseError(e, `reading the actions of ${sig}`);
  }
}

/** The token accounts a wallet is known to own (from stored transactions), oldest first. */
export async function listWalletTokenAccounts(db: Db, wallet: string): Promise<string[]> {
  try {
    const rows = await queryRows<{ account: string }>(
      db,
      sql`SELECT account FROM token_accounts WHERE owner = ${wallet} ORDER BY first_slot, account`,
    );
    return rows.map((r) => r.account);
  } catch (e) {
    throw toDatabaseError(e, `listing the token accounts of ${wallet}`);
  }
}
