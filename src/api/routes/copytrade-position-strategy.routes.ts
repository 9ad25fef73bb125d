import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notifyCopytrade } from '../../copytrade/engine/engine-notify.ts';
import { PositionError } from '../../copytrade/positions/position-error.ts';
import { applyPositionEvent, type PositionEvent } from '../../copytrade/positions/position-events.ts';
import { mergeStrategy, parseStrategyOverrides } from '../../copytrade/strategy/merge-strategy.ts';
import { StrategyError } from '../../copytrade/strategy/strategy-error.ts';
import {
  STRATEGY_TEMPLATES,
  type StrategyTemplateName,
} from '../../copytrade/strategy/strategy-templates.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { getPosition, savePosition } from '../../store/copytrade/copy-positions.repository.ts';
import { getCopyWallet } from '../../store/copytrade/copy-wallets.repository.ts';
import { appendCopytradeAudit } from '../../store/copytrade/copytrade-audit.repository.ts';
import { requireSubject } from '../access/subject.ts';
import { positionView } from './copytrade-views.ts';

/**
 * `PUT /v1/copytrade/positions/:id/strategy` — the position level of the config hierarchy: overrides merged
 * over the source wallet's strategy (its template and overrides), validated, applied as a STRATEGY_CHANGED event
 * of the open position (409 while a sell is in flight or once it is closed), audited.
 */
export function copytradePositionStrategyRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.put(
      '/v1/copytrade/positions/:id/strategy',
      {
        schema: {
          params: z.object({ id: z.string().min(1).max(100) }),
          body: z.strictObject({ overrides: z.unknown() }),
        },
      },
      async (request, reply) => {
        const subject = requireSubject(request);
        const id = request.params.id;
        const result = await services.database.transaction(async (tx) => {
          const stored = await getPosition(tx, id);
          if (stored === null)
            return { status: 404, error: 'COPY_POSITION_NOT_FOUND', message: `no position ${id}` };
          const wallet = await getCopyWallet(tx, stored.position.wallet);
          const template =
            STRATEGY_TEMPLATES[(wallet?.strategyTemplate ?? 'default') as StrategyTemplateName] ??
            STRATEGY_TEMPLATES.default;
          try {
            const walletStrategy = mergeStrategy(
              template,
              parseStrategyOverrides(wallet?.strategyOverrides ?? {}),
            );
            const overrides = parseStrategyOverrides(request.body.overrides ?? {});
            const event: PositionEvent = {
              type: 'STRATEGY_CHANGED',
              strategy: mergeStrategy(walletStrategy, overrides),
              overrides,
              atMs: clock().getTime(),
            };
            const next = applyPositionEvent(stored.position, event);
            const version = await savePosition(tx, stored.version, next, [event]);
            await appendCopytradeAudit(tx, {
              subject: subject.key,
              action: 'config.position.update',
              target: id,
              before: stored.position.strategyOverrides,
              after: overrides,
              at: clock(),
            });
            await notifyCopytrade(tx, { type: 'position', positionId: id, status: next.status });
            return { view: positionView({ ...stored, position: next, version }) };
          } catch (e) {
            if (e instanceof StrategyError) return { status: 400, error: e.code, message: e.message };
            if (e instanceof PositionError) {
              return { status: e.kind === 'conflict' ? 409 : 400, error: e.code, message: e.message };
            }
            throw e;
          }
        });
        if ('view' in result) return result.view;
        return reply
          .status(result.status)
          .send({ error: result.error, message: result.message, details: { id } });
      },
    );
    return Promise.resolve();
  };
}
