import { z } from 'zod';
import { accountInfoSchema } from '../rpc/methods/get-account-info.ts';
import { withContext } from '../rpc/methods/u64.ts';

/** `logsNotification` params.result: `{ context: { slot }, value: { signature, err, logs } }`. */
export const logsNotificationSchema = withContext(
  z.looseObject({
    signature: z.string().min(1),
    err: z.unknown().transform((e) => e ?? null),
    logs: z
      .array(z.string())
      .nullish()
      .transform((l) => l ?? null),
  }),
);

/** `accountNotification` params.result: the getAccountInfo shape, value never null. */
export const accountNotificationSchema = withContext(accountInfoSchema);
