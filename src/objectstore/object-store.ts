/**
 * Where immutable blobs live (compressed raw transactions, rendered cards): the local filesystem in the
 * embedded deployment, an S3-compatible bucket (R2, S3, MinIO) in production.
 *
 * Keys are relative slash-separated paths (`tx/ab/<sig>.json.br`), validated by `assertValidObjectKey`.
 * Failures are OofErrors: OBJECT_NOT_FOUND for a missing key, OBJECT_STORE_UNAVAILABLE for everything else.
 */
export interface ObjectStore {
  /** Writes the whole object; readers never see a partial one. Overwrites an existing key. */
  put(key: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  has(key: string): Promise<boolean>;
}
