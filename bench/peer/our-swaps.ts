import { isOofError } from '../../src/core/errors/oof-error.ts';
import {
  decodeTransaction,
  parseRpcTransaction,
  type DecodedTransaction,
} from '../../src/decoder/decode-transaction.ts';
import { knownProgram, programLabel } from '../../src/decoder/programs/program-registry.ts';
import type { SwapAmounts } from './peer-swaps.ts';

/** Our decoder's swap actions of one transaction, in the shape the peers are compared on. */
export interface OurSwap extends SwapAmounts {
  readonly owner: string;
  readonly venue: string;
}

export type OurDecode =
  | {
      readonly ok: true;
      readonly swaps: readonly OurSwap[];
      /** Where the transaction traded, for grouping comparisons in which we report no swap. */
      readonly venueHint: string;
      readonly signers: readonly string[];
    }
  /** A recording our input schema rejects with a stable error code (e.g. upstream's deliberately broken copies). */
  | { readonly ok: false; readonly code: string; readonly message: string };

export function ourSwaps(raw: unknown): OurDecode {
  let decoded;
  try {
    decoded = decodeTransaction(parseRpcTransaction(raw));
  } catch (e) {
    // Only our own coded errors mean "not a transaction we accept"; anything else is a decoder crash to surface.
    if (isOofError(e)) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
  const swaps: OurSwap[] = [];
  for (const a of decoded.actions) {
    if (a.kind !== 'swap' || a.owner === null) continue;
    if (a.mintIn === null || a.amountIn === null || a.mintOut === null || a.amountOut === null) continue;
    swaps.push({
      owner: a.owner,
      mintIn: a.mintIn,
      amountIn: a.amountIn,
      mintOut: a.mintOut,
      amountOut: a.amountOut,
      venue: a.venue ?? 'unknown',
    });
  }
  return { ok: true, swaps, venueHint: venueHint(decoded), signers: decoded.tx.signers };
}

/**
 * The label our decoder would give the trade: the first router/aggregator invoked, else the first AMM or launchpad,
 * else the first other non-infrastructure program (unknown ones by address), else `none`.
 */
function venueHint(decoded: DecodedTransaction): string {
  const ids = [...new Set(decoded.tx.instructions.map((ix) => ix.programId))];
  const role = (id: string): string => knownProgram(id)?.role ?? 'unknown';
  const pick =
    ids.find((id) => role(id) === 'aggregator' || role(id) === 'router') ??
    ids.find((id) => role(id) === 'amm' || role(id) === 'launchpad') ??
    ids.find((id) => role(id) !== 'infra');
  return pick === undefined ? 'none' : programLabel(pick);
}
