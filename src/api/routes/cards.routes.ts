import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MomentKind } from '../../analytics/detectors/moment.ts';
import { cardService, defaultCardUrl, type CardService } from '../../cards/card-service.ts';
import { buildMomentMintTransaction } from '../../cards/moment-mint-transaction.ts';
import type { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Metrics } from '../../core/metrics/metrics.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { getStoredMoment } from '../../store/analytics/moments.repository.ts';
import { queryRows } from '../../store/query-rows.ts';
import { sql } from 'drizzle-orm';
import { parseWalletAddress } from '../../core/wallet-address.ts';

const TITLES: Readonly<Record<MomentKind, string>> = {
  s2e: 'Sold too early',
  bhd: 'Bag-holder drawdown',
  bad_route: 'Bad route',
  idle_yield: 'Idle yield',
  rug: 'Rug',
};

/**
 * `GET /v1/cards/moment/:id.png?theme&size` (rendered once, then served from the object store, with an ETag),
 * `GET /v1/cards/moment/:id/metadata.json` (the NFT's off-chain metadata) and
 * `POST /v1/cards/moment/:id/mint` (an unsigned Bubblegum `mintV1` transaction for the user's wallet to sign).
 */
export function cardRoutes(
  services: CoreServices,
  options: { rpc?: SolanaRpc | null; cards?: CardService } = {},
): (app: FastifyInstance) => Promise<void> {
  return (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const db = services.database.db;
    const metrics: Metrics = services.metrics;
    const cards =
      options.cards ??
      cardService({
        db,
        objects: services.objects,
        onRender: (ms) => metrics.cardRenderSeconds.observe(ms / 1000),
      });
    const base = services.config.publicUrl?.replace(/\/+$/, '') ?? '';

    app.get(
      '/v1/cards/moment/:file',
      {
        schema: {
          params: z.object({
            file: z
              .string()
              .min(5)
              .max(400)
              .regex(/\.png$/, 'expected <moment id>.png'),
          }),
          querystring: z.object({
            theme: z.enum(['dark', 'light']).default('dark'),
            size: z.enum(['og', 'square']).default('og'),
          }),
        },
      },
      async (request, reply) => {
        const id = request.params.file.slice(0, -'.png'.length);
        const card = await cards.getOrRenderMomentCard(id, request.query);
        const etag = `"${card.etag}"`;
        void reply
          .header('etag', etag)
          .header('cache-control', 'public, max-age=300')
          .header('x-card-cache', card.cached ? 'hit' : 'miss');
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.type('image/png').send(Buffer.from(card.png));
      },
    );

    app.get(
      '/v1/cards/moment/:id/metadata.json',
      { schema: { params: z.object({ id: z.string().min(1).max(300) }) } },
      async (request) => {
        const m = await getStoredMoment(db, request.params.id);
        if (m === null) throw new OofError('MOMENT_NOT_FOUND', `no moment with id ${request.params.id}`);
        const symbol = await tokenSymbol(m.mint);
        return {
          name: `OOF ${TITLES[m.kind as MomentKind] ?? m.kind} ${symbol ?? ''}`.trim(),
          symbol: 'OOF',
          description: `An OOF moment of ${m.wallet}: ${m.kind} on ${m.mint}, ${m.usd} USD.`,
          image: `${base}${defaultCardUrl(m.id)}`,
          external_url: `${base}/v1/moments/${encodeURIComponent(m.id)}`,
          attributes: [
            { trait_type: 'kind', value: m.kind },
            { trait_type: 'usd', value: m.usd },
            { trait_type: 'pct', value: m.pct },
            { trait_type: 'date', value: m.tEvent },
            { trait_type: 'tx', value: m.sigRef },
          ],
        };
      },
    );

    app.post(
      '/v1/cards/moment/:id/mint',
      {
        schema: {
          params: z.object({ id: z.string().min(1).max(300) }),
          body: z.object({ owner: z.string().max(64) }),
        },
      },
      async (request) => {
        const owner = parseWalletAddress(request.body.owner);
        const tree = services.config.cnft.tree;
        if (tree === undefined || options.rpc === undefined || options.rpc === null) {
          throw new OofError(
            'CNFT_NOT_CONFIGURED',
            'minting moments is not configured on this server: set OOF_CNFT_TREE (a Bubblegum tree) and SOLANA_RPC_URL',
          );
        }
        const m = await getStoredMoment(db, request.params.id);
        if (m === null) throw new OofError('MOMENT_NOT_FOUND', `no moment with id ${request.params.id}`);
        const latestBlockhash = await options.rpc.getLatestBlockhash();
        const transaction = await buildMomentMintTransaction({
          moment: { kind: m.kind as MomentKind, symbol: await tokenSymbol(m.mint) },
          owner,
          tree,
          ...(services.config.cnft.treeDelegate === undefined
            ? {}
            : { treeDelegate: services.config.cnft.treeDelegate }),
          metadataUri: `${base}/v1/cards/moment/${encodeURIComponent(m.id)}/metadata.json`,
          latestBlockhash,
        });
        return {
          transaction,
          encoding: 'base64',
          lastValidBlockHeight: latestBlockhash.lastValidBlockHeight.toString(),
          signers: [
            owner,
            ...(services.config.cnft.treeDelegate === undefined ? [] : [services.config.cnft.treeDelegate]),
          ],
        };
      },
    );

    async function tokenSymbol(mint: string): Promise<string | null> {
      const rows = await queryRows<{ symbol: string | null }>(
        db,
        sql`SELECT symbol FROM token_facts WHERE mint = ${mint}`,
      );
      return rows[0]?.symbol ?? null;
    }
    return Promise.resolve();
  };
}
