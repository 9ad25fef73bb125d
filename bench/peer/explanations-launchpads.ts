import { SOL_MINT as SOL } from '../../src/domain/mints.ts';
import { swap, type Explanation } from './explanation.ts';

/** pump.fun, PumpSwap, Raydium LaunchLab and the launch-adjacent recordings. Amounts are base units. */
export const LAUNCHPAD_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  '2s393PSYYxJJJfGiwHf18HZeC68nZs44ssbeB4aAkeYMyd1dyiiu3yVmGyRWZuArk5HzYDgVxYfhKLYd2CJ8kCBj': {
    owner: '6xo262KbDXepWbF3vPTrFXysr5vJwk3mozBXmXk3hmMx',
    truth: swap(SOL, 1000000000n, '5dNYcCZXEGfGgbdUdq7MMR7KLsNJLLLgL83wLH8Fpump', 34612903225806n),
    dexParser: {
      category: 'create_unknown_trade',
      why:
        'pump.fun create + buy. The peer’s `Unknown` trade pairs the 15616720 lamports sent to metadata account ' +
        'DTJKYfWF… (our `rent`) with the 1000000000000000 supply; its Pumpfun trade, 1000000000 → ' +
        '34612903225806, equals ours and the TradeEvent (solAmount 1000000000, tokenAmount 34612903225806). ' +
        'Besides the 525028 network fee the wallet’s SOL fell by 1034349520 = 1000000000 swap + 20349520 rent ' +
        '(mint 1461600, curve 1231920, curve token account 2039280, metadata 15616720) + 10000000 pump.fun fee ' +
        '(1%) to CebN5WGQ… + 4000000 Jito tip to ADuUkR4v…; the last two are our `fee` actions.',
    },
  },
  '52ar89rghM8EwKZkxFnBMC4LaMReqtVdpxqXxGWBCMYV1DnYdLrdsqJo8Hbn9KjVpckAokqGNHzTSVfK5xuLepdC': {
    owner: 'Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5',
    truth: swap(SOL, 1100000000n, 'ER2N5eaDoC68kNhj7LyaScimzq7deaqxiw88rewvxaKp', 37951768488745n),
    dexParser: {
      category: 'create_unknown_trade',
      why:
        'pump.fun create + buy. The `Unknown` trade pairs the 15616720 lamports sent to H6LkmMUu… (inner system ' +
        'transfer, then allocate and assign to metaqbxx…; our `rent`) with the 1000000000000000 supply; the ' +
        'Pumpfun trade, 1100000000 → 37951768488745, equals ours and the TradeEvent. Besides the 88750 network ' +
        'fee the wallet’s SOL fell by 1135349520 = 1100000000 swap + 20349520 rent + 11000000 pump.fun fee (1%) ' +
        'to CebN5WGQ… + 4000000 to HWEoBxYs… (both `fee`).',
    },
  },
  a9tyifZay3w5j6yL7egpNxxBsQFTuvQHKf3XHjnLY2QToVDjnyT5gPLjbJ2qSXmVPGJzEpEZmgJZ6qQXS99p1JH: {
    owner: 'BEnGowz22N6QtVdBCqG53FzYGdPhBqSZmPD3aCgnq4NM',
    truth: swap(SOL, 4000000000n, '4veK9R9GxmgxqkFhTa2VnE6MJ4YfTxnr92HF5gH5LcAF', 126235294117647n),
    dexParser: {
      category: 'create_unknown_trade',
      why:
        'pump.fun create + buy. The `Unknown` trade pairs the 15115600 lamports sent to metadata account ' +
        'C5zL86dM… (our `rent`) with the 1000000000000000 supply; the Pumpfun trade, 4000000000 → ' +
        '126235294117647, equals ours and the TradeEvent. Besides the 919000 network fee the wallet’s SOL fell ' +
        'by 4062971120 = 4000000000 swap + 20071120 rent + TradeEvent fee 38000000 (95 bps) to 62qc2CNX… + ' +
        'creatorFee 2000000 (5 bps) to CBUkaXSj… + 2900000 to Eb2KpSC8… (all three `fee`).',
    },
  },
  mqSGNwKK8GZW7PztnYDat3F85BWf7JRWfm5k4ToKpKzkoGmQgyr2bwpm47md7jLck4Yc7pmXuciE73Tf8dT74u8: {
    owner: 'FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5',
    truth: swap(SOL, 1000000000n, 'AqFe2tk1BRx6czUuRPGUZ8mtvcBGDZYsG6oPvELwzray', 96087352138307n),
    dexParser: {
      category: 'create_unknown_trade',
      why:
        'Raydium LaunchLab create + buy. The `Unknown` trade pairs the 15115600 lamports sent to metadata account ' +
        'RPq6JTsC… (our `rent`) with the 1000000000000000 supply minted to the curve vault 72EcyfaN… (owner ' +
        'WLHv2UAZ…); the RaydiumLaunchpad trade, 1000000000 → 96087352138307, equals ours and the LaunchLab ' +
        'TradeEvent (amountIn 1000000000, of which protocolFee 2500000 and platformFee 7500000 stay inside the ' +
        'venue’s flows; amountOut 96087352138307). Besides the 20001 network fee the wallet’s SOL fell by ' +
        '1024532480 = 1000000000 swap + 24532480 rent (pool state, mint, both vaults, metadata).',
    },
  },
  '3bYXWjjNkVZpz3VWrp8Sh12usVCnzEqhYCnNNMQrMu7C8XHssi2WBTW37zukC5oyYTsAKYRtUQ1xhwFMYFMH19VJ': {
    owner: '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh',
    truth: swap('CnNVDyM7GXBBcH8giuRYm17YCn6kpFTTbnd6Tx4hpump', 592443959000000n, SOL, 37062911064n),
    dexParser: {
      category: 'pump_sell_gross',
      why:
        'TradeEvent solAmount 37437283903 (the peer’s figure): the curve 6cSXbsWd… lost 37437283903, paid ' +
        '374372839 (1%) to the fee recipient CebN5WGQ… and 37062911064 to the wallet (ours). The wallet’s lamports ' +
        'rose by 37052874564 = 37062911064 − 36500 network fee − 10000000 paid to HWEoBxYs… (a `fee`).',
    },
  },
  rZSAoR98CnGCymqShKcKT5d7HtPB2pSchE64f3ZXmy11x9NDTytNHhZ3m7DJ6uu6D9JhhUwMpXGXsnVQ8fRRpF8: {
    owner: 'GTEBTjyWDDCXinv9GKzwx5A1vDKeqWiTa9cSUWZ2rMpu',
    truth: swap('4R4CLQXsm2aHXc31CDDMsYwdYEqYB9aW6vfgobW2u1Cw', 19274301000000n, SOL, 702264256n),
    dexParser: {
      category: 'pump_sell_gross',
      why:
        'TradeEvent solAmount 709357834 (the peer’s figure): the curve CmLgDMPL… lost 709357834, paid 7093578 (1%) ' +
        'to CebN5WGQ… and 702264256 to the wallet (ours; coinpusher’s expected pumpSell for this signature also ' +
        'says 702264256). The wallet’s lamports rose by 701947506 = 702264256 − 16750 network fee − 300000 paid ' +
        'to HWEoBxYs… (a `fee`).',
    },
  },
  trjspFNZZnmBMeYVMuWbkDt6BE7bCRMprhwoUBtNzKtTN3ygMXzZ1m4qL5SaWDTFu7ACiRAJdvZAjqMnPWxAnb4: {
    owner: 'G9yQLYTDiKY3zDu8FBCrEhrAUAQAXV7UFV5wPUBbgNck',
    truth: swap('3cbRjHtNmGkzUvKT2Hia6pqeUB9S7XGNKZvG7mpP2drF', 947132252233n, SOL, 62010416n),
    dexParser: {
      category: 'pump_sell_gross',
      why:
        'TradeEvent solAmount 62636785 (the peer’s figure): the curve B8XN84jZ… lost 62636785 and paid fee 595050 ' +
        '(95 bps) to FWsW1xNt…, creatorFee 31319 (5 bps) to UKKzZkft… and 62010416 to the wallet (ours). The ' +
        'wallet’s lamports rose by 61789075 = 62010416 − 5000 network fee − 216341 Jito tip to 3AVi9Tg9… (a `fee`).',
    },
  },
  '5KEMtQuv4Ki1xoFVAuA4GXYnkPG2bXSE3n1BNFd1U1yqHC2J91qtQrC7TkpjZvgmSrb7uAhrc6WGZpioE7W6mHRD': {
    owner: 'CzXW1cD5H9M6d8uFonRqQA5bvfLQtZdaZFJzqpie88HM',
    truth: swap('4fSYiTPwwvU9Ym7CGXG4BNLKMcybg2GZXesYevS8pump', 50287397622085n, SOL, 1651125292n),
    dexParser: {
      category: 'pump_sell_gross',
      why:
        'Photon-routed pump.fun sell. TradeEvent solAmount 1667803326 (the peer’s figure): the curve 2UiFmAK8… ' +
        'lost 1667803326, paid 16678034 (1%) to 62qc2CNX… and 1651125292 to the wallet (ours). The wallet then ' +
        'paid Photon 16678033 (AVUCZyuT…) and 5000000 (7ks326H4…), our two `fee` actions: its lamports rose by ' +
        '1624442259 = 1651125292 − 16678033 − 5000000 − 5005000 network fee.',
    },
  },
  '59GXCxvQmz3KT7H4taZrjHmU2XjxWZ2hws7jtSSDoVjceD4MyA3nTCDLCnZ6hBX9qVakhzshT7B2kbMsV21DU1yZ': {
    owner: 'D9DSc7v7cFzfTjY6ggwozp8yKYcryzNxkryvd7i6V2Wk',
    truth: swap(SOL, 458092929n, 'npB9cxTzwUiGt7jk2dXZa52xZve8SgVD6Et9Bpipump', 1806759473n),
    dexParser: {
      category: 'fee_measured_at_pool',
      why:
        'PumpSwap buy. BuyEvent: quote_amount_in_with_lp_fee 457636205 (into pool vault 66PLSijL…; the peer’s ' +
        'figure, which lists 456724 = protocol_fee 228362 + coin_creator_fee 228362 as the trade’s fee), ' +
        'protocol_fee 228362 to 7xQYoUjU…, coin_creator_fee 228362 to 7uMM7gqZ…, user_quote_amount_in 458092929 ' +
        '— what left the wallet’s WSOL account (ours). The 55000 Jito tip to ADaUMid9… is a separate `fee`.',
    },
  },
  '2ffHb9AXeKNVs3KSusTHTY3GTPnUJ2WLr48pjHDZjhMYfLC9P6XWXMuDkev13X49qLp6A5CkDmAJciJgieQUFidV': {
    owner: '9ZbTXdPSdKZeTCY215VwzEHhJoiDK4xtbaRqr3f7b3R1',
    truth: swap(SOL, 30014901934n, 'npB9cxTzwUiGt7jk2dXZa52xZve8SgVD6Et9Bpipump', 53878801723012n),
    dexParser: {
      category: 'fee_measured_at_pool',
      why:
        'pump.fun migration (create_pool by the PDA DvKykSGS…) followed by the signer’s PumpSwap buy. BuyEvent: ' +
        'quote_amount_in_with_lp_fee 29984976806 (into pool vault 66PLSijL…; the peer’s figure, with fee ' +
        '29925128 = protocol_fee 14962564 + coin_creator_fee 14962564), user_quote_amount_in 30014901934 (ours) ' +
        'and base_amount_out 53878801723012. Besides the 5000 network fee the signer’s SOL fell by 30016941214 = ' +
        '30014901934 + 2039280 rent for the coin-creator vault 7uMM7gqZ… it opened.',
    },
  },
  '33LHUzKfhBvU68kYib22oFx2XdQKQZ2sfvTmmdCFEr6YidyP8S3WwAurjz6Suewvr2WUByV79K3stNCZDe7wq3De': {
    owner: '2vr538qDgHCPYmr2mjt5LSjQ3kBYjtw3SDSveUKBVkef',
    truth: null,
    dexParser: {
      category: 'two_swaps_netted',
      why:
        'A pump.fun buy (TradeEvent 24080282 lamports → 605426095720 tokens) and a sell of the same 605426095720 ' +
        'tokens (solAmount 24080281) in one transaction: the wallet’s token balance does not change, so we report ' +
        'no swap; its net SOL change besides the 32000 network fee is −1444168. The peer’s aggregate, 24080282 ' +
        'SOL → 24080281 SOL, is its two trades merged.',
    },
  },
  '2ex9my1v3L6Hm3ev3CcFoBxsi3EZ1DRXVBN17rMiE8aJjmbv8Nvw9VErNc3sJVcjBftXpiL8S6yHabMueiBSj2D7': {
    owner: 'FqTeLMjTG5rrvgw9HM87BHoSm98YsKPaJ9F55HgqMS5z',
    truth: null,
    dexParser: {
      category: 'swap_credited_to_payer',
      why:
        'The signer’s temporary WSOL account sends 1250000000 to CKfYLU4Y… (owner 7Sdz216q…, a PDA) and 12500000 ' +
        'to RiVLRBUC… (owner B4YdAjee…); the 3709848810536 97pcbf… tokens the peer credits to the signer go from ' +
        'EFZAxxmW… (owner 7Sdz216q…) to CD1Cdkdu…, owned by B4YdAjee…. The signer receives no token, so we report ' +
        'two transfer_out (1250000000 → 7Sdz216q…, 12500000 → B4YdAjee…) and no swap. The rest of the ' +
        'transaction is a Raydium CPMM pool initialization funded by 7Sdz216q… (coinpusher’s expected events ' +
        'for this signature are initializeMint, mint, raydiumCPInitialize and burn — no swap).',
    },
  },
};
