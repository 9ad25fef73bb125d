import { createHash } from 'node:crypto';
import { addressBytes } from '../keys/program-address.ts';

/** Little-endian Borsh-style byte writer for instruction data and account layouts. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private len = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  u8(v: number): this {
    this.ensure(1);
    this.view.setUint8(this.len, v);
    this.len += 1;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.len, v, true);
    this.len += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.len, v, true);
    this.len += 4;
    return this;
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.view.setBigUint64(this.len, v, true);
    this.len += 8;
    return this;
  }

  pubkey(address: string): this {
    return this.bytes(addressBytes(address));
  }

  /** Borsh string: u32 byte length + UTF-8. */
  string(text: string): this {
    const b = Buffer.from(text, 'utf8');
    return this.u32(b.length).bytes(b);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

const discriminators = new Map<string, Uint8Array>();

/** Anchor instruction discriminator: sha256("global:<snake_case name>")[0..8]. */
export function anchorInstruction(name: string): ByteWriter {
  let d = discriminators.get(name);
  if (d === undefined) {
    d = new Uint8Array(createHash('sha256').update(`global:${name}`).digest().subarray(0, 8));
    discriminators.set(name, d);
  }
  return new ByteWriter(64).bytes(d);
}

/** Anchor account discriminator: sha256("account:<TypeName>")[0..8]. */
export function anchorAccount(name: string): ByteWriter {
  return new ByteWriter(64).bytes(
    new Uint8Array(createHash('sha256').update(`account:${name}`).digest().subarray(0, 8)),
  );
}
