import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { getBase58Decoder } from '@solana/kit';

const base58 = getBase58Decoder();

/** An ed25519 keypair standing in for a browser wallet (Phantom-like `signMessage`), for sign-in in tests. */
export interface TestWallet {
  readonly address: string;
  /** The base58 ed25519 signature of the UTF-8 bytes of `message`, as a Solana wallet's signMessage gives. */
  signBase58(message: Uint8Array): string;
}

export function createTestWallet(): TestWallet {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // The raw key is the last 32 bytes of the SPKI; a Solana address is that key in base58.
  const address = base58.decode(new Uint8Array(spki.subarray(spki.length - 32)));
  const key: KeyObject = privateKey;
  return {
    address,
    signBase58: (message) => base58.decode(new Uint8Array(sign(null, Buffer.from(message), key))),
  };
}
