import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { BLOCK_NOT_AVAILABLE, invalidParams, RpcError } from '../rpc-error.ts';
import { mintAccountLine } from '../tokens/mint-account.ts';
import type { TokenLedger } from '../tokens/token-ledger.ts';
import { accountEncodingOf, dataSliceOf, renderAccountValue } from './account-rendering.ts';
import { addressParam, checkCommitment, checkMinContextSlot, configParam, typeName } from '../rpc-params.ts';

/** getSlot: the archive's newest slot (the replayed chain stands still there). */
export function getSlotMethod(servedSlot: () => number) {
  return (params: readonly unknown[]): number => {
    const config = configParam(params[0]);
    checkCommitment(config, false);
    checkMinContextSlot(config, servedSlot());
    return servedSlot();
  };
}

/** getBlockTime(slot): the time of a block the archive holds a transaction of; -32004 for others. */
export function getBlockTimeMethod(archive: ArchiveReader) {
  return (params: readonly unknown[]): number | null => {
    const slot = params[0];
    if (typeof slot !== 'number' || !Number.isSafeInteger(slot) || slot < 0) {
      throw invalidParams(`Invalid params: invalid type: ${typeName(slot)}, expected u64.`);
    }
    const time = archive.blockTimeOfSlot(slot);
    if (time === undefined) throw new RpcError(BLOCK_NOT_AVAILABLE, `Block not available for slot ${slot}`);
    return time;
  };
}

/**
 * getAccountInfo(address, { encoding, dataSlice, commitment, minContextSlot }) from `accounts.jsonl`; a mint
 * the archive's instructions created but did not record is served from those instructions (TokenLedger).
 */
export function getAccountInfoMethod(
  archive: ArchiveReader,
  servedSlot: () => number,
  tokenLedger?: () => Promise<TokenLedger>,
) {
  return async (params: readonly unknown[]): Promise<{ context: { slot: number }; value: unknown }> => {
    const address = addressParam(params[0]);
    const config = configParam(params[1]);
    checkCommitment(config, false);
    checkMinContextSlot(config, servedSlot());
    const encoding = accountEncodingOf(config.encoding);
    const slice = dataSliceOf(config.dataSlice);
    let line = archive.account(address);
    if (line === undefined && tokenLedger !== undefined) {
      const ledger = await tokenLedger();
      const mint = ledger.derivedMint(address) ? ledger.mintAccount(address) : undefined;
      if (mint !== undefined && mint !== null) line = mintAccountLine(address, String(servedSlot()), mint);
    }
    return {
      context: { slot: servedSlot() },
      value: line === undefined ? null : renderAccountValue(line, encoding, slice),
    };
  };
}

/**
 * getLatestBlockhash: the recent blockhash of the newest archived transaction. An archive holds no block
 * heights, so `lastValidBlockHeight` is the served slot + 150 (the blockhash lifetime in blocks).
 */
export function getLatestBlockhashMethod(archive: ArchiveReader, servedSlot: () => number) {
  let cached: string | null = null;
  return async (params: readonly unknown[]): Promise<unknown> => {
    const config = configParam(params[0]);
    checkCommitment(config, false);
    if (cached === null && archive.transactionCount > 0) {
      const last = await archive.transaction(archive.transactionCount - 1);
      const message = (last.result.transaction as { message?: { recentBlockhash?: unknown } } | undefined)
        ?.message;
      cached = typeof message?.recentBlockhash === 'string' ? message.recentBlockhash : null;
    }
    if (cached === null) throw new RpcError(BLOCK_NOT_AVAILABLE, 'The replay archive holds no transaction.');
    return {
      context: { slot: servedSlot() },
      value: { blockhash: cached, lastValidBlockHeight: servedSlot() + 150 },
    };
  };
}
