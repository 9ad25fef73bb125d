import {
  addCodecSizePrefix,
  combineCodec,
  createDecoder,
  createEncoder,
  getEncodedSize,
  getAddressCodec,
  getArrayCodec,
  getI64Codec,
  getStructCodec,
  getU128Codec,
  getU16Codec,
  getU32Codec,
  getU64Codec,
  getU8Codec,
  getUtf8Codec,
  transformCodec,
  type Address,
  type Codec,
} from '@solana/kit';
import { OofError } from '../../core/errors/oof-error.ts';
import type { BorshType, BorshVariant, EventRecord, EventValue } from './borsh-type.ts';

/**
 * Builds the kit codec for a Borsh type, mapping to and from `EventValue` (integers wider than 32 bits as
 * decimal strings). Decoding is strict where kit is lenient, because a lenient decode would let bytes that
 * are not a real event through: a bool must be 0 or 1, a string must be well-formed UTF-8 and keeps its NUL
 * characters, a vec must carry its length prefix, an enum index must name a variant.
 *
 * The encoder exists so tests can build canonical payloads for layout versions that no recorded
 * transaction carries, and check that decoding is the exact inverse of encoding.
 */
export function borshCodec(type: BorshType): Codec<EventValue> {
  if (typeof type === 'string') return scalarCodec(type);
  switch (type.kind) {
    case 'struct':
      return structCodec(type.fields);
    case 'vec':
      // Borsh vec = u32 count + items; `requireSizePrefix` stops kit reading a missing prefix as [].
      return transformCodec(
        getArrayCodec(borshCodec(type.item), { size: getU32Codec(), requireSizePrefix: true }),
        (value: EventValue) => asArray(value),
        (items): EventValue => items,
      );
    case 'enum':
      return type.variants.every((v) => v.fields.length === 0)
        ? unitEnumCodec(type.variants)
        : dataEnumCodec(type.variants);
  }
}

function structCodec(fields: readonly { name: string; type: BorshType }[]): Codec<EventValue> {
  const codec = getStructCodec(fields.map((f): [string, Codec<EventValue>] => [f.name, borshCodec(f.type)]));
  return transformCodec(
    codec,
    (value: EventValue) => asRecord(value),
    (record): EventValue => record,
  );
}

function scalarCodec(type: Exclude<BorshType, { kind: string }>): Codec<EventValue> {
  switch (type) {
    case 'u8':
      return smallIntCodec(getU8Codec());
    case 'u16':
      return smallIntCodec(getU16Codec());
    case 'u32':
      return smallIntCodec(getU32Codec());
    case 'u64':
      return bigIntCodec(getU64Codec());
    case 'i64':
      return bigIntCodec(getI64Codec());
    case 'u128':
      return bigIntCodec(getU128Codec());
    case 'bool':
      return transformCodec(
        getU8Codec(),
        (value: EventValue) => (asBoolean(value) ? 1 : 0),
        (byte): EventValue => {
          // kit's boolean decoder maps any byte other than 1 to false; Borsh only ever writes 0 or 1.
          if (byte > 1) throw new RangeError(`Borsh bool byte ${byte} is neither 0 nor 1`);
          return byte === 1;
        },
      );
    case 'pubkey':
      return transformCodec(
        getAddressCodec(),
        (value: EventValue) => asString(value) as Address,
        (address): EventValue => address,
      );
    case 'string':
      // Borsh string = u32 byte length + UTF-8. Rust `String`s are always valid UTF-8, so invalid bytes mean
      // this is not the event we think it is.
      return transformCodec(
        addCodecSizePrefix(
          getUtf8Codec({ fatal: true, ignoreBOM: true, removeNullCharacters: false }),
          getU32Codec(),
        ),
        (value: EventValue) => asString(value),
        (text): EventValue => text,
      );
  }
}

function smallIntCodec(codec: Codec<number | bigint, number>): Codec<EventValue> {
  return transformCodec(
    codec,
    (value: EventValue) => asInteger(value),
    (n): EventValue => n,
  );
}

function bigIntCodec(codec: Codec<number | bigint, bigint>): Codec<EventValue> {
  return transformCodec(
    codec,
    (value: EventValue) => asInteger(value),
    (n): EventValue => n.toString(),
  );
}

function unitEnumCodec(variants: readonly BorshVariant[]): Codec<EventValue> {
  const names = variants.map((v) => v.name);
  return transformCodec(
    getU8Codec(),
    (value: EventValue) => {
      const index = names.indexOf(asString(value));
      if (index < 0) throw invalid(`unknown enum variant ${JSON.stringify(value)}`);
      return index;
    },
    (index): EventValue => {
      const name = names[index];
      if (name === undefined) throw new RangeError(`enum index ${index} names no variant`);
      return name;
    },
  );
}

/**
 * Enum with data: u8 variant index, then that variant's fields, decoded to `{ kind, ...fields }`. Written
 * with kit's `createEncoder`/`createDecoder` rather than `getDiscriminatedUnionCodec`, whose types need the
 * variants as a literal tuple and these are built at run time from the layout.
 */
function dataEnumCodec(variants: readonly BorshVariant[]): Codec<EventValue> {
  const bodies = variants.map((v) => structCodec(v.fields));
  const tag = getU8Codec();
  const variantOf = (value: EventValue): { index: number; body: EventRecord } => {
    const { kind, ...body } = asRecord(value);
    const index = variants.findIndex((v) => v.name === kind);
    if (index < 0) throw invalid(`unknown enum variant ${JSON.stringify(kind)}`);
    return { index, body };
  };
  const bodyCodec = (index: number): Codec<EventValue> => {
    const body = bodies[index];
    if (body === undefined) throw new RangeError(`enum index ${index} names no variant`);
    return body;
  };
  const encoder = createEncoder<EventValue>({
    getSizeFromValue: (value) => {
      const { index, body } = variantOf(value);
      return 1 + getEncodedSize(body, bodyCodec(index));
    },
    write: (value, bytes, offset) => {
      const { index, body } = variantOf(value);
      return bodyCodec(index).write(body, bytes, tag.write(index, bytes, offset));
    },
  });
  const decoder = createDecoder<EventValue>({
    read: (bytes, offset) => {
      const [index, bodyOffset] = tag.read(bytes, offset);
      const name = variants[index]?.name ?? '';
      const [body, end] = bodyCodec(index).read(bytes, bodyOffset);
      return [{ kind: name, ...asRecord(body) }, end];
    },
  });
  return combineCodec(encoder, decoder);
}

// Encoder-side narrowing: a value of the wrong shape is a bug in the caller building a payload.
function invalid(message: string): OofError {
  return new OofError('INVARIANT_BROKEN', `Cannot encode event value: ${message}`);
}

function asInteger(value: EventValue): bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw invalid(`expected an integer, got ${JSON.stringify(value)}`);
}

function asBoolean(value: EventValue): boolean {
  if (typeof value !== 'boolean') throw invalid(`expected a boolean, got ${JSON.stringify(value)}`);
  return value;
}

function asString(value: EventValue): string {
  if (typeof value !== 'string') throw invalid(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function asArray(value: EventValue): EventValue[] {
  if (!Array.isArray(value)) throw invalid(`expected an array, got ${JSON.stringify(value)}`);
  return value as EventValue[];
}

function asRecord(value: EventValue): EventRecord {
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`expected an object, got ${JSON.stringify(value)}`);
  }
  return value as EventRecord;
}
