import { LaunchScenario, type ScenarioLog } from './launch-scenario.ts';

/** A minute-aligned start (2025-04-18T18:14:00Z). */
export const T0 = 1_745_000_040_000n;
const SEC = 1000n;
const MIN = 60_000n;

/**
 * One launch whose flow accelerates in its second minute (five new buyers of 0.8 SOL after two of 0.5 SOL),
 * then turns (three of them sell out in the fourth minute). Returns the scenario for its mint and curve.
 */
export function pumpAndDump(log: ScenarioLog, name: string, t0: bigint = T0): LaunchScenario {
  const s = new LaunchScenario(log, name).launch(t0 + SEC, `creator-${name}`);
  s.buy(t0 + 5n * SEC, 'a', 500_000_000n);
  s.buy(t0 + 20n * SEC, 'b', 500_000_000n);
  const held = new Map<string, bigint>();
  for (const [i, who] of ['c', 'd', 'e', 'f', 'g'].entries()) {
    held.set(who, s.buy(t0 + MIN + BigInt(i + 1) * SEC, who, 800_000_000n));
  }
  s.buy(t0 + 2n * MIN + 5n * SEC, 'h', 300_000_000n);
  for (const [i, who] of ['c', 'd', 'e'].entries()) {
    s.sell(t0 + 3n * MIN + BigInt(i + 5) * SEC, who, held.get(who) ?? 0n);
  }
  s.buy(t0 + 4n * MIN + 10n * SEC, 'i', 100_000_000n);
  s.closeMinute();
  return s;
}
