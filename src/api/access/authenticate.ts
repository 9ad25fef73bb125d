import { decodeProtectedHeader } from 'jose';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Plan } from '../../store/analytics/analyses.repository.ts';
import type { SubjectPlan } from '../../store/access/user-plans.repository.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import type { SessionTokens } from './session-tokens.ts';
import { effectivePlan, subjectKey, type Subject, type SubjectKind } from './subject.ts';

export interface Authenticator {
  /** The subject of an `Authorization` header value (anonymous without one); throws the AUTH_* errors. */
  (authorization: string | undefined, ip: string, now: Date): Promise<Subject>;
}

export interface AuthenticatorDeps {
  /** Absent when no JWKS is configured: provider tokens are then refused. */
  readonly verifyProviderToken?: JwtVerifier;
  readonly sessions: SessionTokens;
  readonly planOf: (subjectKey: string) => Promise<SubjectPlan>;
  /** The anonymous plan (FREE), cached by the caller: anonymous requests never touch the database. */
  readonly anonymousPlan: () => Promise<Plan>;
}

/**
 * Bearer tokens of two kinds share the header: our HS256 wallet sessions and the provider's RS256/ES256 user
 * tokens. The header's `alg` picks the verifier; each verifier accepts only its own algorithms, so a token
 * cannot be steered to the other one.
 */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const anonymousPlanFields = async (): Promise<Pick<Subject, 'plan' | 'limits' | 'stakingBoost'>> => {
    const plan = await deps.anonymousPlan();
    return { plan: plan.code, limits: plan, stakingBoost: 0 };
  };
  return async (authorization, ip, now) => {
    if (authorization === undefined || authorization.trim() === '') {
      return {
        kind: 'anonymous',
        id: ip,
        key: subjectKey('anonymous', ip),
        ...(await anonymousPlanFields()),
      };
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
    if (token === undefined) {
      throw new OofError('AUTH_TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    }
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new OofError('AUTH_TOKEN_INVALID', 'the bearer token is not a JWT');
    }
    let kind: SubjectKind;
    let id: string;
    if (alg === 'HS256') {
      kind = 'wallet';
      id = await deps.sessions.verify(token, now);
    } else {
      if (deps.verifyProviderToken === undefined) {
        throw new OofError(
          'AUTH_TOKEN_INVALID',
          'this server accepts only wallet session tokens (no identity provider is configured)',
        );
      }
      kind = 'user';
      id = (await deps.verifyProviderToken(token, now)).subject;
    }
    const key = subjectKey(kind, id);
    const { plan, stakingBoost } = await deps.planOf(key);
    return { kind, id, key, plan: plan.code, limits: effectivePlan(plan, stakingBoost), stakingBoost };
  };
}
