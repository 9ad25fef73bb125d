import type { FastifyRequest } from 'fastify';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Plan } from '../../store/analytics/analyses.repository.ts';

export type SubjectKind = 'user' | 'wallet' | 'anonymous';

/** Who is calling: set on every request by the access plugin (`request.subject`). */
export interface Subject {
  readonly kind: SubjectKind;
  /** The JWT `sub` (user), the wallet address (wallet sign-in), or the client IP (anonymous). */
  readonly id: string;
  /**
   * `user:<sub>`, `wallet:<address>` or `anonymous:<ip>`: the key of `user_plans`, of the per-subject rate
   * limit, and what to store in `analyses.subject` / pass to `chargeWalletQuota`.
   */
  readonly key: string;
  /** The subject's plan code (`FREE`, `LITE`, `PRO`; FREE without a `user_plans` row and for anonymous). */
  readonly plan: string;
  /**
   * That plan's row with `walletsPerDay` raised by the staking boost: the `plan` to pass to `chargeWalletQuota`
   * (and whose `backfillDays` and ceilings bound the analysis).
   */
  readonly limits: Plan;
  /** Extra new wallets per day from staking, already included in `limits.walletsPerDay`. */
  readonly stakingBoost: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null only on routes registered outside the access plugin. */
    subject: Subject | null;
  }
}

export const subjectKey = (kind: SubjectKind, id: string): string => `${kind}:${id}`;

/** The plan with the boost applied to its daily wallet quota (the only limit staking raises). */
export function effectivePlan(plan: Plan, stakingBoost: number): Plan {
  return { ...plan, walletsPerDay: plan.walletsPerDay + stakingBoost };
}

/** The caller, anonymous included (anonymous = per-IP FREE plan). For routes open to everyone. */
export function currentSubject(request: FastifyRequest): Subject {
  const subject = request.subject;
  if (subject === null) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `route ${request.method} ${request.routeOptions.url ?? request.url} is not behind the access plugin: ` +
        'register accessPlugin before the routes that read the subject',
    );
  }
  return subject;
}

/** The signed-in caller (user or wallet token); `AUTH_REQUIRED` (401) without a bearer token. */
export function requireSubject(request: FastifyRequest): Subject & { kind: 'user' | 'wallet' } {
  const subject = currentSubject(request);
  if (subject.kind === 'anonymous') {
    throw new OofError(
      'AUTH_REQUIRED',
      'this request needs a bearer token: sign in with a wallet (POST /v1/auth/nonce, then /v1/auth/verify) ' +
        'or send your identity provider token as "Authorization: Bearer <token>"',
    );
  }
  return subject as Subject & { kind: 'user' | 'wallet' };
}
