/**
 * The subset of the Anchor IDL type system the events we decode use, written as data so one description
 * drives three things: the kit codec (`borsh-codec.ts`), the version-tolerant event decoder
 * (`anchor-event-layout.ts`) and the layout-vs-IDL test that proves each hand-written layout matches the
 * program's published IDL.
 *
 * Field names are camelCase (the IDL's snake_case converted); the Borsh wire format does not carry names.
 */
export type BorshScalar = 'u8' | 'u16' | 'u32' | 'u64' | 'i64' | 'u128' | 'bool' | 'pubkey' | 'string';

export interface BorshField {
  readonly name: string;
  readonly type: BorshType;
}

export interface BorshVariant {
  readonly name: string;
  /** Empty for a unit variant (`Buy`, `Sell`). */
  readonly fields: readonly BorshField[];
}

export type BorshType =
  | BorshScalar
  | { readonly kind: 'struct'; readonly fields: readonly BorshField[] }
  /** Borsh `Vec<T>`: u32 little-endian length, then the items. */
  | { readonly kind: 'vec'; readonly item: BorshType }
  /** Borsh enum: one u8 variant index, then the variant's fields. */
  | { readonly kind: 'enum'; readonly variants: readonly BorshVariant[] };

/**
 * A decoded value as it leaves the decoder: u8/u16/u32 as numbers, u64/i64/u128 as decimal strings (they
 * exceed 2^53), public keys as base58 strings, a unit-only enum as its variant name, any other enum as
 * `{ kind: variantName, ...fields }`.
 */
export type EventValue = string | number | boolean | readonly EventValue[] | EventRecord;
export interface EventRecord {
  readonly [field: string]: EventValue;
}

/** `fields(['mint', 'pubkey'], ['solAmount', 'u64'])`: an ordered field list, read top to bottom like the IDL. */
export function fields(...entries: readonly (readonly [name: string, type: BorshType])[]): BorshField[] {
  return entries.map(([name, type]) => ({ name, type }));
}

export function struct(...entries: readonly (readonly [name: string, type: BorshType])[]): BorshType {
  return { kind: 'struct', fields: fields(...entries) };
}

export function vec(item: BorshType): BorshType {
  return { kind: 'vec', item };
}

/** `enumOf('Buy', 'Sell')` for unit variants, `enumOf(['Constant', [['data', ...]]], ...)` for data variants. */
export function enumOf(
  ...variants: readonly (
    | string
    | readonly [name: string, fields: readonly (readonly [string, BorshType])[]]
  )[]
): BorshType {
  return {
    kind: 'enum',
    variants: variants.map((v) =>
      typeof v === 'string' ? { name: v, fields: [] } : { name: v[0], fields: fields(...v[1]) },
    ),
  };
}
