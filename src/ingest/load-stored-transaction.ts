import { OofError } from '../core/errors/oof-error.ts';
import type { ObjectStore } from '../objectstore/object-store.ts';
import type { Database } from '../store/database.ts';
import { findObjectKey } from '../store/transactions/transaction.repository.ts';
import { decodeTxBody } from './tx-body.ts';

/** The getTransaction result exactly as it was ingested (parsed JSON), read back from the object store. */
export async function loadStoredTransaction(
  deps: { readonly database: Database; readonly objects: ObjectStore },
  signature: string,
): Promise<unknown> {
  const key = await findObjectKey(deps.database.db, signature);
  if (key === null) {
    throw new OofError(
      'TX_NOT_STORED',
      `Transaction ${signature} is not in the store. Ingest it first (it is fetched from the chain once).`,
      { signature },
    );
  }
  return decodeTxBody(await deps.objects.get(key), key);
}
