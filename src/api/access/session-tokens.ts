import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { toAuthError } from './jwt-verifier.ts';

/** `iss` and `aud` of our own session tokens: a provider token can never pass for one, nor the reverse. */
export const SESSION_ISSUER = 'oof';
export const SESSION_AUDIENCE = 'oof-session';

export interface SessionTokens {
  /** A session for a wallet that proved it holds its key: HS256, `sub` = the wallet address. */
  issue(wallet: string, now: Date): Promise<{ token: string; expiresAt: Date }>;
  /** The wallet of a valid session token; `AUTH_TOKEN_EXPIRED` or `AUTH_TOKEN_INVALID` otherwise. */
  verify(token: string, now: Date): Promise<string>;
}

export interface SessionTokenOptions {
  /** At least 32 characters; unset → a random key for this process only. */
  readonly secret?: string;
  readonly ttlSec: number;
}

export function createSessionTokens(options: SessionTokenOptions): SessionTokens {
  const key =
    options.secret === undefined ? new Uint8Array(randomBytes(32)) : new TextEncoder().encode(options.secret);
  return {
    async issue(wallet, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.ttlSec;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(wallet)
        .setIssuer(SESSION_ISSUER)
        .setAudience(SESSION_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token, now) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: SESSION_ISSUER,
          audience: SESSION_AUDIENCE,
          requiredClaims: ['sub', 'exp'],
          currentDate: now,
        });
        return payload.sub as string;
      } catch (e) {
        throw toAuthError(e, 'session');
      }
    },
  };
}
