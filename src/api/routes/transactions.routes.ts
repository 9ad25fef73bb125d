import { parseWalletAddress } from '../../core/wallet-address.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import { actionToJson } from '../../decoder/action-json.ts';
import { ingest } from '../../ingest/ingest.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { loadActions } from '../../store/transactions/transaction.repository.ts';
import { listWalletActions, type ActionCursor } from '../../store/transactions/wallet-actions.repository.ts';

const signature = z
  .string()
  .regex(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/, 'expected a base58 transaction signature');

/**
 * The data core over HTTP: store getTransaction results (idempotent), read a transaction's actions, page
 * through a wallet's actions newest first. Amounts are base-unit strings, USD values decimal strings.
 */
export function transactionRoutes(services: CoreServices) {
  return (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/v1/transactions',
      { schema: { body: z.union([z.array(z.unknown()).min(1).max(5000), z.looseObject({})]) } },
      async (request) => {
        const items = Array.isArray(request.body) ? request.body : [request.body];
        const result = await ingest(services, items);
        return { ...result, failed: result.failed.map((f) => ({ ...f })) };
      },
    );

    app.get(
      '/v1/transactions/:signature',
      { schema: { params: z.object({ signature }) } },
      async (request) => {
        const found = await loadActions(services.database.db, request.params.signature);
        if (found.length === 0) {
          throw new OofError(
            'TX_NOT_STORED',
            `Transaction ${request.params.signature} is not stored; POST it to /v1/transactions first.`,
            {
              signature: request.params.signature,
            },
          );
        }
        return { signature: request.params.signature, actions: found.map(actionToJson) };
      },
    );

    app.get(
      '/v1/wallets/:address/actions',
      {
        schema: {
          params: z.object({ address: z.string() }),
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            cursor: z.string().max(200).optional(),
          }),
        },
      },
      async (request) => {
        const address = parseWalletAddress(request.params.address);
        const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
        const page = await listWalletActions(services.database.db, address, {
          limit: request.query.limit,
          ...(after === undefined ? {} : { after }),
        });
        return {
          wallet: address,
          actions: page.actions.map(actionToJson),
          nextCursor: page.next && encodeCursor(page.next),
        };
      },
    );
    return Promise.resolve();
  };
}

export function encodeCursor(c: ActionCursor): string {
  return Buffer.from(`${c.slot}:${c.sig}:${c.idx}`).toString('base64url');
}

function decodeCursor(text: string): ActionCursor {
  const [slot, sig, idx] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  if (
    !slot ||
    !/^\d{1,20}$/.test(slot) ||
    !sig ||
    !signature.safeParse(sig).success ||
    !idx ||
    !/^\d{1,6}$/.test(idx)
  ) {
    throw new OofError('CURSOR_INVALID', 'The cursor is not one this API returned; start again without it.', {
      cursor: text,
    });
  }
  return { slot: BigInt(slot), sig, idx: Number(idx) };
}
