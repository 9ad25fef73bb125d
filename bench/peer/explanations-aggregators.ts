import { SOL_MINT as SOL, USDC_MINT as USDC, USDT_MINT as USDT } from '../../src/domain/mints.ts';
import { swap, type Explanation } from './explanation.ts';

/** Jupiter v6 and OKX routes. Amounts are base units; Jupiter's expected outputs are cited where they exist. */
export const AGGREGATOR_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  '2NPwsoX7NyfarDBhGDrewJKdNccVS1X9dX2uWCtTMRamXhzXk8PHnGL25yneF5rmR7LPSXH8gKciSgPAe9nP7VU4': {
    owner: '3huskHPRJXT5pL6RW57HaA8pXRFojx6gfNVGL9cJ2vtB',
    truth: swap(SOL, 400000000n, '3p7eCgdQx1RiJUfr4t7Z8w6DpVbP7CMa9Z6Ff69tpump', 3861519639304n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'One Raydium v4 leg, 400000000 → 3861519639304, emitted twice (idx 5-3 from JUP6…, 5-1 from 675kPX…), ' +
        'aggregate 800000000 → 7723039278608. The transaction moved it once: the wallet’s WSOL account sent ' +
        '400000000 to pool vault 6h4fzv1o… and its new token account received 3861519639304 from CWXFLYoA….',
    },
  },
  '5aTjNTfgZ5D1pSyXz1ZhtwyEiVjkL7exNS6GCpBhT4MaNmELxBzwPzyrevi4DpFr7B6EbnfRZCxcFFrAshjwMTWE': {
    owner: '63EazyqF9nJN8SdGTMUaLrRKxS3XnmUiFuDp5KZ9wEV8',
    truth: swap('8SgNwESovnbG1oNEaPVhg6CR9mTMSK7jPvcYRe3wpump', 100000000n, SOL, 12309272n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'One Raydium CLMM leg, 100000000 → 12309272, emitted twice; aggregate 200000000 → 24618544. The wallet ' +
        'sent 100000000 to pool vault Hv2RSwoU… and pool WSOL vault 42yWp3DX… paid it 12309272, once.',
    },
  },
  '5SPdWfQrAf8xky2CU9nycbc7MYEcJvmuKYwG2vUJ5BEfzSFK38RTvkqMHA5TuZV5fpaw65LoKVfGfKWmVTi71DHr': {
    owner: '3qAnC3L6xDoTbaL74jLKzQNyhRJc2YJGL7Uu5fxiu9W6',
    truth: swap(SOL, 39600000n, USDC, 5300650n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'One Meteora DLMM leg, 39600000 → 5300650 (Jupiter’s swap-result-0 says the same), emitted twice; ' +
        'aggregate 79200000 → 10601300. The wallet’s balances moved once: SOL −39600000 besides the 8214 network ' +
        'fee, USDC +5300650.',
    },
  },
  '3LF4ABXfbETvFbQ7nr7WU8pZvQ3H4gFBRZnLb1gJMSKzHZZNMXbJA4VUsrsAMa9cgBJgJDv7aeNnbRDC39C2oi1X': {
    owner: 'J6SiqG6aWGWFxcXFd6c3xjrvbsX8PTYyYNY97dxceH4P',
    truth: swap('EPCz5LK372vmvCkZH3HgSuGNKACJJwwxsofW6fypCPZL', 20000000000n, USDT, 2994093354n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'Sanctum → Orca → Lifinity. The Orca and Lifinity legs are emitted twice, the Sanctum leg once ' +
        '(only Jupiter’s copy), so the aggregate keeps the input 20000000000 and doubles the output to 5988186708 = 2 × ' +
        '2994093354. The wallet’s balances: EPCz5L… −20000000000, USDT +2994093354; Jupiter’s own results say ' +
        '20000000000 → 2994093354, as ours.',
    },
  },
  '2kai9Wa4rc433U3Js87MqerFxqYpMkk1tvfEafzg2Z46W3TL1XfZQE2KJCGHMXqS5Jk5toTnXJaNH5d9yMPsbCZL': {
    owner: 'Ex2F9oJN9UjBnSy273ezWH2kwaAzKTkm4ZmpDuqwzevY',
    truth: swap(SOL, 500000000n, USDC, 76612586n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'The two Orca legs are emitted twice, the middle leg once; aggregate 1000000000 → 153225172 is twice ' +
        'Jupiter’s own 500000000 → 76612586 (swap-result-0). The wallet’s balances: USDC +76612586, SOL −500400000 ' +
        'besides the 5000 network fee = 500000000 into the route + a 400000 Jito tip to ADuUkR4v… (our separate ' +
        '`fee`).',
    },
  },
  '2m6e4MBQ2wKiFhtc8d479C6SUKkqEiBzemwxSQVaSdr4zGHdoefxWz28u2rnCtUu7SfcgwWpEBDr3L5NZnEqffnv': {
    owner: '6oHypdkuE3n41w3XBidags663HQRiXBN8W4qjxyUz4YS',
    truth: swap('vVe16q1aGVSnZtK8PCXFnsh45VW6HCVrJPKCBSbpump', 5878070878n, SOL, 3115691n),
    dexParser: {
      category: 'jupiter_legs_twice',
      also: ['fee_measured_at_pool'],
      why:
        'Aggregate 11756141756 → 6284802 is twice the route 5878070878 → 3142401. The route’s 3142401 is also ' +
        'before Jupiter’s 26710-lamport platform fee (ParsedFeeEvent, to EcDs7cZx…): the pool paid 3142401, the ' +
        'wallet kept 3115691 — Jupiter’s and serejke’s results give the same as out − fee.',
    },
  },
  '5pcpYhqJyyHHxVaa9mvchML6Njro5Chxv7EFjHPSwxVpdyGAt6uVhd1xUBmXe7ztiuhS1iHFgXm67nwr7mem5itu': {
    owner: 'GH6Sn8jt4CbQgHxqpTm3MbpVSGR94uSEhChwm8vmphkP',
    truth: swap(SOL, 27309941n, '2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo', 3913523n),
    dexParser: {
      category: 'jupiter_legs_twice',
      also: ['fee_measured_at_pool'],
      why:
        'The Lifinity and Meteora legs are emitted twice, the Orca leg once: input 54619882 = 2 × 27309941. The ' +
        'output 3947073 is what the Orca pool sent the wallet’s 282MxVWj… before Jupiter moved its 33550 platform ' +
        'fee on to 6WvkEJyE… (owner 45ruCyfd…); the wallet kept 3913523, Jupiter’s exactOutAmount.',
    },
  },
  rNMFZpBmbr6R8g4hStbC5qAictmWvGFQVTwQyXoCY6QDrcq9UV2QfHJ6oARNuS1VaUh3HVe799CDn44dWQReAye: {
    owner: 'GKj54MVFppoYsxPU9jMn7CMniVRAuveFadyTtFhn1vXy',
    truth: swap('CMjfdovtzmgRsnhE1cCzdwDFGKt1UzZB4oCGQchQpump', 634862142081n, USDC, 47461249n),
    dexParser: {
      category: 'jupiter_legs_twice',
      also: ['fee_measured_at_pool'],
      why:
        'Aggregate 1269724284162 → 95495470 is the three-leg route emitted twice. The SolFi leg’s 47747735 USDC is ' +
        'also before the 286486 Jupiter platform fee paid to GryjGMyn… (owner 45ruCyfd…): the wallet’s HEdQot5B… ' +
        'received 47461249.',
    },
  },
  '51SfoFAgv3nxEaajLFPCcQpnYaqoLdfZh3ZBWGdNB6c4VSRLcfNzxTnK77ggbsR5HjhDzakQsy35uFZg8KtFAkSj': {
    owner: 'AVYG9UHetNHT1FEDPLv9pN2sCCH4CLsjvkzGjVXBfEiS',
    truth: swap(USDC, 100000000n, 'oreoN2tQbHXVaZsr3pf66A48miqcBXCDJozganhEJgz', 944945170n),
    dexParser: {
      category: 'jupiter_legs_twice',
      why:
        'Split route: 20000000 USDC → 188382438 ORE on one branch, 80000000 USDC → … → 756562732 ORE on the other. ' +
        'Besides the doubled legs, the AMM-side copy of the first branch (programId HyaB3W…, idx 3-2) is read ' +
        'backwards as ORE 188382438 → USDC 20000000 and sorts first, so `getFinalSwap` takes ORE as the input: ' +
        'aggregate ORE 188382438 → ORE 1701507902 (= 188382438 + 2 × 756562732). The wallet: USDC −100000000, ORE ' +
        '+944945170 (= 188382438 + 756562732).',
    },
  },
  '4riUkys7tZH6TSTgetiDoee6gG7HrzPqJniXoLm6CDnQ2cmkqdzVAtMjtbTYiVUz8vmhpE7tKkSJa2b2TrkPeuBr': {
    owner: 'AgHKxMdBmnvKVNBiqQHuLUVyHRGj7xsjVNGxnkUQbDHX',
    truth: swap(SOL, 60000000n, USDC, 8022110n),
    dexParser: {
      category: 'fee_measured_at_pool',
      why:
        'Jupiter → OpenBook. The peer’s 8090882 is the leg’s output before Jupiter’s 68772 USDC platform fee (it ' +
        'lists the 68772 as the trade’s fee): the route account G4CD7aqq… sent 68772 to DB4KNmfT… (owner ' +
        '45ruCyfd…) and 8022110 to the wallet’s EUb5LM2k…, which is also Jupiter’s and serejke’s exactOutAmount.',
    },
  },
  '4cWStqraSHpMd8ix4eNaRSa22BUubTtDxLaemkPRwpnydJWsZUxHi4xXuMnuZZX7KS2eZdguspZJL8bpQ34ZikfU': {
    owner: 'Ef7JouhnpHw8TMCQRJ5JEzWftLsgk3wx2eFtiK5Rh7ox',
    truth: swap(SOL, 16050046n, '2mNz73pMDGFknAp95iZm8WnFsSYQC4NVJtAz6mFF9ycv', 4078713102n),
    dexParser: {
      category: 'two_swaps_netted',
      also: ['jupiter_legs_twice'],
      why:
        'Two Jupiter instructions: 1000000000 lamports → 361766702459 tokens, then 357687989357 tokens → 983949954 ' +
        'lamports. We net them into one swap (SOL −16050046, token +4078713102). The peer’s aggregate, SOL ' +
        '2000000000 → SOL 1967899908, merges both swaps and (Jupiter legs counted twice) their copies.',
    },
  },
  '2BppD7ZqzcCpJ4WbvSbm6AAH7ZS1dZxAgjwNWWCPxuk7ahxSwdRHVBKRLjtb4uQYJR1BfNxcehW6qcYTGKki1TgP': {
    owner: '4qLQDSpCwGJSig3tDvkfUbgW1TJWgeABpr5BtR3r3vZo',
    truth: null,
    dexParser: {
      category: 'same_mint_arbitrage',
      also: ['jupiter_legs_twice'],
      why:
        'SOL → USDC → mSOL → SOL: the wallet’s WSOL account E7dccQmq… sent 200000000 and got back 200085236. We ' +
        'report no swap, only the SOL gain (a transfer_in of 42618: the +85236 net of a 42618 Jito tip, see the ' +
        'findings). The peer’s aggregate 200000000 → 400170472 also counts the last leg twice (Jupiter legs ' +
        'counted twice).',
    },
    jupiter: {
      category: 'same_mint_arbitrage',
      why:
        'Jupiter reports the arbitrage as one swap, SOL 200000000 → SOL 200085236: exactly what the wallet’s WSOL ' +
        'account E7dccQmq… sent and got back (+85236). We report no swap.',
    },
  },
  '5Rt3HkbvPRtQZ2FKxi8mAbsrTSLUQmb5SaphqD32pntbC3hgxZV9PayGL6pZGMSVXWBrrCAaw8uhDSR6R8J5bkgy': {
    owner: '8yZySK1mwxaajGNhK74pF2VSJvfYvgD7kocnxXvvEYRz',
    truth: null,
    dexParser: {
      category: 'two_swaps_netted',
      also: ['jupiter_legs_twice'],
      why:
        'Two Jupiter instructions: SOL 50000000 → BONK 29666093455, then BONK 29666093455 → SOL 49936501. The ' +
        'BONK cancels, so we report no swap; the 63499 lamports lost on the round trip are a transfer_out to the ' +
        'first pool’s owner 6oFWm7KP…. The peer’s aggregate, SOL 100000000 → SOL 99873002, is both swaps with ' +
        'their legs counted twice.',
    },
    jupiter: {
      category: 'two_swaps_netted',
      why:
        'Jupiter and serejke report the two swaps separately, SOL 50000000 → BONK 29666093455 (swap-result-0) and ' +
        'BONK 29666093455 → SOL 49936501 (swap-result-1). The wallet’s BONK nets to 0 and its SOL to −63499, so we ' +
        'report no swap.',
    },
  },
  '5SnGKXqNQ6zYGfNHQwHWwRtbxnYHUHLbANXgpvCLuXD1LA5paStRBcuXwu2T5eM9xsVWFQTzeUNwPWx6UAQhUb2t': {
    owner: '7eCimQLMWipNjqr3DjvrfXRNuaFZXuSfRofqvwMvvpz2',
    truth: null,
    dexParser: {
      category: 'program_owned_swapper',
      also: ['jupiter_legs_twice'],
      why:
        'The swap is made by FMFot66s… (off the ed25519 curve; the transaction runs TLPv2tu…): its BONK −21466335085, ' +
        'WSOL +35700000, USDC +3456. The signer 7eCimQLM… only pays the 5000 network fee. The peer credits the ' +
        'signer, counts the legs twice (aggregate BONK 42932673352 → SOL 35700000) and reads the Phoenix leg ' +
        'backwards (SOL 35700000 → USDC 4935798).',
    },
    jupiter: {
      category: 'program_owned_swapper',
      why:
        'Both Jupiter parsers name the signer as owner (serejke: transferAuthority FMFot66s…); its only balance ' +
        'change is the 5000 network fee, so we report no swap for it. serejke’s inAmount ' +
        '21466338267 is also 3182 more than the 21466335085 BONK that moved; Jupiter’s swap-result has the moved ' +
        'amount.',
    },
  },
  GCeRpjvfNXZB6BJFQChjpKycdKpRwQGS1BSwUvLjVpJj6NgdzzQACAWt89ZEfEXjeRSqzhDX8CHtzpMUnfJ7VMJ: {
    owner: '46ECY5pTrN9Fbu5HdobxWBKxeAQXMo6uXTDwozrKadWZ',
    truth: null,
    dexParser: {
      category: 'same_mint_arbitrage',
      also: ['jupiter_legs_twice'],
      why:
        'USDC → SOL → … → J5tzd1… → USDC: 4439613 out, 4453650 back. We report transfer_in 14037 USDC, transfer_in ' +
        '651 J5tzd1… (Token-2022 dust left over from the route) and the 7500-lamport Jito tip to DfXygSm4… as a ' +
        '`fee`: the tip is the wallet’s whole SOL decrease, so SOL is no swap leg. The peer’s aggregate USDC ' +
        '8879226 → 8907300 is the route counted twice.',
    },
    jupiter: {
      category: 'same_mint_arbitrage',
      why:
        'Jupiter reports USDC 4439613 → USDC 4453650: the route’s first input and last output. The wallet’s USDC ' +
        'rose by the difference, 14037, which we report as a transfer_in; no swap.',
    },
  },
  '3p36wGRa191szhME5kRbg41cv9sXPPYvozkkKvPMErwoakXGZNDbjgCtV3e7uzU9dSDABtAgpm7heoepNhDmxJwN': {
    owner: 'GKj54MVFppoYsxPU9jMn7CMniVRAuveFadyTtFhn1vXy',
    truth: swap(USDC, 250000000n, 'DKu9kykSfbN5LBfFXtNNDPaX35o4Fv6vJ9FKk7pZpump', 6373264828n),
    dexParser: {
      category: 'fee_measured_at_pool',
      why:
        'OKX commissionSplProxySwap. The wallet’s USDC account HEdQot5B… fell by 250000000: 249250000 into the ' +
        'router account HjkGLCPn… (owner HV1KXxWF…), which kept 6889 and passed 249243111 to Phoenix — the peer’s ' +
        'figure — and 750000 commission, moved by the OKX program itself (inner instruction of 6m2CDdhR…), to ' +
        '5HeHTk8h… (owner e24SXSTq…; the peer lists it as the trade’s fee). Like PumpSwap’s protocol fee, a fee ' +
        'the venue takes from the wallet’s input is part of what the wallet paid the venue.',
    },
  },
};
