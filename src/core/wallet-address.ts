import { isAddress } from '@solana/kit';
import { OofError } from './errors/oof-error.ts';

/** A wallet address from user input (CLI argument, path, body): base58 of 32 bytes, else WALLET_INVALID_ADDRESS. */
export function parseWalletAddress(input: string): string {
  const address = input.trim();
  if (!isAddress(address)) {
    throw new OofError(
      'WALLET_INVALID_ADDRESS',
      `"${input}" is not a Solana wallet address: expected 32 bytes in base58 (32–44 characters)`,
      { address: input },
    );
  }
  return address;
}
