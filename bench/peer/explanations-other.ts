import { ORCA_LOCAL_VALIDATOR as LOCAL, swap, type Explanation } from './explanation.ts';

const ORCA_USER = 'r21Gamwd9DtyjHeGywsneoQYR39C1VDwrw7tWxHAwh6';

/** Orca Whirlpool test-validator fixtures. */
export const OTHER_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  '44ZmSukwzNNZUaofbRKiyopc3exfk7zNBqFbkW3QVL33L2uxE1E6ymSKFhgUKfiPsQXRPZQ2VHYNzNdZLrdcxaZN': {
    owner: ORCA_USER,
    truth: null,
    dexParser: {
      category: 'liquidity_read_as_trade',
      why:
        `${LOCAL} increaseLiquidityByTokenAmountsV2: 500000000 BRjpCH… go from the wallet’s 3ZBThPKT… into pool ` +
        'vault HnEmvKUY… (owner 966HQTB3…), beside a 0-amount WSOL transfer; the peer reads a sell of 500000000 ' +
        'for 0 SOL. It is a deposit: we report lp_add 500000000 BRjpCH… (orca_whirlpool).',
    },
  },
  '5pTMgSeqxqwjmDNJLuNf6LuUQqSLzoHtnP4SGpMoEcPr9NdntoyXWnnsCK14FRV8f641Hqg6GzfSM7qaxvNdLKBe': {
    owner: ORCA_USER,
    truth: null,
    dexParser: {
      category: 'liquidity_read_as_trade',
      why:
        `${LOCAL} repositionLiquidityV2: 49920259 BRjpCH… come back from pool vault HnEmvKUY… and nothing is paid ` +
        '(a 0-amount WSOL transfer); the peer reads a buy of 49920259 for 0 SOL. We report no swap (the amount ' +
        'itself is mislabelled, see the findings).',
    },
  },
  '2BmpLsPTkZWUPd4izRXxzQgxnWGReP9KY6Yst11BGmXFK4oT66T4higUDicUrTaoYMcQJGhu8CphJxrcixNoshdj': {
    owner: ORCA_USER,
    truth: null,
    dexParser: {
      category: 'liquidity_read_as_trade',
      why:
        `${LOCAL} collectFeesV2: the wallet receives 581 C1t793… and 581 HsdmmR… from the pool’s vaults (owner ` +
        'AMSdAPuT…) and sends nothing; the peer reads a sell of one for the other. We report two lp_remove legs.',
    },
  },
  '3FwvrbW6Q5ZU9DK5Yy7EKfYX454YFFSWQMvYqVSMGQqpsQr6jfVMNXsP9vmnENFzn6SGkcNocyPVYYW89Jb8kwHi': {
    owner: ORCA_USER,
    truth: swap(
      '4Mnz2WSRVqrscZ1EmMp5u6HDi9VAJZ7mB1uvoK7MZN85',
      100000n,
      '4eZJ4yjPUfbUkoZMDHfZx2UjZqV2w3n3QFhkqFtPuNhB',
      2034727n,
    ),
    dexParser: {
      category: 'token_2022_swap_missed',
      why: `${LOCAL} swapV2 with transfer-fee mints: the wallet sent 100000 4Mnz2W… (the vault got 95000 after the withheld fee) and received 2034727 4eZJ4y… (the other vault paid 2260808).`,
    },
  },
  '64LhMbGhPDdvdhqGUwYGr16Tehfbsrs7Q4fDWhywQAxS8fDVtkRWu23QAwcNpHnGvYZr4WXsAiFiYEBz2EAVyPmT': {
    owner: ORCA_USER,
    truth: swap(
      '59vb2H5paM6uVqbUNGXQtqjxKn4MnN5Y12bPWaP44jwB',
      100000n,
      'CVt1AejkAEF6DhNdt8vBvpoyWF2c1pWvat39o11pMmbZ',
      2374148n,
    ),
    dexParser: {
      category: 'token_2022_swap_missed',
      why: `${LOCAL} swapV2 with transfer-hook mints: the wallet sent 100000 59vb2H… and received 2374148 CVt1Ae…, one transfer each way.`,
    },
  },
  '36Z5EJhmaUDqz3UK7szYYAJPRjyouGBPqEGpTLdEqawiUTtNFZjmxQtNGzb7sYpY48kTheGk5MgzLXbHL9qoo3r': {
    owner: ORCA_USER,
    truth: swap(
      '6TNHgmVS8ivpCXUuDkZ18MYcCeqcVRDrUvbWzkwCcTJH',
      1000n,
      '7r1AeWQSKUfZkU4WMxPVMVKcqMzTYfdAqKLfKkUzvyW8',
      509086n,
    ),
    dexParser: {
      category: 'token_2022_swap_missed',
      why: `${LOCAL} twoHopSwapV2 with transfer-fee mints: the wallet sent 1000 6TNHgm… and received 509086 7r1AeW… (the second pool sent 565652; the rest was withheld as transfer fee).`,
    },
  },
  HKe8XRZqDHnwaYihbZKcutJMzqjHpU3VPUg8joq3G9aFt9HG3DsUCVJdDKF36Nx4mymrX19xSr92nY3FkgWQSE4: {
    owner: ORCA_USER,
    truth: swap(
      '7HLtekFP6C6Yqn8ggtkdCS2nXKfALYnCsdTAXn9mYDQs',
      1000n,
      'Cr6m44mQiRZXzPuPJ8Kw5yzzJid7yjdjtS2xCKqGs7Hu',
      613308n,
    ),
    dexParser: {
      category: 'token_2022_swap_missed',
      why: `${LOCAL} twoHopSwapV2 with transfer-hook mints: the wallet sent 1000 7HLtek… and received 613308 Cr6m44….`,
    },
  },
};
