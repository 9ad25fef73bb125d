import { fileURLToPath } from 'node:url';
import { readScenario, type Scenario } from './scenario-spec.ts';
import { writeScenarioArchive, type ScenarioArchiveResult } from './write-scenario-archive.ts';

/** The golden multi-year wallet (docs/golden-wallet.md): its scenario file, next to this module. */
export const GOLDEN_WALLET_SCENARIO = fileURLToPath(
  new URL('./golden-wallet.scenario.json', import.meta.url),
);

export function goldenWalletScenario(): Scenario {
  return readScenario(GOLDEN_WALLET_SCENARIO);
}

/** Scenarios `oof simulate --scenario NAME` knows. */
export const SCENARIOS: Readonly<Record<string, () => Scenario>> = { 'golden-wallet': goldenWalletScenario };

export function writeGoldenWalletArchive(
  dir: string,
  options: { readonly sharedDataDir: string; readonly gzip?: boolean },
): Promise<ScenarioArchiveResult> {
  return writeScenarioArchive(dir, goldenWalletScenario(), options);
}
