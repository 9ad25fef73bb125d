import { describe, expect, it } from 'vitest';
import { OofError } from '../core/errors/oof-error.ts';
import { isDriverError, toTransactionError } from './database-error.ts';

class AppError extends Error {
  readonly code = 'STRATEGY_STOP_LOSS_OUT_OF_RANGE';
}

describe('database errors', () => {
  it('knows a driver error (SQLSTATE, socket code, under a wrapper) from an app error that has a code', () => {
    expect(isDriverError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(true);
    expect(isDriverError(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(true);
    expect(isDriverError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    const wrapped = Object.assign(new Error('Failed query'), {
      cause: Object.assign(new Error('x'), { code: '42P01' }),
    });
    expect(isDriverError(wrapped)).toBe(true);
    expect(isDriverError(new AppError('stop-loss must be between 0 and 1'))).toBe(false);
  });

  it('rethrows the caller’s own errors from a transaction unchanged and wraps the database’s', () => {
    const app = new AppError('bad');
    expect(toTransactionError(app)).toBe(app);
    const wrapped = toTransactionError(Object.assign(new Error('deadlock'), { code: '40P01' }));
    expect(wrapped).toBeInstanceOf(OofError);
    expect((wrapped as OofError).code).toBe('DB_QUERY_FAILED');
  });
});
