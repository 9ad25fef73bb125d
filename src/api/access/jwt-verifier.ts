import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { OofError } from '../../core/errors/oof-error.ts';

export interface JwtVerifierOptions {
  /** The identity provider's JWKS (Dynamic: `.../sdk/<environment id>/.well-known/jwks`). */
  readonly jwksUrl: string;
  readonly issuer: string;
  /** Checked when set. */
  readonly audience?: string;
  /**
   * Minimum time between two JWKS fetches. A token whose `kid` is not in the cached set triggers a refetch (key
   * rotation) only once this long after the last one, so forged kids cannot make us hammer the provider.
   */
  readonly cooldownMs?: number;
  /** Keys are refetched after this age even when every kid is known (revoked keys drop out). */
  readonly cacheMaxAgeMs?: number;
  readonly timeoutMs?: number;
  readonly clockToleranceSec?: number;
}

export interface VerifiedToken {
  /** The token's `sub`: the provider's user id. */
  readonly subject: string;
  readonly claims: JWTPayload;
}

/** Verifies a provider token; throws `AUTH_TOKEN_EXPIRED`, `AUTH_TOKEN_INVALID` or `AUTH_JWKS_UNAVAILABLE`. */
export type JwtVerifier = (token: string, now: Date) => Promise<VerifiedToken>;

/** Asymmetric algorithms only: HS256 from a provider would mean a shared secret, which a JWKS cannot carry. */
const PROVIDER_ALGORITHMS = ['RS256', 'ES256'];

/** User tokens from a JWKS (Dynamic-style): keys cached, refetched on an unknown kid after the cooldown. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    timeoutDuration: options.timeoutMs ?? 5_000,
  });
  return async (token, now) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        algorithms: PROVIDER_ALGORITHMS,
        issuer: options.issuer,
        ...(options.audience === undefined ? {} : { audience: options.audience }),
        requiredClaims: ['sub', 'exp'],
        clockTolerance: options.clockToleranceSec ?? 5,
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        throw new OofError('AUTH_TOKEN_INVALID', 'the bearer token has no subject (sub)');
      }
      return { subject: payload.sub, claims: payload };
    } catch (e) {
      throw toAuthError(e, 'provider');
    }
  };
}

/**
 * Our error for a failed verification. Key-set problems are ours or the provider's (503, retry); everything
 * else says the token is not acceptable (401). `who` goes into the message only.
 */
export function toAuthError(e: unknown, who: 'provider' | 'session'): OofError {
  if (e instanceof OofError) return e;
  if (e instanceof errors.JWTExpired) {
    return new OofError('AUTH_TOKEN_EXPIRED', 'the bearer token has expired: sign in again', {
      expiredAt: typeof e.payload.exp === 'number' ? new Date(e.payload.exp * 1000).toISOString() : null,
    });
  }
  if (e instanceof errors.JWTClaimValidationFailed) {
    return new OofError('AUTH_TOKEN_INVALID', `the bearer token was rejected: ${e.message}`, {
      claim: e.claim,
      reason: e.reason,
    });
  }
  if (e instanceof errors.JWKSNoMatchingKey) {
    return new OofError(
      'AUTH_TOKEN_INVALID',
      'the bearer token is signed by a key the identity provider does not list',
    );
  }
  if (
    e instanceof errors.JWKSTimeout ||
    e instanceof errors.JWKSInvalid ||
    !(e instanceof errors.JOSEError) ||
    e.code === 'ERR_JOSE_GENERIC'
  ) {
    // fetch errors (TypeError), a non-200 answer (JOSEError generic) or a body that is not a key set.
    return new OofError(
      'AUTH_JWKS_UNAVAILABLE',
      `cannot load the identity provider's keys to check the token: ${(e as Error).message}`,
      {},
      e,
    );
  }
  return new OofError(
    'AUTH_TOKEN_INVALID',
    who === 'provider'
      ? `the bearer token is not a valid token of the identity provider (${e.code})`
      : `the bearer token is not a valid session token (${e.code})`,
  );
}
