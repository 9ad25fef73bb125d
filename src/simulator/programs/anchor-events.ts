import { signer } from '../chain/account-meta.ts';
import { ByteWriter } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { ANCHOR_EVENT_IX_TAG } from '../../decoder/events/anchor-discriminator.ts';
import {
  encodeAnchorEventPayload,
  type AnchorEventLayout,
} from '../../decoder/events/anchor-event-layout.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { scalarText } from './event-values.ts';

/**
 * Anchor events built from the decoder's own layouts (src/decoder/events), so what the simulator writes is by
 * construction what the decoder reads: discriminator sha256("event:<Name>")[0..8] ++ Borsh payload of the first
 * `fieldCount` fields. Scalar fields are written directly (kit's codecs decode every pubkey from base58 with
 * BigInts, a quarter of the simulator's time); anything else goes through the decoder's own
 * `encodeAnchorEventPayload`. The decoder tests check both give the same bytes.
 */
export function eventBytes(layout: AnchorEventLayout, data: EventRecord, fieldCount: number): Uint8Array {
  const w = new ByteWriter(256).bytes(layout.discriminator);
  const fields = layout.fields.slice(0, fieldCount);
  if (!fields.every((f) => typeof f.type === 'string')) {
    return w.bytes(encodeAnchorEventPayload(layout, data, fieldCount)).done();
  }
  for (const f of fields) {
    const v = data[f.name];
    if (v === undefined) return w.bytes(encodeAnchorEventPayload(layout, data, fieldCount)).done();
    switch (f.type) {
      case 'pubkey':
        w.pubkey(scalarText(v, f.name));
        break;
      case 'u64':
      case 'i64':
        w.u64(BigInt.asUintN(64, BigInt(scalarText(v, f.name))));
        break;
      case 'u8':
        w.u8(Number(v));
        break;
      case 'u16':
        w.u16(Number(v));
        break;
      case 'u32':
        w.u32(Number(v));
        break;
      case 'bool':
        w.bool(v === true);
        break;
      case 'string':
        w.string(scalarText(v, f.name));
        break;
      default:
        return new ByteWriter(256)
          .bytes(layout.discriminator)
          .bytes(encodeAnchorEventPayload(layout, data, fieldCount))
          .done();
    }
  }
  return w.done();
}

/** `emit_cpi!`: the program invokes itself, signed by its `__event_authority` PDA, with EVENT_IX_TAG ++ event. */
export function emitCpi(
  tx: TransactionBuilder,
  programId: string,
  eventAuthority: string,
  event: Uint8Array,
): void {
  const data = new Uint8Array(ANCHOR_EVENT_IX_TAG.length + event.length);
  data.set(ANCHOR_EVENT_IX_TAG, 0);
  data.set(event, ANCHOR_EVENT_IX_TAG.length);
  tx.invoke(programId, [signer(eventAuthority, false)], data, () => tx.consume(2003));
}
