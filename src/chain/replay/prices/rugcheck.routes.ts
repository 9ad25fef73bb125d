import { formatUnits, fromScaled } from '../../../domain/decimal.ts';
import type { ArchiveCandleBook } from './archive-candle-book.ts';
import { replayLiquidity, type ReplayTokenFacts } from './replay-liquidity.ts';
import { jsonNumber, type VendorResponse } from './vendor-response.ts';

export const RUGCHECK_REPORT_PATH = /^\/v1\/tokens\/([^/]+)\/report\/?$/;

/** Holders RugCheck lists in `topHolders`. */
const TOP_HOLDERS = 20;
const PCT_SCALE = 12;

interface Risk {
  readonly name: string;
  readonly value: string;
  readonly description: string;
  readonly score: number;
  readonly level: 'danger' | 'warn' | 'info';
}

/**
 * The risks of a replayed token, each from an archive fact and named as RugCheck's 2025 reports name them.
 * Scores are ours (RugCheck does not publish its weights): a live mint authority 30000 and a live freeze
 * authority 7500 (either one alone makes a token unsafe), a single holder above 10% of supply its share in
 * basis points (RugCheck's recorded reports score it that way: 58.28% → 5828), the top ten above 50% 1000.
 */
function risksOf(
  mintAuthority: string | null,
  freezeAuthority: string | null,
  topPctScaled: bigint,
  top10PctScaled: bigint,
): Risk[] {
  const risks: Risk[] = [];
  if (mintAuthority !== null) {
    risks.push({
      name: 'Mint Authority still enabled',
      value: '',
      description: 'More tokens can be minted by the owner',
      score: 30000,
      level: 'danger',
    });
  }
  if (freezeAuthority !== null) {
    risks.push({
      name: 'Freeze Authority still enabled',
      value: '',
      description: 'Tokens can be frozen and prevented from trading in the future',
      score: 7500,
      level: 'danger',
    });
  }
  const ten = 10n * 10n ** BigInt(PCT_SCALE);
  if (topPctScaled > ten) {
    risks.push({
      name: 'Single holder ownership',
      value: `${fromScaled(topPctScaled / 10n ** BigInt(PCT_SCALE - 2), 2)}%`,
      description: 'One user holds a large amount of the token supply',
      score: Number((topPctScaled * 100n) / 10n ** BigInt(PCT_SCALE)),
      level: 'danger',
    });
  }
  if (top10PctScaled > 5n * ten) {
    risks.push({
      name: 'High holder concentration',
      value: '',
      description: 'The top 10 users hold more than 50% token supply',
      score: 1000,
      level: 'warn',
    });
  }
  return risks;
}

/**
 * RugCheck `GET /v1/tokens/{mint}/report` for a mint of the archive, in the 2025 report shape (the fields our
 * parser reads and their neighbours): the mint account's authorities, supply and decimals (recorded
 * `accounts.jsonl` mint), `topHolders` from the token balances as of the archive's last slot (largest token
 * accounts, `pct` of supply), the replay market with its liquidity (replayLiquidity) when the archive records
 * it, `risks` computed from those facts (risksOf) and `score` their sum. 404 `{error: 'not found'}` for a
 * mint the archive has no mint account of, as RugCheck answers for tokens it does not know.
 */
export async function rugCheckReport(
  book: ArchiveCandleBook,
  facts: ReplayTokenFacts,
  match: RegExpExecArray,
): Promise<VendorResponse> {
  const mint = decodeURIComponent(match[1] ?? '');
  const ledger = await facts.ledger();
  const account = ledger.mintAccount(mint);
  if (account === undefined || account === null) return { status: 404, body: { error: 'not found' } };
  const supply = account.supply;
  const holders = ledger.holdings(mint).filter((h) => h.amount > 0n);
  const scaledPct = (amount: bigint): bigint =>
    supply === 0n ? 0n : (amount * 100n * 10n ** BigInt(PCT_SCALE)) / supply;
  const top = holders.slice(0, TOP_HOLDERS);
  const top10 = top.slice(0, 10).reduce((s, h) => s + scaledPct(h.amount), 0n);
  const risks = risksOf(
    account.mintAuthority,
    account.freezeAuthority,
    top[0] === undefined ? 0n : scaledPct(top[0].amount),
    top10,
  );
  const score = risks.reduce((s, r) => s + r.score, 0);
  const token = book.token(mint);
  const latest = token === undefined ? undefined : await book.latest(mint);
  const liquidity = latest === undefined ? null : await replayLiquidity(book, facts, mint, latest.close);
  const tokenProgram = top[0]?.programId ?? null;
  return {
    status: 200,
    body: {
      mint,
      ...(tokenProgram === null ? {} : { tokenProgram }),
      token: {
        mintAuthority: account.mintAuthority,
        supply: jsonNumber(supply.toString()),
        decimals: account.decimals,
        isInitialized: account.isInitialized,
        freezeAuthority: account.freezeAuthority,
      },
      token_extensions: null,
      tokenMeta: token === undefined ? null : { name: token.name, symbol: token.symbol },
      topHolders: top.map((h) => {
        const ui = formatUnits(h.amount, h.decimals);
        return {
          address: h.address,
          amount: jsonNumber(h.amount.toString()),
          decimals: h.decimals,
          pct: jsonNumber(fromScaled(scaledPct(h.amount), PCT_SCALE)),
          uiAmount: jsonNumber(ui),
          uiAmountString: ui,
          ...(h.owner === null ? {} : { owner: h.owner }),
          insider: false,
        };
      }),
      freezeAuthority: account.freezeAuthority,
      mintAuthority: account.mintAuthority,
      risks,
      score,
      // Our normalisation (RugCheck's is unpublished): the raw score over 100, capped at 100.
      score_normalised: Math.min(100, Math.floor(score / 100)),
      markets:
        liquidity === null
          ? []
          : [
              {
                pubkey: liquidity.reserves.market,
                marketType: liquidity.reserves.kind === 'pumpswap' ? 'pump_fun_amm' : 'pump_fun',
                mintA: mint,
                mintB: 'So11111111111111111111111111111111111111112',
                liquidityA: liquidity.reserves.tokenVault,
              },
            ],
      totalMarketLiquidity: jsonNumber(liquidity?.usd ?? '0'),
      totalLPProviders: 0,
      totalHolders: holders.length,
      rugged: false,
      ...(latest === undefined ? {} : { detectedAt: new Date(latest.first * 1000).toISOString() }),
    },
  };
}
