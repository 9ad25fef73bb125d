import { getBase58Decoder } from '@solana/kit';

const base58 = getBase58Decoder();

/**
 * A little-endian reader over instruction data, as the programs lay it out (bincode for the System
 * program, packed structs for SPL Token). Every read returns null past the end: a short instruction is
 * not parsed, the node returns it partially decoded.
 */
export class InstructionBytes {
  private offset = 0;

  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number | null {
    if (this.remaining < 1) return null;
    return this.bytes[this.offset++] as number;
  }

  u32(): number | null {
    if (this.remaining < 4) return null;
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4).getUint32(0, true);
    this.offset += 4;
    return v;
  }

  /** u64 as a JSON number when exact, else bigint (written exactly by stringifyExact). */
  u64(): number | bigint | null {
    if (this.remaining < 8) return null;
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8).getBigUint64(0, true);
    this.offset += 8;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  pubkey(): string | null {
    if (this.remaining < 32) return null;
    const v = base58.decode(this.bytes.subarray(this.offset, this.offset + 32));
    this.offset += 32;
    return v;
  }

  /** A bincode `String`: u64 length, then UTF-8 bytes. */
  string(): string | null {
    const length = this.u64();
    if (length === null || typeof length === 'bigint' || length > this.remaining) return null;
    const v = Buffer.from(this.bytes.subarray(this.offset, this.offset + length)).toString('utf8');
    this.offset += length;
    return v;
  }
}

/** The node writes parsed `info` through a sorted map: keys come out in alphabetical order. */
export function sortedInfo(info: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(info).sort()) out[key] = info[key];
  return out;
}
