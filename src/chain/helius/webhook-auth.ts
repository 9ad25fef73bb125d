import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OofError } from '../../core/errors/oof-error.ts';

export interface WebhookAuthOptions {
  /**
   * The `authHeader` configured on the Helius webhook. Helius sends it verbatim as the `Authorization` header
   * of every delivery (it is a shared secret, not a signature).
   */
  readonly authHeader?: string | undefined;
  /** Shared secret of relays that sign the raw body: hex HMAC-SHA256 of the exact bytes received. */
  readonly hmacSecret?: string | undefined;
  /** Header that carries that signature; `x-signature` by default. A `sha256=` prefix is accepted. */
  readonly signatureHeader?: string | undefined;
}

export type HeaderValue = string | string[] | undefined;

/** Digest first, then compare: equal-length buffers for timingSafeEqual, so a length mismatch is not faster. */
function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

function single(value: HeaderValue): string | null {
  return typeof value === 'string' ? value : null;
}

export interface WebhookAuthenticator {
  /** Which schemes are configured, for logs (never the secrets). */
  readonly schemes: readonly ('authorization' | 'hmac')[];
  /** Whether the delivery carries the configured Authorization value or a valid signature of `rawBody`. */
  verify(headers: Readonly<Record<string, HeaderValue>>, rawBody: Buffer): boolean;
}

/**
 * Fails closed: a webhook route without any credential would accept forged deliveries, so building one
 * without `authHeader` or `hmacSecret` is a configuration error.
 */
export function createWebhookAuthenticator(options: WebhookAuthOptions): WebhookAuthenticator {
  const authHeader = options.authHeader ?? '';
  const secret = options.hmacSecret ?? '';
  if (authHeader === '' && secret === '') {
    throw new OofError(
      'CONFIG_INVALID',
      'The Helius webhook route needs a credential: set the webhook authHeader (sent back as Authorization) ' +
        'and/or an HMAC secret for signed relays.',
    );
  }
  const signatureHeader = (options.signatureHeader ?? 'x-signature').toLowerCase();
  const schemes: ('authorization' | 'hmac')[] = [];
  if (authHeader !== '') schemes.push('authorization');
  if (secret !== '') schemes.push('hmac');

  return {
    schemes,
    verify(headers, rawBody) {
      // Both checks always run, so the response time does not tell which one a forgery got close to.
      let ok = false;
      if (authHeader !== '') {
        const given = single(headers.authorization);
        ok = constantTimeEqual(given ?? '', authHeader) && given !== null;
      }
      if (secret !== '') {
        const given = single(headers[signatureHeader]);
        const hex = (given ?? '')
          .trim()
          .replace(/^sha256=/i, '')
          .toLowerCase();
        const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
        ok = (constantTimeEqual(hex, expected) && given !== null) || ok;
      }
      return ok;
    },
  };
}
