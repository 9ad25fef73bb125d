import { createHash } from 'node:crypto';
import { decodeBase58, encodeBase58 } from './base58.ts';
import { isOnCurve } from './ed25519-curve.ts';

/**
 * Program-derived addresses exactly as the runtime's `find_program_address` computes them:
 * sha256(seeds ‖ [bump] ‖ program id ‖ "ProgramDerivedAddress") for bump = 255, 254, … until the hash is off
 * the ed25519 curve. Synchronous (kit's `getProgramDerivedAddress` is async, and every buy derives an
 * associated token account); the test checks both agree.
 */
const PDA_MARKER = Buffer.from('ProgramDerivedAddress');
const bytesCache = new Map<string, Uint8Array>();

/** The 32 bytes of a base58 address (cached: the same few thousand addresses are seeds over and over). */
export function addressBytes(address: string): Uint8Array {
  let bytes = bytesCache.get(address);
  if (bytes === undefined) {
    bytes = decodeBase58(address);
    if (bytes.length !== 32) throw new RangeError(`not a 32-byte address: ${address}`);
    if (bytesCache.size > 200_000) bytesCache.clear();
    bytesCache.set(address, bytes);
  }
  return bytes;
}

export interface ProgramAddress {
  readonly address: string;
  readonly bump: number;
}

export function findProgramAddress(seeds: readonly Uint8Array[], programId: string): ProgramAddress {
  const program = addressBytes(programId);
  for (let bump = 255; bump >= 0; bump -= 1) {
    const h = createHash('sha256');
    for (const seed of seeds) h.update(seed);
    const digest = h.update(Uint8Array.of(bump)).update(program).update(PDA_MARKER).digest();
    const bytes = new Uint8Array(digest.buffer, digest.byteOffset, 32);
    if (!isOnCurve(bytes)) return { address: encodeBase58(bytes), bump };
  }
  throw new RangeError(`no program address for ${programId}`);
}

export function seed(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

const ATA_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';
const ataCache = new Map<string, string>();

/** Associated token account of (owner, mint) under a token program: seeds [owner, token program, mint]. */
export function associatedTokenAddress(owner: string, mint: string, tokenProgram: string): string {
  const key = `${owner}${mint}${tokenProgram}`;
  let ata = ataCache.get(key);
  if (ata === undefined) {
    ata = findProgramAddress(
      [addressBytes(owner), addressBytes(tokenProgram), addressBytes(mint)],
      ATA_PROGRAM,
    ).address;
    if (ataCache.size > 300_000) ataCache.clear();
    ataCache.set(key, ata);
  }
  return ata;
}
