import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { isOofError } from '../../core/errors/oof-error.ts';

/** The `access` section: defaults, environment names, and the file and environment merged per field. */
const emptyDir = (): string => mkdtempSync(join(tmpdir(), 'oof-access-config-'));

describe('access configuration', () => {
  it('defaults: no provider, no CORS origin, 1 h sessions, 5 min nonces', () => {
    expect(loadConfig({}, emptyDir()).access).toEqual({
      sessionTtlSec: 3600,
      nonceTtlSec: 300,
      signInDomain: 'oof',
      corsOrigins: [],
      rateLimit: { perIpMax: 300, perIpWindowMs: 60_000, perSubjectMax: 120, perSubjectWindowMs: 60_000 },
    });
  });

  it('reads the OOF_* variables', () => {
    const access = loadConfig(
      {
        OOF_JWKS_URL: 'https://idp.example/.well-known/jwks',
        OOF_JWT_ISSUER: 'idp.example/env',
        OOF_JWT_AUDIENCE: 'https://oof.app',
        OOF_SESSION_SECRET: 's'.repeat(32),
        OOF_CORS_ORIGINS: 'https://oof.app, http://localhost:5173',
        OOF_RATE_LIMIT_IP_MAX: '50',
        OOF_RATE_LIMIT_SUBJECT_WINDOW_MS: '30000',
      },
      emptyDir(),
    ).access;
    expect(access).toMatchObject({
      jwksUrl: 'https://idp.example/.well-known/jwks',
      jwtIssuer: 'idp.example/env',
      jwtAudience: 'https://oof.app',
      corsOrigins: ['https://oof.app', 'http://localhost:5173'],
      rateLimit: { perIpMax: 50, perIpWindowMs: 60_000, perSubjectMax: 120, perSubjectWindowMs: 30_000 },
    });
  });

  it('merges the file and the environment field by field', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'oof.yaml'),
      'access:\n  corsOrigins: [https://oof.app]\n  rateLimit: { perSubjectMax: 10 }\n',
    );
    const access = loadConfig({ OOF_SESSION_SECRET: 'x'.repeat(40), OOF_RATE_LIMIT_IP_MAX: '7' }, dir).access;
    expect(access.corsOrigins).toEqual(['https://oof.app']);
    expect(access.sessionSecret).toBe('x'.repeat(40));
    expect(access.rateLimit).toMatchObject({ perIpMax: 7, perSubjectMax: 10 });
  });

  it.each([
    [{ OOF_CORS_ORIGINS: 'https://oof.app/' }, 'access.corsOrigins.0'],
    [{ OOF_SESSION_SECRET: 'short' }, 'access.sessionSecret'],
    [{ OOF_JWKS_URL: 'https://idp.example/jwks' }, 'access.jwtIssuer'],
  ])('refuses %o (%s)', (env, path) => {
    let error: unknown;
    try {
      loadConfig(env, emptyDir());
    } catch (e) {
      error = e;
    }
    expect(isOofError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(path);
  });
});
