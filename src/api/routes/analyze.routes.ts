import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { startAnalysis } from '../../analyze/start-analysis.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { getAnalysis, listAnalysisEvents } from '../../store/analytics/analyses.repository.ts';
import { ANALYSIS_EVENTS_CHANNEL } from '../../store/analytics/analysis-notify.ts';
import { PLAN_CODES } from '../../store/schema/analytics-tables.ts';
import { lastEventId, openSse } from '../sse/sse-stream.ts';
import type { NotificationHub } from '../sse/notification-hub.ts';
import { currentSubject } from '../access/subject.ts';
import { getPlan } from '../../store/analytics/analyses.repository.ts';
import { OofError } from '../../core/errors/oof-error.ts';

/** Polling backs LISTEN/NOTIFY up: a notification lost with a dropped connection costs at most this delay. */
const POLL_MS = 2_000;

/**
 * `POST /v1/analyze` starts (or resumes) one analysis per wallet and returns their ids; the worker runs them.
 * `GET /v1/analyze/:id` is the analysis' state; `GET /v1/analyze/:id/stream` is its events as SSE (`progress`,
 * `moment`, `done`, `error`), replayed from `Last-Event-ID` and then live, whichever process runs the analysis.
 */
export function analyzeRoutes(
  services: CoreServices,
  hub: NotificationHub,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/v1/analyze',
      {
        schema: {
          body: z.object({
            wallets: z.array(z.string().max(64)).min(1).max(25),
            planCode: z.enum(PLAN_CODES).optional(),
            linkedWallets: z.array(z.string().max(64)).max(25).optional(),
          }),
        },
      },
      async (request, reply) => {
        const subject = currentSubject(request);
        const now = clock();
        // A request may ask for a shallower plan than the caller's, never a deeper one.
        let plan = subject.limits;
        const asked = request.body.planCode;
        if (asked !== undefined && asked !== plan.code) {
          const lower = await getPlan(services.database.db, asked);
          if (lower.backfillDays > plan.backfillDays) {
            throw new OofError(
              'PLAN_NOT_ALLOWED',
              `plan ${asked} is above your plan ${plan.code}: upgrade, or omit planCode to use ${plan.code}`,
              { asked, plan: plan.code },
            );
          }
          plan = { ...lower, walletsPerDay: plan.walletsPerDay };
        }
        const analyses = [];
        for (const wallet of request.body.wallets) {
          const started = await startAnalysis(services.database, {
            wallet,
            plan,
            subject: subject.key,
            ...(request.body.linkedWallets === undefined
              ? {}
              : { linkedWallets: request.body.linkedWallets }),
            now,
          });
          analyses.push({
            jobId: started.analysis.id,
            wallet: started.analysis.wallet,
            plan: started.plan.code,
            status: started.analysis.status,
            resumed: started.resumed,
            window: {
              from: started.analysis.windowFrom.toISOString(),
              to: started.analysis.windowTo.toISOString(),
            },
            stream: `/v1/analyze/${started.analysis.id}/stream`,
          });
        }
        return reply.status(202).send({ jobId: analyses[0]?.jobId, analyses });
      },
    );

    r.get('/v1/analyze/:id', { schema: { params: z.object({ id: z.string().uuid() }) } }, async (request) => {
      const a = await getAnalysis(services.database.db, request.params.id);
      return {
        jobId: a.id,
        wallet: a.wallet,
        plan: a.planCode,
        status: a.status,
        runs: a.runs,
        window: { from: a.windowFrom.toISOString(), to: a.windowTo.toISOString() },
        summary: a.summary,
        error: a.error,
        updatedAt: a.updatedAt.toISOString(),
      };
    });

    r.get(
      '/v1/analyze/:id/stream',
      {
        schema: {
          params: z.object({ id: z.string().uuid() }),
          querystring: z.object({ lastEventId: z.string().regex(/^\d+$/).optional() }),
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        await getAnalysis(services.database.db, id); // 404 before the stream opens
        let last = lastEventId(request);
        const stream = openSse(request, reply);
        let busy: Promise<void> = Promise.resolve();
        const drain = (): Promise<void> =>
          (busy = busy
            .then(async () => {
              if (stream.closed) return;
              const events = await listAnalysisEvents(services.database.db, id, last);
              for (const e of events) {
                stream.send({ id: e.seq, event: e.kind, data: e.data });
                last = e.seq;
                // The analysis is over: a final `done` (not a partial run's) or an `error` with no run left.
                const d = e.data as { status?: string };
                if (e.kind === 'done' && d.status === 'done') stream.close();
              }
            })
            .catch((err: unknown) => {
              request.log.warn({ err }, 'analysis stream read failed; the next poll retries');
            }));
        const unsubscribe = await hub.subscribe(ANALYSIS_EVENTS_CHANNEL, (payload) => {
          if (payload.startsWith(`${id}:`)) void drain();
        });
        const poll = setInterval(() => void drain(), POLL_MS);
        stream.onClose(() => {
          clearInterval(poll);
          unsubscribe();
        });
        await drain();
      },
    );
    return Promise.resolve();
  };
}
