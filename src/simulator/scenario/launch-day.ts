import { validateSimulationOptions, type SimulationOptions } from '../market/simulation-options.ts';

/**
 * A day of Pump.fun launches for the launch radar: the market simulator over one day with `launches` tokens.
 * Its market already holds what the radar looks for — about 30 % of launches fill the curve and migrate to
 * PumpSwap, 30 % are rugged by their creator dumping, one creator per three launches (serial launchers), 1–5
 * snipers buying in the launch slot (bundled launches) — at `transactionsPerLaunch` transactions a launch.
 */
export const LAUNCH_DAY_DEFAULTS = {
  seed: 'launch-day',
  launches: 2_000,
  transactionsPerLaunch: 20,
} as const;

export function launchDayOptions(
  input: { seed?: string; launches?: number; transactionsPerLaunch?: number } = {},
): SimulationOptions {
  const launches = input.launches ?? LAUNCH_DAY_DEFAULTS.launches;
  const perLaunch = input.transactionsPerLaunch ?? LAUNCH_DAY_DEFAULTS.transactionsPerLaunch;
  return validateSimulationOptions({
    seed: input.seed ?? LAUNCH_DAY_DEFAULTS.seed,
    days: 1,
    tokens: launches,
    // Creators (a third of the launches), snipers and a crowd of traders twice the launches.
    wallets: Math.max(100, launches * 2),
    transactions: launches * perLaunch,
  });
}
