import type { NewCopyWallet } from '../copy-wallets.repository.ts';

/** A watchlist entry as tests and benches add one: simulation mode, the default template, nothing else set. */
export function watchedWallet(
  address: string,
  fields: Partial<Omit<NewCopyWallet, 'address'>> = {},
): NewCopyWallet {
  return {
    address,
    label: null,
    mode: 'simulation',
    strategyTemplate: 'default',
    strategyOverrides: {},
    discoverySource: null,
    notes: null,
    ...fields,
  };
}
