import { describe, expect, it } from 'vitest';
import { LiveTradingError } from './live-error.ts';
import { decryptSigningKey, encryptSigningKey, parseMasterKey } from './signing-key.ts';

const secret = new Uint8Array(64).map((_, i) => (i * 7 + 3) % 256);
const master = parseMasterKey('0f'.repeat(32));

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof LiveTradingError ? e.code : 'not a LiveTradingError';
  }
};

describe('trading key at rest (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time and no clear bytes in the ciphertext', () => {
    const a = encryptSigningKey(secret, master, 'default');
    const b = encryptSigningKey(secret, master, 'default');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(Buffer.from(a.ciphertext, 'base64').equals(Buffer.from(secret))).toBe(false);
    expect(decryptSigningKey(a, master, 'default')).toEqual(secret);
  });

  it('refuses another master key, another key id, or an edited ciphertext, without key material in the error', () => {
    const enc = encryptSigningKey(secret, master, 'default');
    const other = parseMasterKey(Buffer.alloc(32, 9).toString('base64'));
    expect(codeOf(() => decryptSigningKey(enc, other, 'default'))).toBe('COPYTRADE_KEY_DECRYPT_FAILED');
    expect(codeOf(() => decryptSigningKey(enc, master, 'backup'))).toBe('COPYTRADE_KEY_DECRYPT_FAILED');
    const raw = Buffer.from(enc.ciphertext, 'base64');
    raw[0] = raw[0]! ^ 1;
    const edited = { ...enc, ciphertext: raw.toString('base64') };
    let message = '';
    try {
      decryptSigningKey(edited, master, 'default');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('does not decrypt');
    expect(message).not.toContain(enc.ciphertext);
    expect(message).not.toContain('0f'.repeat(32));
  });

  it('the master key must be set and be 32 bytes; the keypair 64 bytes', () => {
    expect(codeOf(() => parseMasterKey(undefined))).toBe('COPYTRADE_KEY_MISSING');
    expect(codeOf(() => parseMasterKey('  '))).toBe('COPYTRADE_KEY_MISSING');
    expect(codeOf(() => parseMasterKey('abc'))).toBe('COPYTRADE_KEY_INVALID');
    expect(codeOf(() => parseMasterKey('0f'.repeat(31)))).toBe('COPYTRADE_KEY_INVALID');
    expect(codeOf(() => encryptSigningKey(new Uint8Array(32), master, 'default'))).toBe(
      'COPYTRADE_SIGNING_KEY_INVALID',
    );
  });
});
