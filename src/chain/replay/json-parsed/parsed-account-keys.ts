/** `{pubkey, writable, signer, source}`: an account key as the node's `jsonParsed` encoding lists it. */
export interface ParsedAccountKey {
  readonly pubkey: string;
  readonly writable: boolean;
  readonly signer: boolean;
  readonly source: 'transaction' | 'lookupTable';
}

interface Header {
  readonly numRequiredSignatures?: number;
  readonly numReadonlySignedAccounts?: number;
  readonly numReadonlyUnsignedAccounts?: number;
}

/**
 * Builtin programs and sysvars the runtime never lets a transaction write (Agave reserved account keys);
 * every sysvar address starts with `Sysvar`.
 */
const RESERVED = new Set([
  '11111111111111111111111111111111',
  'AddressLookupTab1e1111111111111111111111111',
  'BPFLoader1111111111111111111111111111111111',
  'BPFLoader2111111111111111111111111111111111',
  'BPFLoaderUpgradeab1e11111111111111111111111',
  'ComputeBudget111111111111111111111111111111',
  'Config1111111111111111111111111111111111111',
  'Ed25519SigVerify111111111111111111111111111',
  'Feature111111111111111111111111111111111111',
  'KeccakSecp256k11111111111111111111111111111',
  'NativeLoader1111111111111111111111111111111',
  'Stake11111111111111111111111111111111111111',
  'Vote111111111111111111111111111111111111111',
]);

/**
 * The jsonParsed account keys of a `json` message: static keys with signer/writable from the header,
 * then v0 loaded addresses (writable, then readonly) marked `lookupTable`. As the node does, a key is not
 * writable when it is a reserved account or a program an outer instruction invokes (writes to it would be
 * demoted at runtime).
 */
export function parsedAccountKeys(
  staticKeys: readonly string[],
  header: Header | undefined,
  signatureCount: number,
  loaded: { readonly writable: readonly string[]; readonly readonly: readonly string[] } | undefined,
  invokedProgramIndexes: ReadonlySet<number>,
): ParsedAccountKey[] {
  const required = header?.numRequiredSignatures ?? signatureCount;
  const readonlySigned = header?.numReadonlySignedAccounts ?? 0;
  const readonlyUnsigned = header?.numReadonlyUnsignedAccounts ?? 0;
  const demoted = (key: string, i: number): boolean =>
    RESERVED.has(key) || key.startsWith('Sysvar') || invokedProgramIndexes.has(i);
  const keys: ParsedAccountKey[] = staticKeys.map((pubkey, i) => {
    const signer = i < required;
    const writable = signer ? i < required - readonlySigned : i < staticKeys.length - readonlyUnsigned;
    return { pubkey, writable: writable && !demoted(pubkey, i), signer, source: 'transaction' };
  });
  const offset = staticKeys.length;
  (loaded?.writable ?? []).forEach((pubkey, i) =>
    keys.push({ pubkey, writable: !demoted(pubkey, offset + i), signer: false, source: 'lookupTable' }),
  );
  for (const pubkey of loaded?.readonly ?? [])
    keys.push({ pubkey, writable: false, signer: false, source: 'lookupTable' });
  return keys;
}
