import { ACTION_KINDS, type Action, type ActionKind, type ProgramEvent } from '../../decoder/action.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { actions } from '../schema/core-tables.ts';

export type ActionRow = typeof actions.$inferSelect;
export type NewActionRow = typeof actions.$inferInsert;

/** JSON for a jsonb column: event fields are meant to be strings already, but a stray bigint must not crash. */
export function toJsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function actionToRow(a: Action): NewActionRow {
  if (a.slot === null) {
    throw new OofError(
      'TX_SLOT_MISSING',
      `Action ${a.signature}#${a.index} has no slot: the store orders history by slot. ` +
        'Store transactions as getTransaction returns them (with `slot`).',
      { signature: a.signature },
    );
  }
  return {
    sig: a.signature,
    idx: a.index,
    kind: a.kind,
    owner: a.owner,
    mintIn: a.mintIn,
    amountIn: a.amountIn === null ? null : a.amountIn.toString(),
    decimalsIn: a.decimalsIn,
    mintOut: a.mintOut,
    amountOut: a.amountOut === null ? null : a.amountOut.toString(),
    decimalsOut: a.decimalsOut,
    venue: a.venue,
    programs: [...a.programs],
    side: a.side,
    counterparty: a.counterparty,
    usdIn: a.usdIn,
    usdOut: a.usdOut,
    transferFeeRaw: a.transferFeeRaw === null ? null : a.transferFeeRaw.toString(),
    event: a.event === null ? null : toJsonSafe(a.event),
    slot: a.slot,
    ts: a.blockTime === null ? null : new Date(a.blockTime * 1000),
  };
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

function isActionKind(kind: string): kind is ActionKind {
  return (ACTION_KINDS as readonly string[]).includes(kind);
}

export function rowToAction(row: ActionRow): Action {
  if (!isActionKind(row.kind)) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `Stored action ${row.sig}#${row.idx} has unknown kind ${row.kind}.`,
    );
  }
  return {
    signature: row.sig,
    index: row.idx,
    slot: row.slot,
    blockTime: row.ts === null ? null : Math.floor(row.ts.getTime() / 1000),
    kind: row.kind,
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
