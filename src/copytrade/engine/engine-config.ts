import {
  DEFAULT_SYSTEM_CONFIG,
  parseSystemConfig,
  parseWalletConfig,
  type SystemConfig,
  type WalletConfig,
} from '../config/copytrade-config.ts';
import { listConfigs } from '../../store/copytrade/copytrade-config.repository.ts';
import type { Db } from '../../store/database.ts';

export const SYSTEM_SCOPE = 'system';

export interface EngineConfig {
  readonly system: SystemConfig;
  readonly wallets: ReadonlyMap<string, WalletConfig>;
}

/**
 * The configuration as stored now (read on every round: a change through the API applies without a restart).
 * A stored document that no longer validates (a range tightened by an upgrade) falls back to the defaults for
 * that scope rather than stopping exits; the API refuses to write such a document in the first place.
 */
export async function loadEngineConfig(db: Db): Promise<EngineConfig> {
  const rows = await listConfigs(db);
  let system = DEFAULT_SYSTEM_CONFIG;
  const wallets = new Map<string, WalletConfig>();
  for (const r of rows) {
    try {
      if (r.scope === SYSTEM_SCOPE) system = parseSystemConfig(r.config);
      else wallets.set(r.scope, parseWalletConfig(r.config));
    } catch {
      // keep the defaults for this scope
    }
  }
  return { system, wallets };
}
