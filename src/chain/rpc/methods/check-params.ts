import { isAddress, isSignature } from '@solana/kit';
import { OofError } from '../../../core/errors/oof-error.ts';

/** Refuse a malformed address before it costs a request (and a rate-limit token) to learn -32602. */
export function checkAddress(value: string, what: string): string {
  if (!isAddress(value)) {
    throw new OofError(
      'RPC_PARAMS_INVALID',
      `${what} ${JSON.stringify(value.slice(0, 64))} is not a base58 address.`,
      {
        what,
      },
    );
  }
  return value;
}

export function checkSignature(value: string, what: string): string {
  if (!isSignature(value)) {
    throw new OofError(
      'RPC_PARAMS_INVALID',
      `${what} ${JSON.stringify(value.slice(0, 100))} is not a base58 transaction signature.`,
      { what },
    );
  }
  return value;
}

/** Slots travel as JSON numbers; every real slot is far below 2^53, so this only rejects garbage. */
export function slotParam(slot: bigint, what: string): number {
  if (slot < 0n || slot > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OofError('RPC_PARAMS_INVALID', `${what} ${slot} is not a slot.`, { what });
  }
  return Number(slot);
}
