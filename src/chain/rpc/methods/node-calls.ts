import { z } from 'zod';
import type { Commitment, RpcCall } from '../rpc-transport.ts';
import { slotParam } from './check-params.ts';
import { u64 } from './u64.ts';

/** getSlot: the slot the node has reached at this commitment. */
export function getSlotCall(options: {
  readonly commitment: Commitment;
  readonly minContextSlot?: bigint;
  readonly signal?: AbortSignal;
}): RpcCall<bigint> {
  const config: Record<string, unknown> = { commitment: options.commitment };
  if (options.minContextSlot !== undefined)
    config.minContextSlot = slotParam(options.minContextSlot, 'minContextSlot');
  return {
    method: 'getSlot',
    params: [config],
    parse: (r) => u64.parse(r),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/** getBlockTime: Unix seconds of a block; null when the node has no time for it. */
export function getBlockTimeCall(slot: bigint, signal?: AbortSignal): RpcCall<number | null> {
  return {
    method: 'getBlockTime',
    params: [slotParam(slot, 'slot')],
    parse: (r) => z.number().int().nullable().parse(r),
    ...(signal === undefined ? {} : { signal }),
  };
}

/**
 * getHealth: "ok", or JSON-RPC error -32005 (node unhealthy, `data.numSlotsBehind`). Through the failover
 * transport an unhealthy node is skipped, so success means at least one endpoint is healthy.
 */
export function getHealthCall(signal?: AbortSignal): RpcCall<'ok'> {
  return {
    method: 'getHealth',
    params: [],
    parse: (r) => z.literal('ok').parse(r),
    ...(signal === undefined ? {} : { signal }),
  };
}

/** getLatestBlockhash: the blockhash a new transaction is built on, and the last block height it is valid at. */
export function getLatestBlockhashCall(options: {
  readonly commitment: Commitment;
  readonly signal?: AbortSignal;
}): RpcCall<{ blockhash: string; lastValidBlockHeight: bigint }> {
  return {
    method: 'getLatestBlockhash',
    params: [{ commitment: options.commitment }],
    parse: (r) =>
      z
        .object({
          value: z.object({
            blockhash: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/),
            lastValidBlockHeight: u64,
          }),
        })
        .parse(r).value,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
