import type { ScenarioToken } from './scenario-spec.ts';

/**
 * The tokens of the heavy wallet: real mainnet mints with their decimals and the Binance hourly close series of
 * ../shared/data/mark6-binance-hourly-closes that prices them. SOL, USDC, BONK, WIF, W and ACT are the golden
 * wallet's (docs/golden-wallet.md); JTO (9 decimals), PYTH (6) and RAY (6) are the mints and decimals published
 * by their token lists. A token trades only in the hours its series has a close (JTO from 2023-12-07, BONK from
 * 2023-12-15, PYTH from 2024-02-02, WIF from 2024-03-05, W from 2024-04-03, ACT from 2024-11-11; RAY and SOL
 * cover the whole window).
 */
export const HEAVY_WALLET_TOKENS: readonly ScenarioToken[] = [
  {
    symbol: 'SOL',
    mint: 'So11111111111111111111111111111111111111112',
    decimals: 9,
    csv: 'SOLUSDT.csv',
    roles: ['quote'],
  },
  {
    symbol: 'USDC',
    mint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
    decimals: 6,
    csv: null,
    roles: ['quote'],
  },
  {
    symbol: 'RAY',
    mint: '4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R',
    decimals: 6,
    csv: 'RAYUSDT.csv',
    roles: ['traded'],
  },
  {
    symbol: 'JTO',
    mint: 'jtojtomepa8beP8AuQc6eXt5FriJwfFMwQx2v2f9mCL',
    decimals: 9,
    csv: 'JTOUSDT.csv',
    roles: ['traded'],
  },
  {
    symbol: 'BONK',
    mint: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263',
    decimals: 5,
    csv: 'BONKUSDT.csv',
    roles: ['traded'],
  },
  {
    symbol: 'PYTH',
    mint: 'HZ1JovNiVvGrGNiiYvEozEVgZ58xaU3RKwX8eACQBCt3',
    decimals: 6,
    csv: 'PYTHUSDT.csv',
    roles: ['traded'],
  },
  {
    symbol: 'WIF',
    mint: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm',
    decimals: 6,
    csv: 'WIFUSDT.csv',
    roles: ['traded'],
  },
  {
    symbol: 'W',
    mint: '85VBFQZC9TZkfaptBWjvUw7YbZjy52A6mjtPGjstQAmQ',
    decimals: 6,
    csv: 'WUSDT.csv',
    roles: ['traded', 'airdrop'],
  },
  {
    symbol: 'ACT',
    mint: 'GJAFwWjJ3vnTsrQVabjBVK2TYB1YtRCQXRDfDgUnpump',
    decimals: 6,
    csv: 'ACTUSDT.csv',
    roles: ['traded', 'rug'],
  },
];
