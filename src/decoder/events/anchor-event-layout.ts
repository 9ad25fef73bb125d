import type { Codec } from '@solana/kit';
import { OofError } from '../../core/errors/oof-error.ts';
import { anchorEventDiscriminator } from './anchor-discriminator.ts';
import { borshCodec } from './borsh-codec.ts';
import type { BorshField, EventRecord, EventValue } from './borsh-type.ts';

/**
 * One Anchor event of one program, across its versions.
 *
 * Programs upgrade their events by appending fields (pump.fun's `TradeEvent` went from 8 fields in early
 * 2024 to 32 in the current IDL), and old transactions keep their old bytes forever. So a layout is the
 * newest field list plus the number of fields of the oldest version we know; every IDL we have is a
 * prefix of the newest list (the layout-vs-IDL test checks this).
 *
 * A payload is accepted iff it decodes as the first k fields, k at least the oldest version's count, and
 * ends exactly on that field boundary. Any boundary is accepted, not only those of the IDLs we hold, because
 * programs were deployed in versions between those snapshots (the 16 fields pump.fun's current IDL adds to
 * its 2025 `TradeEvent` belong to separate features: volume rewards, `ix_name`, mayhem mode, cashback,
 * buybacks, quote mints). Bytes after the newest known field are refused: an unknown layout is not guessed
 * at, so when a program appends fields again its new events are dropped until the layout here is extended.
 */
export interface AnchorEventLayout {
  /** Event name exactly as in the IDL (PascalCase); the discriminator is derived from it. */
  readonly name: string;
  readonly discriminator: Uint8Array;
  /** Newest known field list, in wire order. */
  readonly fields: readonly BorshField[];
  /** Field counts at the end of each documented version, oldest first; the last is `fields.length`. */
  readonly versionFieldCounts: readonly number[];
  readonly fieldCodecs: readonly Codec<EventValue>[];
}

/** `versions[0]` is the oldest layout's fields; each next entry lists the fields that version appended. */
export function defineAnchorEvent(
  name: string,
  versions: readonly [readonly BorshField[], ...(readonly BorshField[])[]],
): AnchorEventLayout {
  const fields = versions.flat();
  const versionFieldCounts: number[] = [];
  let count = 0;
  for (const appended of versions) versionFieldCounts.push((count += appended.length));
  return {
    name,
    discriminator: anchorEventDiscriminator(name),
    fields,
    versionFieldCounts,
    fieldCodecs: fields.map((f) => borshCodec(f.type)),
  };
}

/** Oldest version we accept: fewer fields than this is a truncated or foreign payload. */
export function minFieldCount(layout: AnchorEventLayout): number {
  return layout.versionFieldCounts[0] ?? layout.fields.length;
}

/**
 * Decodes the bytes after the 8-byte discriminator, or returns null when they are not exactly some
 * version of this event. Never throws.
 */
export function decodeAnchorEventPayload(layout: AnchorEventLayout, payload: Uint8Array): EventRecord | null {
  const min = minFieldCount(layout);
  const out: Record<string, EventValue> = {};
  let offset = 0;
  try {
    for (let i = 0; i < layout.fields.length; i += 1) {
      // Stop on a field boundary before reading: kit readers may treat "no bytes left" as an empty value.
      if (offset === payload.length) return i >= min ? out : null;
      const field = layout.fields[i];
      const codec = layout.fieldCodecs[i];
      if (field === undefined || codec === undefined) return null;
      const [value, next] = codec.read(payload, offset);
      if (next > payload.length) return null;
      out[field.name] = value;
      offset = next;
    }
  } catch {
    // Kit throws on too few bytes; our strict readers throw on a bad bool, UTF-8 or enum index.
    return null;
  }
  return offset === payload.length ? out : null;
}

/**
 * Encodes the first `fieldCount` fields (default: all): the exact inverse of `decodeAnchorEventPayload`.
 * Used to build payloads of versions no recorded transaction carries. Throws on a value of the wrong shape.
 */
export function encodeAnchorEventPayload(
  layout: AnchorEventLayout,
  data: EventRecord,
  fieldCount = layout.fields.length,
): Uint8Array {
  const parts = layout.fields.slice(0, fieldCount).map((field, i) => {
    const codec = layout.fieldCodecs[i];
    const value = data[field.name];
    if (codec === undefined || value === undefined) {
      throw new OofError('INVARIANT_BROKEN', `Cannot encode ${layout.name}: field ${field.name} is missing`);
    }
    return codec.encode(value);
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
