import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import { simulateMarket, type MarketSummary } from '../market/market-simulator.ts';
import type { SimulatedTransaction } from '../market/simulated-transaction.ts';
import type { SimulationOptions } from '../market/simulation-options.ts';

/** A small market held in memory for tests, each result also as an archive reader would parse it back. */
export interface SimulatedCorpus {
  readonly transactions: readonly (SimulatedTransaction & { readonly parsed: Record<string, unknown> })[];
  readonly summary: MarketSummary;
}

export const TEST_MARKET: SimulationOptions = {
  seed: 'oof-test',
  wallets: 90,
  tokens: 8,
  days: 1,
  transactions: 4_000,
};

export function simulateCorpus(options: SimulationOptions = TEST_MARKET): SimulatedCorpus {
  const transactions: SimulatedCorpus['transactions'][number][] = [];
  const market = simulateMarket(options);
  let step = market.next();
  while (step.done !== true) {
    // Through JSON text, as the archive stores it: what the decoder and the peer read is the written form.
    const parsed = parseJsonExact(JSON.stringify(step.value.result)) as Record<string, unknown>;
    transactions.push({ ...step.value, parsed });
    step = market.next();
  }
  return { transactions, summary: step.value };
}
