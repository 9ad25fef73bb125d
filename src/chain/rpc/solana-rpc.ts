import type { AccountInfo, GetAccountInfoOptions } from './methods/get-account-info.ts';
import { getAccountInfoCall } from './methods/get-account-info.ts';
import {
  getSignaturesForAddressCall,
  type SignatureInfo,
  type SignaturesOptions,
} from './methods/get-signatures-for-address.ts';
import { getTokenLargestAccountsCall, type TokenHolding } from './methods/get-token-largest-accounts.ts';
import { getTokenSupplyCall } from './methods/get-token-supply.ts';
import {
  getTransactionCall,
  type GetTransactionOptions,
  type RawTransactionJson,
} from './methods/get-transaction.ts';
import { listSignatures, type ListSignaturesOptions } from './methods/list-signatures.ts';
import {
  getBlockTimeCall,
  getHealthCall,
  getLatestBlockhashCall,
  getSlotCall,
} from './methods/node-calls.ts';
import type { TokenAmount } from './methods/token-amount.ts';
import type { WithContext } from './methods/u64.ts';
import type { Commitment, HistoryCommitment, RpcTransport } from './rpc-transport.ts';

interface CommitmentOption {
  readonly commitment?: Commitment;
  readonly signal?: AbortSignal;
}

/**
 * The typed Solana methods the product uses, over any RpcTransport (normally the failover client).
 * Every result is validated at the edge; u64 values are bigint. `commitment` defaults to the client's.
 */
export class SolanaRpc {
  private readonly commitment: Commitment;

  constructor(
    private readonly transport: RpcTransport,
    options: { readonly commitment?: Commitment } = {},
  ) {
    this.commitment = options.commitment ?? 'confirmed';
  }

  /** One page, newest → oldest. */
  async getSignaturesForAddress(address: string, options: SignaturesOptions = {}): Promise<SignatureInfo[]> {
    return this.transport(
      getSignaturesForAddressCall(address, {
        ...options,
        commitment: options.commitment ?? this.historyCommitment(),
      }),
    );
  }

  /** Every signature between `until` and `before` (exclusive), newest → oldest, each once, paged. */
  listSignatures(
    address: string,
    options: ListSignaturesOptions = {},
  ): AsyncGenerator<SignatureInfo, void, undefined> {
    return listSignatures((page) => this.getSignaturesForAddress(address, page), options);
  }

  /** The raw result to store as is (json or jsonParsed, v0 included); null when the node has no such tx. */
  async getTransaction(
    signature: string,
    options: GetTransactionOptions = {},
  ): Promise<RawTransactionJson | null> {
    return this.transport(
      getTransactionCall(signature, {
        ...options,
        commitment: options.commitment ?? this.historyCommitment(),
      }),
    );
  }

  async getSlot(options: CommitmentOption & { readonly minContextSlot?: bigint } = {}): Promise<bigint> {
    return this.transport(getSlotCall({ ...options, commitment: options.commitment ?? this.commitment }));
  }

  async getLatestBlockhash(
    options: CommitmentOption = {},
  ): Promise<{ blockhash: string; lastValidBlockHeight: bigint }> {
    return this.transport(
      getLatestBlockhashCall({
        commitment: options.commitment ?? this.commitment,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }),
    );
  }

  async getBlockTime(slot: bigint, options: { readonly signal?: AbortSignal } = {}): Promise<number | null> {
    return this.transport(getBlockTimeCall(slot, options.signal));
  }

  async getAccountInfo(
    address: string,
    options: GetAccountInfoOptions = {},
  ): Promise<WithContext<AccountInfo | null>> {
    return this.transport(
      getAccountInfoCall(address, { ...options, commitment: options.commitment ?? this.commitment }),
    );
  }

  async getTokenLargestAccounts(
    mint: string,
    options: CommitmentOption = {},
  ): Promise<WithContext<TokenHolding[]>> {
    return this.transport(
      getTokenLargestAccountsCall(mint, { ...options, commitment: options.commitment ?? this.commitment }),
    );
  }

  async getTokenSupply(mint: string, options: CommitmentOption = {}): Promise<WithContext<TokenAmount>> {
    return this.transport(
      getTokenSupplyCall(mint, { ...options, commitment: options.commitment ?? this.commitment }),
    );
  }

  async getHealth(options: { readonly signal?: AbortSignal } = {}): Promise<'ok'> {
    return this.transport(getHealthCall(options.signal));
  }

  /** History methods refuse `processed`; the closest they accept is `confirmed`. */
  private historyCommitment(): HistoryCommitment {
    return this.commitment === 'processed' ? 'confirmed' : this.commitment;
  }
}
