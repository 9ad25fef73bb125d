import { OofError } from '../../core/errors/oof-error.ts';

/** A scalar field of an event record (integers are decimal strings, pubkeys base58) as text. */
export function scalarText(value: unknown, field: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  throw new OofError('INVARIANT_BROKEN', `Event field ${field} is not a scalar`, { field });
}

export function eventText(record: Readonly<Record<string, unknown>>, field: string): string {
  return scalarText(record[field], field);
}

/** An integer field (u64/i64 as a decimal string, small integers as numbers) as a bigint. */
export function eventInteger(record: Readonly<Record<string, unknown>>, field: string): bigint {
  return BigInt(eventText(record, field));
}
