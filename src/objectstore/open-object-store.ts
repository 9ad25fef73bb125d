import { join, resolve } from 'node:path';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import { createFsObjectStore } from './fs-object-store.ts';
import type { ObjectStore } from './object-store.ts';
import { createS3ObjectStore } from './s3-object-store.ts';

/** The object store the configuration names: files under `<dataDir>/objects`, or an S3-compatible bucket. */
export function openObjectStore(
  config: Pick<Config, 'dataDir' | 'objectStore'>,
  logger: Logger,
): ObjectStore {
  const settings = config.objectStore;
  switch (settings.kind) {
    case 'fs': {
      const root = join(resolve(config.dataDir), 'objects');
      logger.info({ root }, 'object store: local folder');
      return createFsObjectStore({ root });
    }
    case 's3': {
      logger.info(
        { bucket: settings.bucket, endpoint: settings.endpoint, prefix: settings.prefix },
        'object store: S3-compatible bucket',
      );
      return createS3ObjectStore({
        bucket: settings.bucket,
        ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
        region: settings.region,
        accessKeyId: settings.accessKeyId,
        secretAccessKey: settings.secretAccessKey,
        prefix: settings.prefix,
        forcePathStyle: settings.forcePathStyle,
      });
    }
  }
}
