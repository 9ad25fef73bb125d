import { createPublicKey, verify } from 'node:crypto';
import { getBase58Encoder } from '@solana/kit';

/**
 * DER header of an ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
 * BIT STRING (32 bytes) }. A Solana address is the raw 32-byte public key, so header + address bytes is the
 * SPKI that node:crypto can load.
 */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const base58 = getBase58Encoder();

/** Bytes of a base58 string, or null when it is not base58. */
export function decodeBase58(text: string): Uint8Array | null {
  try {
    return new Uint8Array(base58.encode(text));
  } catch {
    return null;
  }
}

/** The wallet's 32-byte key as an ed25519 public key, or null when the address is not 32 bytes of base58. */
function publicKeyOf(wallet: string): ReturnType<typeof createPublicKey> | null {
  const raw = decodeBase58(wallet);
  if (raw === null || raw.length !== 32) return null;
  try {
    return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

/**
 * True when `signature` (64 bytes, base58 as wallets return it) is the wallet's ed25519 signature of the UTF-8
 * bytes of `message`, exactly as `signMessage` of a Solana wallet signs it.
 */
export function isWalletSignatureValid(wallet: string, message: string, signatureBase58: string): boolean {
  const key = publicKeyOf(wallet);
  const signature = decodeBase58(signatureBase58);
  if (key === null || signature === null || signature.length !== 64) return false;
  return verify(null, Buffer.from(message, 'utf8'), key, signature);
}
