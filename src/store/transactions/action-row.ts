import { ACTION_KINDS, type Action, type ActionKind, type ProgramEvent } from '../../decoder/action.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { actions } from '../schema/core-tables.ts';
import { pgTextArrayLiteral, type BulkColumn, type TextValue } from './bulk-insert.ts';

export type ActionRow = typeof actions.$inferSelect;

/** JSON for a jsonb column: event fields are meant to be strings already, but a stray bigint must not crash. */
export function toJsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** The `actions` columns in the order `actionToValues` fills them, with the SQL type each text is cast to. */
export const ACTION_COLUMNS: readonly BulkColumn[] = [
  { name: 'sig', type: 'text' },
  { name: 'idx', type: 'integer' },
  { name: 'kind', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'mint_in', type: 'text' },
  { name: 'amount_in', type: 'numeric(78,0)' },
  { name: 'decimals_in', type: 'smallint' },
  { name: 'mint_out', type: 'text' },
  { name: 'amount_out', type: 'numeric(78,0)' },
  { name: 'decimals_out', type: 'smallint' },
  { name: 'venue', type: 'text' },
  { name: 'programs', type: 'text[]' },
  { name: 'side', type: 'text' },
  { name: 'counterparty', type: 'text' },
  { name: 'usd_in', type: 'numeric(38,18)' },
  { name: 'usd_out', type: 'numeric(38,18)' },
  { name: 'transfer_fee_raw', type: 'numeric(78,0)' },
  { name: 'event', type: 'jsonb' },
  { name: 'slot', type: 'bigint' },
  { name: 'ts', type: 'timestamptz' },
];

const text = (v: bigint | number | string | null): TextValue => (v === null ? null : String(v));

/** Unix seconds → an ISO timestamp; null stays null. */
export function isoFromUnixSeconds(seconds: number | null): TextValue {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

export function actionToValues(a: Action): TextValue[] {
  if (a.slot === null) {
    throw new OofError(
      'TX_SLOT_MISSING',
      `Action ${a.signature}#${a.index} has no slot: the store orders history by slot. ` +
        'Store transactions as getTransaction returns them (with `slot`).',
      { signature: a.signature },
    );
  }
  return [
    a.signature,
    text(a.index),
    a.kind,
    a.owner,
    a.mintIn,
    text(a.amountIn),
    text(a.decimalsIn),
    a.mintOut,
    text(a.amountOut),
    text(a.decimalsOut),
    a.venue,
    pgTextArrayLiteral(a.programs),
    a.side,
    a.counterparty,
    a.usdIn,
    a.usdOut,
    text(a.transferFeeRaw),
    a.event === null ? null : JSON.stringify(toJsonSafe(a.event)),
    text(a.slot),
    isoFromUnixSeconds(a.blockTime),
  ];
}

/**
 * NUMERIC(38,18) comes back padded to 18 places (`1.500000000000000000`); the decoder writes the shortest
 * form (`1.5`). Trimming makes a stored action read back equal to the one that was written.
 */
export function trimDecimal(value: string): string {
  if (!value.includes('.')) return value;
  const trimmed = value.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

export function isActionKind(kind: string): kind is ActionKind {
  return (ACTION_KINDS as readonly string[]).includes(kind);
}

export function rowToAction(row: ActionRow): Action {
  // The column is typed as ActionKind, but the database holds whatever an older or newer build wrote.
  const kind: string = row.kind;
  if (!isActionKind(kind)) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `Stored action ${row.sig}#${row.idx} has the kind "${kind}", unknown to this build: upgrade OOF.`,
    );
  }
  return {
    signature: row.sig,
    index: row.idx,
    slot: row.slot,
    blockTime: row.ts === null ? null : Math.floor(row.ts.getTime() / 1000),
    kind,
    owner: row.owner,
    mintIn: row.mintIn,
    amountIn: row.amountIn === null ? null : BigInt(row.amountIn),
    decimalsIn: row.decimalsIn,
    mintOut: row.mintOut,
    amountOut: row.amountOut === null ? null : BigInt(row.amountOut),
    decimalsOut: row.decimalsOut,
    venue: row.venue,
    programs: row.programs,
    side: row.side,
    counterparty: row.counterparty,
    usdIn: row.usdIn === null ? null : trimDecimal(row.usdIn),
    usdOut: row.usdOut === null ? null : trimDecimal(row.usdOut),
    transferFeeRaw: row.transferFeeRaw === null ? null : BigInt(row.transferFeeRaw),
    event: row.event === null ? null : (row.event as ProgramEvent),
  };
}
