import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../decoder/input/parse-json-exact.ts';
import { decodeTxBody, encodeTxBody } from './tx-body.ts';

describe('stored transaction bodies', () => {
  it('round-trip u64 values above 2^53 digit for digit (exchange-size lamport balances)', () => {
    const text = '{"meta":{"preBalances":[18446744073709551615,5000],"fee":5000},"slot":1}';
    const raw = parseJsonExact(text);
    const body = encodeTxBody(raw);
    expect(decodeTxBody(body.bytes, 'k')).toEqual(raw);
    expect((decodeTxBody(body.bytes, 'k') as { meta: { preBalances: unknown[] } }).meta.preBalances[0]).toBe(
      18446744073709551615n,
    );
  });

  it('a corrupt body is a clear error naming the key', () => {
    expect(() => decodeTxBody(new Uint8Array([1, 2, 3]), 'tx/ab/abc.json.br')).toThrow(
      /tx\/ab\/abc\.json\.br is corrupt/,
    );
  });
});
