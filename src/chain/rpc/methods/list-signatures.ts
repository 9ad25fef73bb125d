import { OofError } from '../../../core/errors/oof-error.ts';
import {
  MAX_SIGNATURES_LIMIT,
  type SignatureInfo,
  type SignaturesOptions,
} from './get-signatures-for-address.ts';

export interface ListSignaturesOptions extends Omit<SignaturesOptions, 'limit'> {
  /** Signatures per request, 1…1000. */
  readonly pageSize?: number;
}

type FetchPage = (options: SignaturesOptions) => Promise<SignatureInfo[]>;

/**
 * Every signature between `until` and `before` (both exclusive), newest to oldest, each once.
 *
 * Protocol quirks this guards against:
 * - a page may be shorter than `limit` while older signatures exist (results spanning the node's local
 *   ledger and long-term storage, solana-labs/solana#22115), so only an empty page ends the listing;
 * - the same signature can come back twice (solana-labs/solana#24417), so the listing deduplicates
 *   against the current and the previous page (bounded memory for histories of millions).
 */
export async function* listSignatures(
  fetchPage: FetchPage,
  options: ListSignaturesOptions = {},
): AsyncGenerator<SignatureInfo, void, undefined> {
  const { pageSize = MAX_SIGNATURES_LIMIT, ...rest } = options;
  let previousPage = new Set<string>();
  let before = options.before;
  for (;;) {
    const page = await fetchPage({ ...rest, limit: pageSize, ...(before === undefined ? {} : { before }) });
    const last = page[page.length - 1];
    if (last === undefined) return;
    const thisPage = new Set<string>();
    for (const info of page) {
      // A node must never return `until` itself; if one does, the listing has reached its end.
      if (info.signature === options.until) return;
      if (thisPage.has(info.signature) || previousPage.has(info.signature)) continue;
      thisPage.add(info.signature);
      yield info;
    }
    previousPage = thisPage;
    if (last.signature === before) {
      throw new OofError(
        'RPC_RESPONSE_INVALID',
        `getSignaturesForAddress paging made no progress at ${before}: the node returned the cursor itself.`,
      );
    }
    before = last.signature;
  }
}
