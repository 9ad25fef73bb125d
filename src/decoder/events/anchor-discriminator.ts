import { createHash } from 'node:crypto';

/** Anchor prefixes every event with the first 8 bytes of sha256("event:<EventName>") (name as in the IDL). */
export function anchorEventDiscriminator(eventName: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`event:${eventName}`).digest().subarray(0, 8));
}

/**
 * First 8 bytes of the data of an `emit_cpi!` self-invocation. Anchor defines it as the u64 constant
 * `EVENT_IX_TAG = 0x1d9acb512ea545e4` (= sha256("anchor:event")[0..8] read big-endian) and writes it
 * little-endian, so on the wire the hash bytes appear reversed: e4 45 a5 2e 51 cb 9a 1d.
 */
export const ANCHOR_EVENT_IX_TAG: Uint8Array = new Uint8Array(
  createHash('sha256').update('anchor:event').digest().subarray(0, 8),
).reverse();

export const DISCRIMINATOR_SIZE = 8;

/** Lowercase hex of the 8 bytes at `offset`: the lookup key for a discriminator ('' when too short). */
export function discriminatorKey(bytes: Uint8Array, offset = 0): string {
  if (bytes.length < offset + DISCRIMINATOR_SIZE) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, DISCRIMINATOR_SIZE).toString('hex');
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array, offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  for (let i = 0; i < prefix.length; i += 1) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}
