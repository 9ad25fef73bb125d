import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { getSignaturesForAddressMethod } from './get-signatures-for-address.method.ts';
import { getTransactionMethod } from './get-transaction.method.ts';
import {
  getAccountInfoMethod,
  getBlockTimeMethod,
  getLatestBlockhashMethod,
  getSlotMethod,
} from './node-methods.ts';
import { getTokenLargestAccountsMethod, getTokenSupplyMethod } from './token-methods.ts';
import { lazyTokenLedger, type TokenLedger } from '../tokens/token-ledger.ts';

export type RpcMethod = (params: readonly unknown[]) => unknown;

/** The Solana JSON-RPC methods the replay server answers from an archive; any other is -32601. */
export function archiveRpcMethods(
  archive: ArchiveReader,
  tokenLedger: () => Promise<TokenLedger> = lazyTokenLedger(archive),
): ReadonlyMap<string, RpcMethod> {
  const last = archive.lastSlot;
  const slot = last === null ? 0 : Number(last);
  const servedSlot = (): number => slot;
  return new Map<string, RpcMethod>([
    ['getSignaturesForAddress', getSignaturesForAddressMethod(archive, servedSlot)],
    ['getTransaction', getTransactionMethod(archive)],
    ['getSlot', getSlotMethod(servedSlot)],
    ['getBlockTime', getBlockTimeMethod(archive)],
    ['getAccountInfo', getAccountInfoMethod(archive, servedSlot, tokenLedger)],
    ['getLatestBlockhash', getLatestBlockhashMethod(archive, servedSlot)],
    ['getTokenSupply', getTokenSupplyMethod(tokenLedger, servedSlot)],
    ['getTokenLargestAccounts', getTokenLargestAccountsMethod(tokenLedger, servedSlot)],
    ['getHealth', () => 'ok'],
  ]);
}
