import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { OofError } from '../core/errors/oof-error.ts';
import { assertValidObjectKey } from './object-key.ts';
import type { ObjectStore } from './object-store.ts';

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** Omit for AWS S3; R2 is `https://<account>.r2.cloudflarestorage.com`, MinIO its own URL. */
  readonly endpoint?: string;
  /** `auto` for R2. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Prepended to every key (`oof/` → `oof/tx/ab/...`), so one bucket can hold several deployments. */
  readonly prefix: string;
  /** MinIO and most self-hosted servers need path-style URLs (`endpoint/bucket/key`). */
  readonly forcePathStyle: boolean;
}

function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** A missing key, not a missing bucket (also a 404, but a configuration error the operator must see). */
function isMissing(e: unknown): boolean {
  if (e instanceof S3ServiceException && e.name === 'NoSuchBucket') return false;
  return statusOf(e) === 404;
}

/** An S3-protocol bucket (AWS S3, Cloudflare R2, MinIO). PutObject is atomic: readers see all or nothing. */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // R2 and older MinIO reject the CRC checksums newer SDKs add by default; only send them when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const where = `bucket ${options.bucket}${options.endpoint === undefined ? '' : ` at ${options.endpoint}`}`;
  const fullKey = (key: string): string => {
    assertValidObjectKey(key);
    return `${options.prefix}${key}`;
  };
  const unavailable = (action: string, key: string, cause: unknown): OofError =>
    new OofError(
      'OBJECT_STORE_UNAVAILABLE',
      `Cannot ${action} object ${key} in ${where}: ${(cause as Error).message}` +
        ` (HTTP ${statusOf(cause) ?? 'no response'}). Check the endpoint, bucket and credentials (S3_* settings).`,
      { key, bucket: options.bucket, status: statusOf(cause) },
      cause,
    );

  return {
    async put(key, bytes, contentType) {
      const Key = fullKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ContentType: contentType ?? 'application/octet-stream',
          }),
        );
      } catch (e) {
        throw unavailable('write', key, e);
      }
    },
    async get(key) {
      const Key = fullKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key }));
        if (response.Body === undefined) throw new Error('the response has no body');
        return await response.Body.transformToByteArray();
      } catch (e) {
        if (isMissing(e)) {
          throw new OofError('OBJECT_NOT_FOUND', `Object ${key} does not exist in ${where}.`, { key });
        }
        throw unavailable('read', key, e);
      }
    },
    async has(key) {
      const Key = fullKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key }));
        return true;
      } catch (e) {
        if (isMissing(e)) return false;
        throw unavailable('check', key, e);
      }
    },
  };
}
