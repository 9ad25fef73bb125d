/** A getSignaturesForAddress entry as the recorder receives it. */
export interface ListedSignature {
  readonly signature: string;
  readonly slot: bigint;
  readonly err: unknown;
  readonly memo: string | null;
  readonly blockTime: number | null;
  readonly confirmationStatus: 'processed' | 'confirmed' | 'finalized' | null;
}

export interface RecordedTransaction {
  readonly encoding: 'json' | 'jsonParsed';
  readonly result: Record<string, unknown>;
}

/**
 * The chain reads `oof record` needs, as a narrow port the CLI builds from the RPC client: the archive
 * code never sees endpoints, retries or rate limits.
 */
export interface RecordSource {
  /** Every signature of an address newer than `until` (exclusive), newest first, each once. */
  listSignatures(address: string, options: { readonly until?: string }): AsyncIterable<ListedSignature>;
  /**
   * The getTransaction result (`json` unless the node can only serve `jsonParsed`, maxSupportedTransactionVersion
   * 0) as the node sent it, with its encoding; null when the node does not have it.
   */
  getTransaction(signature: string): Promise<RecordedTransaction | null>;
  /** getAccountInfo (`base64`) as the node sent it: the context slot and the raw value (null: no account). */
  getAccountInfo(
    address: string,
  ): Promise<{ readonly slot: bigint; readonly value: Record<string, unknown> | null }>;
}
