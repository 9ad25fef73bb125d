import { getAddressDecoder } from '@solana/kit';
import fc from 'fast-check';
import type { AnchorEventLayout } from './anchor-event-layout.ts';
import type { BorshField, BorshType, EventRecord, EventValue } from './borsh-type.ts';

/** Test-only: fast-check generators of valid decoded values for a Borsh type or a whole event layout. */
export function arbitraryValue(type: BorshType): fc.Arbitrary<EventValue> {
  if (typeof type === 'string') {
    switch (type) {
      case 'u8':
        return fc.integer({ min: 0, max: 0xff });
      case 'u16':
        return fc.integer({ min: 0, max: 0xffff });
      case 'u32':
        return fc.integer({ min: 0, max: 0xffff_ffff });
      case 'u64':
        return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
      case 'i64':
        return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
      case 'u128':
        return fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String);
      case 'bool':
        return fc.boolean();
      case 'pubkey':
        return fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => getAddressDecoder().decode(b));
      case 'string':
        return fc.string({ unit: 'grapheme', maxLength: 40 });
    }
  }
  switch (type.kind) {
    case 'struct':
      return arbitraryRecord(type.fields);
    case 'vec':
      return fc.array(arbitraryValue(type.item), { maxLength: 4 });
    case 'enum':
      return type.variants.every((v) => v.fields.length === 0)
        ? fc.constantFrom(...type.variants.map((v) => v.name))
        : fc.oneof(
            ...type.variants.map((v) =>
              arbitraryRecord(v.fields).map((body): EventValue => ({ kind: v.name, ...body })),
            ),
          );
  }
}

export function arbitraryRecord(fields: readonly BorshField[]): fc.Arbitrary<EventRecord> {
  return fc.tuple(...fields.map((f) => arbitraryValue(f.type))).map((values) => {
    const record: Record<string, EventValue> = {};
    fields.forEach((f, i) => {
      const value = values[i];
      if (value !== undefined) record[f.name] = value;
    });
    return record;
  });
}

/** A full newest-version event and a field count of some accepted version, with the matching prefix. */
export function arbitraryEventVersion(
  layout: AnchorEventLayout,
  minFieldCount: number,
): fc.Arbitrary<{ full: EventRecord; fieldCount: number; prefix: EventRecord }> {
  return fc
    .tuple(arbitraryRecord(layout.fields), fc.integer({ min: minFieldCount, max: layout.fields.length }))
    .map(([full, fieldCount]) => ({
      full,
      fieldCount,
      prefix: Object.fromEntries(
        layout.fields.slice(0, fieldCount).map((f) => [f.name, full[f.name]]),
      ) as EventRecord,
    }));
}
