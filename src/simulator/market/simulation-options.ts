import { createHash } from 'node:crypto';
import { OofError } from '../../core/errors/oof-error.ts';

/** What `oof simulate` is asked for. Sizes are exact: the archive holds exactly `transactions` transactions. */
export interface SimulationOptions {
  readonly seed: string;
  readonly wallets: number;
  readonly tokens: number;
  readonly days: number;
  readonly transactions: number;
}

export const DEFAULT_SIMULATION = { wallets: 500, tokens: 40, days: 2, transactions: 20_000 } as const;

/**
 * 2025-04-01T00:00:00Z, the month whose program versions the simulator writes (pump.fun before creator fees,
 * PumpSwap at launch), and the mainnet slot near it (slot 345,573,632 was at 1,749,439,190; 400 ms a slot).
 */
const EPOCH_SECONDS = 1_743_465_600;
const EPOCH_SLOT = 330_640_000n;
export const MS_PER_SLOT = 400;

/** Start of the simulated period: the epoch plus a whole number of days (0–13) drawn from the seed. */
export function simulationStart(options: SimulationOptions): { fromTime: number; fromSlot: bigint } {
  const days = createHash('sha256').update(`start:${options.seed}`).digest().readUInt32LE(0) % 14;
  return {
    fromTime: EPOCH_SECONDS + days * 86_400,
    fromSlot: EPOCH_SLOT + BigInt((days * 86_400 * 1000) / MS_PER_SLOT),
  };
}

function invalid(message: string, context: Record<string, unknown> = {}): OofError {
  return new OofError('SIMULATE_OPTIONS_INVALID', message, context);
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`--${name} must be an integer from ${min} to ${max}, got ${value}.`, { [name]: value });
  }
  return value;
}

export function validateSimulationOptions(input: {
  seed: string;
  wallets?: number;
  tokens?: number;
  days?: number;
  transactions?: number;
}): SimulationOptions {
  if (input.seed.length === 0 || input.seed.length > 200) {
    throw invalid('--seed must be a non-empty string of at most 200 characters.');
  }
  const wallets = integerIn('wallets', input.wallets ?? DEFAULT_SIMULATION.wallets, 20, 2_000_000);
  const tokens = integerIn('tokens', input.tokens ?? DEFAULT_SIMULATION.tokens, 1, 100_000);
  const days = input.days ?? DEFAULT_SIMULATION.days;
  if (!Number.isFinite(days) || days * 1440 < 1 || days > 730) {
    throw invalid(`--days must be a positive number from one minute (${1 / 1440}) to 730, got ${days}.`, {
      days,
    });
  }
  const transactions = integerIn(
    'transactions',
    input.transactions ?? DEFAULT_SIMULATION.transactions,
    100,
    100_000_000,
  );
  // Every launch needs its create and a few trades; fewer transactions than that cannot tell each token's story.
  if (transactions < tokens * 20) {
    throw invalid(
      `--transactions must be at least 20 per token (${tokens * 20} for ${tokens} tokens), got ${transactions}.`,
      {
        transactions,
        tokens,
      },
    );
  }
  if (wallets < tokens / 4 + 10) {
    throw invalid(
      `--wallets must be at least ${Math.ceil(tokens / 4 + 10)} for ${tokens} tokens (creators, snipers, traders).`,
      {
        wallets,
        tokens,
      },
    );
  }
  return { seed: input.seed, wallets, tokens, days, transactions };
}
