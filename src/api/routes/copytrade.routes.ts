import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { mergeStrategy, parseStrategyOverrides } from '../../copytrade/strategy/merge-strategy.ts';
import { StrategyError } from '../../copytrade/strategy/strategy-error.ts';
import {
  STRATEGY_TEMPLATES,
  type StrategyTemplateName,
} from '../../copytrade/strategy/strategy-templates.ts';
import {
  getCopyWallet,
  insertCopyWallet,
  listCopyWallets,
  updateCopyWallet,
  type CopyWallet,
  type CopyWalletChanges,
} from '../../store/copytrade/copy-wallets.repository.ts';
import {
  appendCopytradeAudit,
  type CopytradeAuditAction,
} from '../../store/copytrade/copytrade-audit.repository.ts';
import { COPY_MODES } from '../../store/schema/copytrade-tables.ts';
import type { NotificationHub } from '../sse/notification-hub.ts';
import { copytradeConfigRoutes } from './copytrade-config.routes.ts';
import { copytradeDeskRoutes } from './copytrade-desk.routes.ts';
import { copytradePositionStrategyRoutes } from './copytrade-position-strategy.routes.ts';
import { copytradeSignalRoutes } from './copytrade-signals.routes.ts';
import { copytradeStreamRoutes } from './copytrade-stream.routes.ts';
import { requireSubject } from '../access/subject.ts';
import { parseWalletAddress } from '../../core/wallet-address.ts';

const TEMPLATE_NAMES = Object.keys(STRATEGY_TEMPLATES) as [StrategyTemplateName, ...StrategyTemplateName[]];
const text = (max: number) => z.string().trim().max(max);
const strategyBody = z.strictObject({
  template: z.enum(TEMPLATE_NAMES).optional(),
  /** Checked by the strategy module (`parseStrategyOverrides` + `mergeStrategy`), whose codes the client gets. */
  overrides: z.unknown().optional(),
});

/** A watched wallet as the API shows it: the strategy with its merged result, and the webhook sync status. */
function walletView(w: CopyWallet) {
  const template = w.strategyTemplate as StrategyTemplateName;
  return {
    address: w.address,
    label: w.label,
    mode: w.mode,
    strategy: {
      template,
      overrides: w.strategyOverrides,
      effective: mergeStrategy(STRATEGY_TEMPLATES[template], parseStrategyOverrides(w.strategyOverrides)),
    },
    discoverySource: w.discoverySource,
    notes: w.notes,
    active: w.active,
    sync: { status: w.syncStatus, error: w.syncError, syncedAt: w.syncedAt?.toISOString() ?? null },
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** Validates overrides over a template; the strategy module's error code goes back to the client as is (400). */
function checkStrategy(template: StrategyTemplateName, overrides: unknown): Record<string, unknown> {
  const parsed = parseStrategyOverrides(overrides ?? {});
  mergeStrategy(STRATEGY_TEMPLATES[template], parsed);
  return parsed as Record<string, unknown>;
}

/** JSON with object keys sorted: jsonb does not keep key order, so stored and sent objects compare by value. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

function changesAnything(before: CopyWallet, changes: CopyWalletChanges): boolean {
  return (Object.keys(changes) as (keyof CopyWalletChanges)[]).some((k) =>
    k === 'strategyOverrides'
      ? canonical(changes[k]) !== canonical(before[k])
      : changes[k] !== undefined && changes[k] !== before[k],
  );
}

function sendStrategyError(reply: FastifyReply, e: StrategyError): FastifyReply {
  return reply.status(400).send({ error: e.code, message: e.message, details: { issues: e.issues } });
}

const notInWatchlist = (reply: FastifyReply, address: string): FastifyReply =>
  reply.status(404).send({
    error: 'COPY_WALLET_NOT_FOUND',
    message: `${address} is not in the copy-trading watchlist`,
    details: { address },
  });

/**
 * Copy trading, for signed-in subjects only (401 otherwise): the watchlist here —
 * `GET|POST /v1/copytrade/wallets`, `PATCH|DELETE /v1/copytrade/wallets/:address` — and, registered in this
 * scope (so the same check applies), the signals, the desk's reads, the config and the SSE stream.
 * DELETE is a soft delete (active = false): the wallet's signals keep their wallet, a later swap of it is
 * recorded as `ignored_inactive`, and PATCH `{active: true}` brings it back with its settings. Every change is
 * audited (who, before, after) in the transaction that makes it; the webhook follows on the next
 * `syncWatchlist`, and `sync.status` shows whether it has.
 */
export function copytradeRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
  hub?: NotificationHub,
): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const database = services.database;
    const addressParam = z.object({ address: z.string().max(64) });
    // Before body validation: a caller who is not signed in learns that first (401), not that the body is wrong.
    app.addHook('onRequest', (request, _reply, done) => {
      requireSubject(request);
      done();
    });

    /**
     * Reads (locked), changes and audits one wallet in one transaction; null when it is not in the watchlist.
     * An edit that changes nothing writes nothing (no audit row). A `StrategyError` of `changesFor` rolls back.
     */
    const change = (
      subject: string,
      address: string,
      action: CopytradeAuditAction,
      changesFor: (before: CopyWallet) => CopyWalletChanges | StrategyError,
    ): Promise<ReturnType<typeof walletView> | StrategyError | null> =>
      database.transaction(async (tx) => {
        const before = await getCopyWallet(tx, address, { forUpdate: true });
        if (before === null) return null;
        const changes = changesFor(before);
        // Returned, not thrown: the transaction would take its `code` for a driver's SQLSTATE and wrap it.
        if (changes instanceof StrategyError) return changes;
        if (!changesAnything(before, changes)) return walletView(before);
        const after = await updateCopyWallet(tx, address, changes, clock());
        if (after === null)
          throw new OofError('INVARIANT_BROKEN', `watched wallet ${address} vanished under a lock`);
        const view = walletView(after);
        await appendCopytradeAudit(tx, {
          subject,
          action,
          target: address,
          before: walletView(before),
          after: view,
          at: after.updatedAt,
        });
        return view;
      });

    r.get('/v1/copytrade/wallets', async (request) => {
      requireSubject(request);
      return { wallets: (await listCopyWallets(database.db)).map(walletView) };
    });

    r.post(
      '/v1/copytrade/wallets',
      {
        schema: {
          body: z.strictObject({
            address: z.string().max(64),
            label: text(100).nullish(),
            mode: z.enum(COPY_MODES).default('simulation'),
            strategy: strategyBody.optional(),
            discoverySource: text(200).nullish(),
            notes: text(2000).nullish(),
          }),
        },
      },
      async (request, reply) => {
        const subject = requireSubject(request);
        const body = request.body;
        const address = parseWalletAddress(body.address);
        const template = body.strategy?.template ?? 'default';
        let overrides: Record<string, unknown>;
        try {
          overrides = checkStrategy(template, body.strategy?.overrides);
        } catch (e) {
          if (e instanceof StrategyError) return sendStrategyError(reply, e);
          throw e;
        }
        const created = await database.transaction(async (tx) => {
          const now = clock();
          const row = await insertCopyWallet(
            tx,
            {
              address,
              label: body.label ?? null,
              mode: body.mode,
              strategyTemplate: template,
              strategyOverrides: overrides,
              discoverySource: body.discoverySource ?? null,
              notes: body.notes ?? null,
            },
            now,
          );
          if (row === null) return null;
          const after = walletView(row);
          await appendCopytradeAudit(tx, {
            subject: subject.key,
            action: 'wallet.create',
            target: address,
            before: null,
            after,
            at: now,
          });
          return after;
        });
        if (created === null) {
          return reply.status(409).send({
            error: 'COPY_WALLET_EXISTS',
            message: `${address} is already in the watchlist; change it with PATCH (active: true to bring it back)`,
            details: { address },
          });
        }
        return reply.status(201).send(created);
      },
    );

    r.patch(
      '/v1/copytrade/wallets/:address',
      {
        schema: {
          params: addressParam,
          body: z.strictObject({
            label: text(100).nullable().optional(),
            mode: z.enum(COPY_MODES).optional(),
            strategy: strategyBody.optional(),
            notes: text(2000).nullable().optional(),
            active: z.boolean().optional(),
          }),
        },
      },
      async (request, reply) => {
        const subject = requireSubject(request);
        const address = parseWalletAddress(request.params.address);
        const body = request.body;
        const changesFor = (current: CopyWallet): CopyWalletChanges | StrategyError => {
          const changes: { -readonly [K in keyof CopyWalletChanges]: CopyWalletChanges[K] } = {};
          if (body.label !== undefined) changes.label = body.label;
          if (body.mode !== undefined) changes.mode = body.mode;
          if (body.notes !== undefined) changes.notes = body.notes;
          if (body.active !== undefined) changes.active = body.active;
          if (body.strategy !== undefined) {
            // A new template keeps the current overrides unless new ones come too; the pair is validated whole.
            const template = body.strategy.template ?? (current.strategyTemplate as StrategyTemplateName);
            const overrides = body.strategy.overrides ?? current.strategyOverrides;
            try {
              changes.strategyOverrides = checkStrategy(template, overrides);
            } catch (e) {
              if (e instanceof StrategyError) return e;
              throw e;
            }
            changes.strategyTemplate = template;
          }
          return changes;
        };
        const updated = await change(subject.key, address, 'wallet.update', changesFor);
        if (updated instanceof StrategyError) return sendStrategyError(reply, updated);
        return updated ?? notInWatchlist(reply, address);
      },
    );

    r.delete(
      '/v1/copytrade/wallets/:address',
      { schema: { params: addressParam } },
      async (request, reply) => {
        const subject = requireSubject(request);
        const address = parseWalletAddress(request.params.address);
        const removed = await change(subject.key, address, 'wallet.deactivate', () => ({ active: false }));
        return removed ?? notInWatchlist(reply, address);
      },
    );

    await app.register(copytradeSignalRoutes(services, clock));
    await app.register(copytradeDeskRoutes(services, clock));
    await app.register(copytradeConfigRoutes(services, clock));
    await app.register(copytradePositionStrategyRoutes(services, clock));
    if (hub !== undefined) await app.register(copytradeStreamRoutes(hub));
  };
}
