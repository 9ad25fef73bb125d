import { z } from 'zod';
import { slotText } from './archive-manifest.ts';

/**
 * One line of each archive file (docs/chain-archive.md "Lines"), parsed once when read. `result` and
 * account `value` are kept as the node returned them (u64 above 2^53 as bigint, see parseJsonExact).
 */
const jsonObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  'expected a JSON object',
);

export const TRANSACTION_ENCODINGS = ['json', 'jsonParsed'] as const;
export type TransactionEncoding = (typeof TRANSACTION_ENCODINGS)[number];

export const transactionLineSchema = z.looseObject({
  signature: z.string().min(1),
  slot: slotText,
  blockTime: z.number().int().nullable(),
  encoding: z.enum(TRANSACTION_ENCODINGS),
  result: jsonObject,
});
export type TransactionLine = z.output<typeof transactionLineSchema>;

export const signatureLineSchema = z.looseObject({
  address: z.string().min(1),
  signature: z.string().min(1),
  slot: slotText,
  blockTime: z.number().int().nullable(),
  err: z.unknown().transform((e) => e ?? null),
  memo: z
    .string()
    .nullish()
    .transform((m) => m ?? null),
  confirmationStatus: z.enum(['processed', 'confirmed', 'finalized']).nullish(),
});
export type SignatureLine = z.output<typeof signatureLineSchema>;

export const accountLineSchema = z.looseObject({
  address: z.string().min(1),
  slot: slotText,
  encoding: z.enum(['base64', 'jsonParsed']),
  value: jsonObject.nullable(),
});
export type AccountLine = z.output<typeof accountLineSchema>;

export const logLineSchema = z.looseObject({
  slot: slotText,
  signature: z.string().min(1),
  err: z.unknown().transform((e) => e ?? null),
  logs: z.array(z.string()),
  mentions: z.array(z.string()),
});
export type LogLine = z.output<typeof logLineSchema>;

const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');

export const priceLineSchema = z.looseObject({
  mint: z.string().min(1),
  resolution: z.enum(['1m', '5m', '1h']),
  bucketStart: z.number().int(),
  open: decimalText,
  high: decimalText,
  low: decimalText,
  close: decimalText,
  volumeUsd: decimalText,
  source: z.string(),
});
export type PriceLine = z.output<typeof priceLineSchema>;

/** Key order of each line as written (JSON keeps insertion order, so the same input gives the same bytes). */
export function transactionLine(line: TransactionLine): TransactionLine {
  return {
    signature: line.signature,
    slot: line.slot,
    blockTime: line.blockTime,
    encoding: line.encoding,
    result: line.result,
  };
}

export function signatureLine(line: SignatureLine): SignatureLine {
  return {
    address: line.address,
    signature: line.signature,
    slot: line.slot,
    blockTime: line.blockTime,
    err: line.err,
    memo: line.memo,
    confirmationStatus: line.confirmationStatus ?? 'finalized',
  };
}

export function accountLine(line: AccountLine): AccountLine {
  return { address: line.address, slot: line.slot, encoding: line.encoding, value: line.value };
}

export function logLine(line: LogLine): LogLine {
  return {
    slot: line.slot,
    signature: line.signature,
    err: line.err,
    logs: line.logs,
    mentions: line.mentions,
  };
}

export function priceLine(line: PriceLine): PriceLine {
  return {
    mint: line.mint,
    resolution: line.resolution,
    bucketStart: line.bucketStart,
    open: line.open,
    high: line.high,
    low: line.low,
    close: line.close,
    volumeUsd: line.volumeUsd,
    source: line.source,
  };
}
