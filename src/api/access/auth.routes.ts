import { randomBytes } from 'node:crypto';
import { isAddress } from '@solana/kit';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import {
  consumeAuthNonce,
  findUsableAuthNonce,
  insertAuthNonce,
} from '../../store/access/auth-nonces.repository.ts';
import type { Db } from '../../store/database.ts';
import type { SessionTokens } from './session-tokens.ts';
import { signInMessage } from './sign-in-message.ts';
import { isWalletSignatureValid } from './wallet-signature.ts';

export interface AuthRoutesOptions {
  readonly db: Db;
  readonly sessions: SessionTokens;
  readonly signInDomain: string;
  readonly nonceTtlSec: number;
  readonly now: () => Date;
}

const wallet = z.string().refine(isAddress, 'expected a base58 Solana address (32 bytes)');

/**
 * Wallet sign-in: `POST /v1/auth/nonce {wallet}` hands out a single-use message to sign;
 * `POST /v1/auth/verify {wallet, signature, nonce}` checks the ed25519 signature over exactly that message,
 * consumes the nonce and returns a session token for `Authorization: Bearer`.
 */
export function authRoutes(options: AuthRoutesOptions) {
  const { db, sessions, now } = options;
  // A stale token in the header must not stop a client from signing in again.
  const config = { skipAuthentication: true };
  return (root: FastifyInstance): Promise<void> => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/v1/auth/nonce',
      { config, schema: { body: z.object({ wallet }).strict() } },
      async (request) => {
        const issuedAt = now();
        const expiresAt = new Date(issuedAt.getTime() + options.nonceTtlSec * 1000);
        const nonce = randomBytes(16).toString('hex');
        const message = signInMessage({
          domain: options.signInDomain,
          wallet: request.body.wallet,
          nonce,
          issuedAt,
          expiresAt,
        });
        await insertAuthNonce(
          db,
          { nonce, wallet: request.body.wallet, message, issuedAt, expiresAt },
          issuedAt,
        );
        return { nonce, message, expiresAt: expiresAt.toISOString() };
      },
    );

    app.post(
      '/v1/auth/verify',
      {
        config,
        schema: {
          body: z
            .object({
              wallet,
              signature: z
                .string()
                .regex(/^[1-9A-HJ-NP-Za-km-z]{64,90}$/, 'expected a base58 ed25519 signature'),
              nonce: z.string().min(1).max(128),
            })
            .strict(),
        },
      },
      async (request) => {
        const { wallet: address, signature, nonce } = request.body;
        const at = now();
        const nonceInvalid = (): OofError =>
          new OofError(
            'AUTH_NONCE_INVALID',
            'this sign-in nonce is unknown, already used, expired or was issued to another wallet: ' +
              'ask POST /v1/auth/nonce for a new one',
            { wallet: address },
          );
        const stored = await findUsableAuthNonce(db, nonce, address, at);
        if (stored === null) throw nonceInvalid();
        if (!isWalletSignatureValid(address, stored.message, signature)) {
          throw new OofError(
            'AUTH_SIGNATURE_INVALID',
            'the signature is not this wallet\'s ed25519 signature of the sign-in message (sign the "message" ' +
              'returned by /v1/auth/nonce, unchanged, with this wallet)',
            { wallet: address },
          );
        }
        // Consumed only after a good signature, in one conditional UPDATE: a concurrent replay loses here.
        if (!(await consumeAuthNonce(db, nonce, address, at))) throw nonceInvalid();
        const session = await sessions.issue(address, at);
        return { token: session.token, expiresAt: session.expiresAt.toISOString() };
      },
    );
    return Promise.resolve();
  };
}
