import { isInteger, parse as parseLossless } from 'lossless-json';

/**
 * JSON.parse that keeps u64 exact. Solana JSON-RPC writes lamports and other u64 values as JSON numbers;
 * above 2^53 (≈ 9M SOL, real for exchange and stake-pool accounts) `JSON.parse` silently rounds them. Such
 * integers become `bigint`; everything else is what `JSON.parse` returns. The common case (no integer of 16+
 * digits in the text) takes the native parser, which is several times faster.
 */
const LONG_INTEGER = /[:[,]\s*-?\d{16,}\s*[,\]}]/;

function parseNumber(text: string): number | bigint {
  if (isInteger(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  return Number(text);
}

export function parseJsonExact(text: string): unknown {
  if (!LONG_INTEGER.test(text)) return JSON.parse(text);
  return parseLossless(text, null, parseNumber);
}
