/**
 * The desk's trading key: imported once (encrypted with OOF_COPYTRADE_KEY, stored in copytrade_keys), decrypted
 * in memory only when a live swap is signed. The public key is the only part ever shown.
 */
import { createKeyPairFromBytes, getAddressFromPublicKey } from '@solana/kit';
import { readTradingKey, writeTradingKey } from '../../store/copytrade/copytrade-keys.repository.ts';
import type { Db } from '../../store/database.ts';
import { LiveTradingError } from './live-error.ts';
import { decryptSigningKey, encryptSigningKey, parseMasterKey } from './signing-key.ts';

export const TRADING_KEY_ID = 'default';

/** Encrypts and stores a 64-byte keypair; returns its public key (address). */
export async function importTradingKey(
  db: Db,
  secret: Uint8Array,
  masterKeyEnv: string | undefined,
  now: Date,
): Promise<string> {
  const master = parseMasterKey(masterKeyEnv);
  let publicKey: string;
  try {
    publicKey = await getAddressFromPublicKey((await createKeyPairFromBytes(secret)).publicKey);
  } catch {
    throw new LiveTradingError(
      'COPYTRADE_SIGNING_KEY_INVALID',
      'the trading key is not a valid 64-byte Solana keypair (secret key then public key)',
    );
  }
  const enc = encryptSigningKey(secret, master, TRADING_KEY_ID);
  await writeTradingKey(db, { id: TRADING_KEY_ID, publicKey, ...enc, createdAt: now });
  return publicKey;
}

/** A loader for the executor: reads and decrypts the stored key on each call (nothing cached in clear). */
export function tradingKeyLoader(db: Db, masterKeyEnv: string | undefined): () => Promise<Uint8Array> {
  return async () => {
    const master = parseMasterKey(masterKeyEnv);
    const stored = await readTradingKey(db, TRADING_KEY_ID);
    if (stored === null) {
      throw new LiveTradingError(
        'COPYTRADE_KEY_NOT_IMPORTED',
        'no trading key stored: import one (PUT /v1/copytrade/live/key) before live trading',
      );
    }
    return decryptSigningKey(stored, master, TRADING_KEY_ID);
  };
}
