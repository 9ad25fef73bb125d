import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { OofError } from '../../core/errors/oof-error.ts';

const LIMIT_KEY = Symbol('oof.rateLimitKey');

export interface RateLimitSettings {
  readonly perIpMax: number;
  readonly perIpWindowMs: number;
  readonly perSubjectMax: number;
  readonly perSubjectWindowMs: number;
}

/** Counts one request against a key; throws `RATE_LIMITED` (with `Retry-After`) when the window is full. */
export type Limiter = (request: FastifyRequest, reply: FastifyReply, key: string) => Promise<void>;

/**
 * Two fixed-window limiters from @fastify/rate-limit, one per IP and one per signed-in subject, each in its own
 * encapsulated context so each has its own store and namespace. With Redis the counts are shared by every API
 * process; without it they live in this process. A store error lets the request through (`skipOnError`):
 * losing rate limiting for a moment is better than refusing all traffic while Redis is down.
 */
export async function createLimiters(
  app: FastifyInstance,
  settings: RateLimitSettings,
  redis: Redis | undefined,
): Promise<{ perIp: Limiter; perSubject: Limiter }> {
  const make = async (name: string, max: number, timeWindow: number): Promise<Limiter> => {
    let check: ReturnType<FastifyInstance['createRateLimit']> | undefined;
    await app.register(async (child) => {
      await child.register(rateLimit, {
        global: false,
        max,
        timeWindow,
        skipOnError: true,
        // The key is computed by the access hook and handed over on the request.
        keyGenerator: (request) =>
          (request as FastifyRequest & { [LIMIT_KEY]?: string })[LIMIT_KEY] ?? request.ip,
        nameSpace: `oof:rate:${name}:`,
        ...(redis === undefined ? {} : { redis }),
      });
      check = child.createRateLimit();
    });
    const limit = check;
    if (limit === undefined) throw new OofError('INVARIANT_BROKEN', 'the rate limiter was not created');
    return async (request, reply, key) => {
      (request as FastifyRequest & { [LIMIT_KEY]?: string })[LIMIT_KEY] = key;
      const result = await limit(request);
      if (result.isAllowed) return;
      const resetSec = Math.max(0, result.ttlInSeconds);
      // A signed-in request is checked per IP, then per subject: the subject's counts replace the IP's here.
      reply.header('x-ratelimit-limit', result.max);
      reply.header('x-ratelimit-remaining', result.remaining);
      reply.header('x-ratelimit-reset', resetSec);
      if (!result.isExceeded) return;
      reply.header('retry-after', Math.max(1, resetSec));
      throw new OofError(
        'RATE_LIMITED',
        `too many requests (${result.max} per ${Math.round(timeWindow / 1000)} s ${name === 'ip' ? 'per IP' : 'per account'}); retry in ${Math.max(1, resetSec)} s`,
        { limit: result.max, retryAfterMs: Math.max(0, result.ttl), scope: name },
      );
    };
  };
  return {
    perIp: await make('ip', settings.perIpMax, settings.perIpWindowMs),
    perSubject: await make('subject', settings.perSubjectMax, settings.perSubjectWindowMs),
  };
}
