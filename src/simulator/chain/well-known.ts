/**
 * Mainnet program ids and the fixed accounts the simulated programs use, as deployed in April 2025 (pump.fun
 * before the May 2025 creator-fee upgrade, PumpSwap at its March 2025 launch layout, Jupiter v6). Public,
 * stable addresses read from the recorded transactions in ../shared/data.
 */
export const PROGRAM = {
  system: '11111111111111111111111111111111',
  computeBudget: 'ComputeBudget111111111111111111111111111111',
  token: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
  token2022: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
  associatedToken: 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL',
  metadata: 'metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s',
  pumpfun: '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P',
  pumpswap: 'pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA',
  jupiter: 'JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4',
} as const;

export const SYSVAR_RENT = 'SysvarRent111111111111111111111111111111111';
export const WSOL_MINT = 'So11111111111111111111111111111111111111112';

export const PUMPFUN = {
  global: '4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf',
  /** The fee recipient of the 2024–April 2025 trades in ../shared/data (1% of every trade). */
  feeRecipient: 'CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM',
  mintAuthority: 'TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM',
  eventAuthority: 'Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1',
  /** Receives the migration fee and the rent of the accounts a migration closes. */
  withdrawAuthority: '39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg',
} as const;

export const PUMPSWAP = {
  globalConfig: 'ADyA8hdefvWN2dbGGWFotbzWxrAvLW83WG6QCVXvJKqw',
  eventAuthority: 'GS4CU59F31iL7aR2Q8zVS8DRrcRnXX1yjQ66TqNVQnaR',
  protocolFeeRecipient: 'FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz',
  /** The protocol fee recipient's WSOL account (its associated token account). */
  protocolFeeRecipientTokenAccount: '7xQYoUjUJF1Kg6WVczoTAkaNhn5syQYcbvjmFrhjWpx',
} as const;

export const JUPITER = {
  eventAuthority: 'D8cy77BBepLMngZx6ZukaTff5hCt1HrWyKk3Hnd9oitf',
} as const;

/** Jito tip accounts (a tip is a plain system transfer to one of them). */
export const JITO_TIP_ACCOUNTS: readonly string[] = [
  '96gYZGLnJYVFmbjzopPSU6QiEV5fGqZNyN9nmNhvrZU5',
  'HFqU5x63VTqvQss8hp11i4wVV8bD44PvwucfZ2bU7gRe',
  'Cw8CFyM9FkoMi7K7Crf6HNQqf4uEMzpKw6QNghXLvLkY',
  'ADaUMid9yfUytqMBgopwjb2DTLSokTSzL1zt6iGPaS49',
  'DfXygSm4jCyNCybVYYK6DwvWqjKee8pbDmJGcLWNDXjh',
  'ADuUkR4vqLUMWXxW9gh6D6L8pMSawimctcNZ5pGwDcEt',
  'DttWaMuVvTiduZRnguLF7jNxTgiMBZ1hyAumKUiL2KRL',
  '3AVi9Tg9Uo68tJfuvoKvqKNWKkC5wPdSSdeBnizKZ6jT',
];

/** Rent-exempt minimums (lamports) of the account sizes the simulator creates. */
export const RENT = {
  /** SPL token account, 165 bytes. */
  tokenAccount: 2_039_280n,
  /** Token-2022 account with the immutable-owner extension, 170 bytes. */
  token2022Account: 2_074_080n,
  /** Mint, 82 bytes. */
  mint: 1_461_600n,
  /** pump.fun BondingCurve, 49 bytes (8 discriminator + 5 u64 + bool) before the May 2025 creator field. */
  bondingCurve: 1_231_920n,
  /** Metaplex metadata account as pump.fun creates it (679 bytes plus the 0.01 SOL Metaplex fee). */
  metadata: 15_616_720n,
  /** PumpSwap Pool account, 211 bytes at launch. */
  pool: 2_359_440n,
} as const;

/** Lamports of fixed accounts as the recordings show them; they only appear in pre/post balances. */
export const FIXED_LAMPORTS: ReadonlyMap<string, bigint> = new Map([
  [PROGRAM.system, 1n],
  [PROGRAM.computeBudget, 1n],
  [PROGRAM.token, 934_087_680n],
  [PROGRAM.token2022, 1_141_440n],
  [PROGRAM.associatedToken, 731_913_600n],
  [PROGRAM.metadata, 1_141_440n],
  [PROGRAM.pumpfun, 1_141_440n],
  [PROGRAM.pumpswap, 1_141_440n],
  [PROGRAM.jupiter, 1_141_440n],
  [SYSVAR_RENT, 1_009_200n],
  [WSOL_MINT, 1_055_700_996_787n],
  [PUMPFUN.global, 8_530_000n],
  [PUMPFUN.feeRecipient, 194_526_400_491_856n],
  [PUMPFUN.withdrawAuthority, 3_266_562_148_788n],
  [PUMPSWAP.globalConfig, 4_454_454n],
  [PUMPSWAP.protocolFeeRecipient, 9_336_223_851_922n],
  [PUMPSWAP.protocolFeeRecipientTokenAccount, 4_426_500_848_119n],
  [JUPITER.eventAuthority, 0n],
]);

/** Native programs: the runtime logs no `consumed` line for them and charges a flat cost. */
export const BUILTIN_PROGRAMS: ReadonlySet<string> = new Set([PROGRAM.system, PROGRAM.computeBudget]);
