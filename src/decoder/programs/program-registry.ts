/**
 * Program ids the decoder knows, by role. Ids are mainnet program addresses (public, stable); the name is the
 * venue label users see. Anything invoked that is not listed here still counts: as `unknown` venue.
 */
export type ProgramRole =
  /** Runtime and token plumbing: never a venue. */
  | 'infra'
  /** Routes orders through other venues (the route is `<aggregator>><leg venues>`). */
  | 'aggregator'
  /** Trading-bot / router front-ends that wrap a venue (Photon, OKX proxy...). */
  | 'router'
  /** Holds liquidity and prices trades itself. */
  | 'amm'
  /** Bonding-curve launchpads. */
  | 'launchpad'
  | 'stake';

export interface KnownProgram {
  readonly id: string;
  readonly name: string;
  readonly role: ProgramRole;
}

const PROGRAMS: readonly KnownProgram[] = [
  { id: '11111111111111111111111111111111', name: 'system', role: 'infra' },
  { id: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', name: 'spl_token', role: 'infra' },
  { id: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', name: 'spl_token_2022', role: 'infra' },
  { id: 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL', name: 'associated_token', role: 'infra' },
  { id: 'ComputeBudget111111111111111111111111111111', name: 'compute_budget', role: 'infra' },
  { id: 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', name: 'memo', role: 'infra' },
  { id: 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo', name: 'memo_v1', role: 'infra' },
  { id: 'metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s', name: 'metaplex_token_metadata', role: 'infra' },
  { id: 'BPFLoaderUpgradeab1e11111111111111111111111', name: 'bpf_loader_upgradeable', role: 'infra' },
  { id: 'Ed25519SigVerify111111111111111111111111111', name: 'ed25519_verify', role: 'infra' },
  { id: 'KeccakSecp256k11111111111111111111111111111', name: 'secp256k1_verify', role: 'infra' },
  { id: 'AddressLookupTab1e1111111111111111111111111', name: 'address_lookup_table', role: 'infra' },
  // Aggregators.
  { id: 'JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4', name: 'jupiter_v6', role: 'aggregator' },
  { id: 'JUP4Fb2cqiRUcaTHdrPC8h2gNsA2ETXiPDD33WcGuJB', name: 'jupiter_v4', role: 'aggregator' },
  { id: 'JUP3c2Uh3WA4Ng34tw6kPd2G4C5BB21Xo36Je1s32Ph', name: 'jupiter_v3', role: 'aggregator' },
  { id: 'JUP2jxvXaqu7NQY1GmNF4m1vodw12LVXYxbFL2uJvfo', name: 'jupiter_v2', role: 'aggregator' },
  { id: 'DCA265Vj8a9CEuX1eb1LWRnDT7uK6q1xMipnNyatn23M', name: 'jupiter_dca', role: 'aggregator' },
  { id: 'jupoNjAxXgZ4rjzxzPMP4oxduvQsQtZzyknqvzYNrNu', name: 'jupiter_limit', role: 'aggregator' },
  { id: 'j1o2qRpjcyUwEvwtcfhEQefh773ZgjxcVRry7LDqg5X', name: 'jupiter_limit_v2', role: 'aggregator' },
  { id: '6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma', name: 'okx_dex', role: 'aggregator' },
  { id: 'routeUGWgWzqBWFcrCfv8tritsqukccJPu3q5GPP3xS', name: 'raydium_route', role: 'aggregator' },
  { id: 'stkitrT1Uoy18Dk1fTrgPw8W6MVzoCfYoAFT4MLsmhq', name: 'sanctum_router', role: 'aggregator' },
  // Bot front-ends that wrap a venue with their own fee.
  { id: 'BSfD6SHZigAfDWSjzD5Q41jw8LmKwtmjskPH9XW1mrRW', name: 'photon', role: 'router' },
  // AMMs and order books.
  { id: '675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8', name: 'raydium_amm_v4', role: 'amm' },
  { id: 'CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C', name: 'raydium_cpmm', role: 'amm' },
  { id: 'CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK', name: 'raydium_clmm', role: 'amm' },
  { id: 'whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc', name: 'orca_whirlpool', role: 'amm' },
  { id: '9W959DqEETiGZocYWCQPaJ6sBmUzgfxXfqGeTEdp3aQP', name: 'orca_v2', role: 'amm' },
  { id: 'LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo', name: 'meteora_dlmm', role: 'amm' },
  { id: 'Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB', name: 'meteora_damm_v1', role: 'amm' },
  { id: 'cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG', name: 'meteora_damm_v2', role: 'amm' },
  { id: 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA', name: 'pumpswap', role: 'amm' },
  { id: 'srmqPvymJeFKQ4zGQed1GFppgkRHL9kaELCbyksJtPX', name: 'openbook', role: 'amm' },
  { id: 'opnb2LAfJYbRMAHHvqjCwQxanZn7ReEHp1k81EohpZb', name: 'openbook_v2', role: 'amm' },
  { id: 'PhoeNiXZ8ByJGLkxNfZRnkUfjvmuYqLR89jjFHGqdXY', name: 'phoenix', role: 'amm' },
  { id: '2wT8Yq49kHgDzXuPxZSaeLaH1qbmGXtEyPy64bL7aD3c', name: 'lifinity_v2', role: 'amm' },
  { id: 'SSwapUtytfBdBn1b9NUGG6foMVPtcWgpRU32HToDUZr', name: 'saros', role: 'amm' },
  { id: 'SoLFiHG9TfgtdUXUjWAxi3LtvYuFyDLVhBWxdMZxyCe', name: 'solfi', role: 'amm' },
  { id: 'H8W3ctz92svYg6mkn1UtGfu2aQr2fnUFHM1RhScEtQDt', name: 'cropper', role: 'amm' },
  { id: 'PERPHjGBqRHArX4DySjwM6UJHiR3sWAatqfdBS2qQJu', name: 'jupiter_perps', role: 'amm' },
  // Launchpads (bonding curves).
  { id: '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P', name: 'pumpfun', role: 'launchpad' },
  { id: 'LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj', name: 'raydium_launchlab', role: 'launchpad' },
  { id: 'dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN', name: 'meteora_dbc', role: 'launchpad' },
  { id: 'MoonCVVNZFSYkqNXP6bxHLPL6QQJiMagDL3qcqUQTrG', name: 'moonshot', role: 'launchpad' },
  // Staking.
  { id: 'Stake11111111111111111111111111111111111111', name: 'stake', role: 'stake' },
  { id: 'SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy', name: 'spl_stake_pool', role: 'stake' },
  { id: 'SP12tWFxD9oJsVWNavTTBZvMbA6gkAmxtVgxdqvyvhY', name: 'sanctum_spl_stake_pool', role: 'stake' },
  { id: 'SPMBzsVUuoHA4Jm6KunbsotaahvVikZs1JyTW6iJvbn', name: 'sanctum_spl_multi_stake_pool', role: 'stake' },
  { id: 'MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD', name: 'marinade', role: 'stake' },
];

const BY_ID = new Map(PROGRAMS.map((p) => [p.id, p]));

export function knownProgram(id: string): KnownProgram | undefined {
  return BY_ID.get(id);
}

/** Label of a program for `programs` lists: the known name, else the id itself. */
export function programLabel(id: string): string {
  return BY_ID.get(id)?.name ?? id;
}

export function isInfraProgram(id: string): boolean {
  return BY_ID.get(id)?.role === 'infra';
}

export const PROGRAM_IDS = {
  system: '11111111111111111111111111111111',
  splToken: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
  splToken2022: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
  pumpfun: '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P',
  pumpswap: 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA',
  stake: 'Stake11111111111111111111111111111111111111',
} as const;
