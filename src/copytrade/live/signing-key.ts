/**
 * The live trading key at rest: AES-256-GCM (node:crypto) under a 32-byte master key from the environment
 * (`OOF_COPYTRADE_KEY`, 64 hex characters or base64). A fresh 12-byte IV per encryption; the 16-byte tag
 * authenticates the ciphertext and the key id (AAD), so a record moved to another id or edited does not decrypt.
 * Nothing here logs or returns key material in an error.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LiveTradingError } from './live-error.ts';

export interface EncryptedKey {
  readonly iv: string;
  readonly ciphertext: string;
  readonly authTag: string;
}

/** The master key from the environment's value; throws a clear error when missing or not 32 bytes. */
export function parseMasterKey(value: string | undefined): Buffer {
  if (value === undefined || value.trim() === '') {
    throw new LiveTradingError(
      'COPYTRADE_KEY_MISSING',
      'live trading needs OOF_COPYTRADE_KEY (32 random bytes as 64 hex characters, e.g. `openssl rand -hex 32`)',
    );
  }
  const v = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(v)
    ? Buffer.from(v, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(v)
      ? Buffer.from(v, 'base64')
      : null;
  if (bytes === null || bytes.length !== 32) {
    throw new LiveTradingError(
      'COPYTRADE_KEY_INVALID',
      `OOF_COPYTRADE_KEY must be 32 bytes as 64 hex or 44 base64 characters (got ${v.length} characters)`,
    );
  }
  return bytes;
}

export function encryptSigningKey(secret: Uint8Array, master: Buffer, keyId: string): EncryptedKey {
  if (secret.length !== 64) {
    throw new LiveTradingError(
      'COPYTRADE_SIGNING_KEY_INVALID',
      `a Solana keypair is 64 bytes (secret then public), got ${secret.length}`,
    );
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    authTag: cipher.getAuthTag().toString('base64'),
  };
}

export function decryptSigningKey(record: EncryptedKey, master: Buffer, keyId: string): Uint8Array {
  try {
    const decipher = createDecipheriv('aes-256-gcm', master, Buffer.from(record.iv, 'base64'));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(record.authTag, 'base64'));
    const out = Buffer.concat([decipher.update(Buffer.from(record.ciphertext, 'base64')), decipher.final()]);
    return new Uint8Array(out);
  } catch {
    throw new LiveTradingError(
      'COPYTRADE_KEY_DECRYPT_FAILED',
      `the stored trading key "${keyId}" does not decrypt with this OOF_COPYTRADE_KEY: use the key it was stored with, or import the trading key again`,
      { keyId },
    );
  }
}
