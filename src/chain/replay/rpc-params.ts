import { getBase58Encoder } from '@solana/kit';
import { invalidParams, MIN_CONTEXT_SLOT_NOT_REACHED, RpcError } from './rpc-error.ts';

const base58 = getBase58Encoder();

/**
 * Parameter checks with the node's wording: `Pubkey::from_str` / `Signature::from_str` errors are reported
 * as `Invalid param: WrongSize` or `Invalid param: Invalid`; serde type errors as `Invalid params: …`.
 */
function base58Param(value: unknown, bytes: number, maxChars: number, what: string): string {
  if (typeof value !== 'string')
    throw invalidParams(`Invalid params: invalid type: ${typeName(value)}, expected ${what}.`);
  if (value.length > maxChars) throw invalidParams('Invalid param: WrongSize');
  let decoded: Uint8Array;
  try {
    decoded = base58.encode(value) as Uint8Array;
  } catch {
    throw invalidParams('Invalid param: Invalid');
  }
  if (decoded.length !== bytes) throw invalidParams('Invalid param: WrongSize');
  return value;
}

export function addressParam(value: unknown): string {
  return base58Param(value, 32, 44, 'a string');
}

export function signatureParam(value: unknown): string {
  return base58Param(value, 64, 88, 'a string');
}

/** The optional trailing config object (`null` and absence mean defaults). */
export function configParam(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParams(`Invalid params: invalid type: ${typeName(value)}, expected a config object.`);
  }
  return value as Record<string, unknown>;
}

const COMMITMENTS = ['processed', 'confirmed', 'finalized'];

/** History methods (getSignaturesForAddress, getTransaction) refuse `processed`, like the node. */
export function checkCommitment(config: Record<string, unknown>, history: boolean): void {
  const c = config.commitment;
  if (c === undefined || c === null) return;
  if (typeof c !== 'string' || !COMMITMENTS.includes(c)) {
    throw unknownVariant(c, COMMITMENTS);
  }
  if (history && c === 'processed')
    throw invalidParams('Method does not support commitment below `confirmed`');
}

/** `minContextSlot` above the served slot is refused with the node's -32016 and the context slot. */
export function checkMinContextSlot(config: Record<string, unknown>, slot: number): void {
  const min = config.minContextSlot;
  if (min === undefined || min === null) return;
  if (typeof min !== 'number' || !Number.isSafeInteger(min) || min < 0) {
    throw invalidParams(`Invalid params: invalid type: ${typeName(min)}, expected u64.`);
  }
  if (min > slot)
    throw new RpcError(MIN_CONTEXT_SLOT_NOT_REACHED, 'Minimum context slot has not been reached', {
      contextSlot: slot,
    });
}

export function optionalString(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw invalidParams(`Invalid params: invalid type: ${typeName(v)}, expected a string.`);
  return v;
}

/** serde's names for JSON types, as they appear in the node's `invalid type` messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'sequence';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.slice(0, 100))}`;
    case 'number':
    case 'bigint':
      return Number.isInteger(Number(value))
        ? `integer \`${String(value)}\``
        : `floating point \`${String(value)}\``;
    case 'boolean':
      return `boolean \`${String(value)}\``;
    case 'object':
      return 'map';
    default:
      return typeof value;
  }
}

/** serde's error for an enum value it does not know: the variant for a string, the type for anything else. */
export function unknownVariant(value: unknown, expected: readonly string[]): RpcError {
  const list = expected.map((e) => `\`${e}\``).join(', ');
  return typeof value === 'string'
    ? invalidParams(`Invalid params: unknown variant \`${value}\`, expected one of ${list}.`)
    : invalidParams(`Invalid params: invalid type: ${typeName(value)}, expected one of ${list}.`);
}
