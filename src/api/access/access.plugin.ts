import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../core/config/config.ts';
import { getSubjectPlan } from '../../store/access/user-plans.repository.ts';
import { getPlan, type Plan } from '../../store/analytics/analyses.repository.ts';
import type { Db } from '../../store/database.ts';
import { answerAuthErrorsWith401 } from './auth-error-status.ts';
import { authRoutes } from './auth.routes.ts';
import { createAuthenticator } from './authenticate.ts';
import { registerCors } from './cors.ts';
import { createJwtVerifier, type JwtVerifierOptions } from './jwt-verifier.ts';
import { createLimiters } from './rate-limits.ts';
import { createSessionTokens } from './session-tokens.ts';
import { subjectKey, type Subject } from './subject.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The access hook does not read the bearer token (sign-in routes: a stale token must not block them). */
    skipAuthentication?: boolean;
    /** The route authenticates its callers itself (webhook secret): no bearer parsing, no rate limit. */
    ownAuthentication?: boolean;
  }
}

export interface AccessPluginOptions {
  readonly config: Config;
  readonly db: Db;
  /** Shared rate-limit counts; default: a client of `config.redisUrl` when set (closed with the app), else none. */
  readonly redis?: Redis;
  /** The clock of tokens, nonces and sessions. */
  readonly now?: () => Date;
  /** JWKS cache tuning (tests shorten the rotation cooldown). */
  readonly jwks?: Pick<JwtVerifierOptions, 'cooldownMs' | 'cacheMaxAgeMs' | 'timeoutMs'>;
}

/** How long the anonymous (FREE) plan is cached: plans change only with a migration. */
const ANONYMOUS_PLAN_TTL_MS = 5 * 60_000;

/**
 * API access (SPEC §3): CORS, per-IP and per-subject rate limits, `request.subject` from the bearer token
 * (wallet session or identity-provider JWT; anonymous without one), and the wallet sign-in routes. Register it
 * before the routes it must cover: its hooks and 401 mapping apply to routes declared after it.
 */
export async function accessPlugin(app: FastifyInstance, options: AccessPluginOptions): Promise<void> {
  const { config, db } = options;
  const access = config.access;
  const now = options.now ?? (() => new Date());

  answerAuthErrorsWith401(app);
  app.decorateRequest('subject', null);
  await registerCors(app, access.corsOrigins);

  let redis = options.redis;
  if (redis === undefined && config.redisUrl !== undefined) {
    // No offline queue: while Redis is unreachable a count fails at once and the request goes through, rather
    // than every request waiting for a reconnect.
    const client = new Redis(config.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    client.on('error', (err: Error) => app.log.warn({ err }, 'rate-limit Redis unavailable; not counting'));
    app.addHook('onClose', async () => {
      client.disconnect();
      return Promise.resolve();
    });
    // Wait for the connection (or its first failure) so the first requests are counted when Redis is up.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', done);
      client.once('error', done);
    });
    redis = client;
  }
  const limiters = await createLimiters(app, access.rateLimit, redis);

  if (access.sessionSecret === undefined) {
    app.log.warn(
      'OOF_SESSION_SECRET is not set: wallet sessions use a random key of this process and end on restart',
    );
  }
  const sessions = createSessionTokens({
    ...(access.sessionSecret === undefined ? {} : { secret: access.sessionSecret }),
    ttlSec: access.sessionTtlSec,
  });
  const verifyProviderToken =
    access.jwksUrl === undefined || access.jwtIssuer === undefined
      ? undefined
      : createJwtVerifier({
          jwksUrl: access.jwksUrl,
          issuer: access.jwtIssuer,
          ...(access.jwtAudience === undefined ? {} : { audience: access.jwtAudience }),
          ...options.jwks,
        });

  let anonymous: { plan: Plan; loadedAtMs: number } | undefined;
  const anonymousPlan = async (): Promise<Plan> => {
    const at = now().getTime();
    if (anonymous === undefined || at - anonymous.loadedAtMs > ANONYMOUS_PLAN_TTL_MS) {
      anonymous = { plan: await getPlan(db, 'FREE'), loadedAtMs: at };
    }
    return anonymous.plan;
  };
  const authenticate = createAuthenticator({
    ...(verifyProviderToken === undefined ? {} : { verifyProviderToken }),
    sessions,
    planOf: (key) => getSubjectPlan(db, key),
    anonymousPlan,
  });

  const anonymousSubject = async (ip: string): Promise<Subject> => {
    const plan = await anonymousPlan();
    return {
      kind: 'anonymous',
      id: ip,
      key: subjectKey('anonymous', ip),
      plan: plan.code,
      limits: plan,
      stakingBoost: 0,
    };
  };

  app.addHook('onRequest', async (request, reply) => {
    // Routes with their own authentication (webhooks: a shared secret, bursts of deliveries) bypass this layer.
    if (request.routeOptions.config?.ownAuthentication === true) {
      request.subject = await anonymousSubject(request.ip);
      return;
    }
    await limiters.perIp(request, reply, `ip:${request.ip}`);
    if (request.routeOptions.config?.skipAuthentication === true) {
      request.subject = await anonymousSubject(request.ip);
      return;
    }
    const subject = await authenticate(request.headers.authorization, request.ip, now());
    request.subject = subject;
    if (subject.kind !== 'anonymous') await limiters.perSubject(request, reply, subject.key);
  });

  await app.register(
    authRoutes({ db, sessions, signInDomain: access.signInDomain, nonceTtlSec: access.nonceTtlSec, now }),
  );
}

// What fastify-plugin does: run in the parent's context, so the hooks, the decorator and the 401 mapping reach
// the routes registered after this plugin.
Object.defineProperty(accessPlugin, Symbol.for('skip-override'), { value: true });
Object.defineProperty(accessPlugin, Symbol.for('fastify.display-name'), { value: 'oof-access' });
