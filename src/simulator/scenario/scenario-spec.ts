import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';

/**
 * A wallet scenario: the tokens it touches (real mints, decimals, the Binance hourly close series that prices
 * them) and the wallet events, in time order. Quantities are whole tokens as decimal text; swap amounts are
 * not given — the writer derives them from the real close of the event's hour (scenario-amounts.ts).
 */
const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const integer = z.string().regex(/^\d+$/);
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

const base = { n: z.number().int().positive(), at: time, note: z.string().optional() };
const eventSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('sol_in'), lamports: integer }),
  z.object({ ...base, kind: z.literal('sol_out'), keepLamports: integer }),
  z.object({ ...base, kind: z.literal('usdc_in'), usdc: decimal }),
  z.object({ ...base, kind: z.literal('usdc_out_all') }),
  z.object({
    ...base,
    kind: z.enum(['buy', 'sell']),
    token: z.string(),
    qty: decimal,
    quote: z.enum(['USDC', 'SOL']),
    fill: decimal.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('transfer'),
    token: z.string(),
    qty: decimal,
    from: z.enum(['main', 'linked']),
    to: z.enum(['main', 'linked']),
  }),
  z.object({ ...base, kind: z.literal('airdrop'), token: z.string(), qty: decimal }),
]);

const tokenSchema = z.object({
  symbol: z.string(),
  mint: z.string(),
  decimals: z.number().int().min(0).max(18),
  csv: z.string().nullable(),
  roles: z.array(z.string()),
});

export const scenarioSchema = z.object({
  name: z.string(),
  seed: z.string(),
  asOf: time,
  prices: z.object({ from: time }),
  tokens: z.array(tokenSchema),
  events: z.array(eventSchema),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = Scenario['events'][number];
export type ScenarioToken = Scenario['tokens'][number];

export function unixSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

export function readScenario(path: string): Scenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new OofError('SIMULATE_OPTIONS_INVALID', `cannot read the scenario ${path}`, {}, e);
  }
  const result = scenarioSchema.safeParse(parsed);
  if (!result.success) {
    throw new OofError('SIMULATE_OPTIONS_INVALID', `scenario ${path}: ${result.error.message}`);
  }
  const events = result.data.events;
  for (let i = 1; i < events.length; i += 1) {
    if (unixSeconds(events[i]!.at) <= unixSeconds(events[i - 1]!.at)) {
      throw new OofError(
        'SIMULATE_OPTIONS_INVALID',
        `scenario ${path}: event ${events[i]!.n} is not after the one before`,
      );
    }
  }
  return result.data;
}
