/**
 * JSON for jsonb columns that hold domain records with `bigint` fields (token base units): a bigint is written
 * as `{"$bigint": "digits"}` and read back as a bigint, so a record survives the round trip exactly. Numbers on
 * the other hand stay numbers (times in ms, bps, decimals).
 */
export function toTaggedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bigint' && typeof o.$bigint === 'string') return BigInt(o.$bigint);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(o[k]);
    return out;
  }
  return v;
}

/** A jsonb value as the driver returned it (parsed object, or text on some paths) → the record, bigints back. */
export function fromTaggedJson(stored: unknown): unknown {
  return revive(typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored);
}
