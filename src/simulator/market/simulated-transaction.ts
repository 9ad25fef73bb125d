import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import type { RpcTransactionResult } from '../chain/rpc-transaction-result.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';

export type TxKind =
  | 'create'
  | 'curve_buy'
  | 'curve_sell'
  | 'migrate'
  | 'pool_buy'
  | 'pool_sell'
  | 'jupiter_buy'
  | 'jupiter_sell'
  | 'sol_transfer'
  | 'spl_transfer'
  | 'failed';

export type SwapVenue = 'pumpfun' | 'pumpswap' | 'jupiter_v6';

/**
 * The simulator's own record of a swap it made, in the decoder's convention (SPEC §2.2, docs/peer-report.md):
 * `amountIn` left the wallet, `amountOut` reached it. `venueFee` is the fee the venue took beside the legs
 * (pump.fun's 1% fee: paid by the buyer beside `solAmount`, withheld from a seller's `solAmount`; PumpSwap's
 * protocol fee, inside a buyer's input), which is where peer parsers measure differently.
 */
export interface ExpectedSwap {
  readonly owner: string;
  readonly mintIn: string;
  readonly amountIn: bigint;
  readonly mintOut: string;
  readonly amountOut: bigint;
  readonly side: 'buy' | 'sell';
  readonly venue: SwapVenue;
  readonly venueFee: bigint;
}

export interface ExpectedEvent {
  readonly program: 'pumpfun' | 'pumpswap';
  readonly name: string;
  readonly data: EventRecord;
}

/** One execution for the candles: SOL against base units of a pump token. */
export interface PriceTrade {
  readonly mint: string;
  readonly lamports: bigint;
  readonly tokenRaw: bigint;
}

/** A scenario's transaction before finalization, with what it is expected to mean. */
export interface BuiltTransaction {
  readonly tx: TransactionBuilder;
  readonly version: 0 | 'legacy';
  readonly kind: TxKind;
  readonly swaps: readonly ExpectedSwap[];
  readonly events: readonly ExpectedEvent[];
  readonly trades: readonly PriceTrade[];
  /** (wallet index, mint) pairs whose balance may have changed: the holder indexes are refreshed from state. */
  readonly touched: readonly (readonly [number, string])[];
}

/** A finished transaction as the archive stores it, with the simulator's ledger beside it. */
export interface SimulatedTransaction {
  readonly signature: string;
  readonly slot: bigint;
  readonly blockTime: number;
  readonly kind: TxKind;
  readonly failed: boolean;
  readonly result: RpcTransactionResult;
  readonly swaps: readonly ExpectedSwap[];
  readonly events: readonly ExpectedEvent[];
  readonly trades: readonly PriceTrade[];
}
