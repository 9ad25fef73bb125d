import {
  findRpcTransaction,
  rpcIndex,
  sharedDataAvailable,
  type RpcIndexRow,
} from '../../test/support/shared-data.ts';

/**
 * Every recorded RPC transaction in `../shared/data`, read once into memory as the parsed JSON object an RPC
 * client would hand over. One entry per index row: the same signature recorded twice (a Geyser and an RPC
 * rendering, or the same fixture in two repositories) stays twice, because the recordings differ.
 * The locator is the golden tests' (`test/support/shared-data.ts`), so benches and tests read the same bytes.
 */
export interface CorpusEntry {
  readonly row: RpcIndexRow;
  readonly raw: Record<string, unknown>;
}

export function loadCorpus(): CorpusEntry[] {
  if (!sharedDataAvailable()) {
    throw new Error(
      '../shared/data is missing: the peer comparison and the decode bench need the recorded corpus',
    );
  }
  return rpcIndex().map((row) => ({ row, raw: findRpcTransaction(row) }));
}

export { sharedDataAvailable };
