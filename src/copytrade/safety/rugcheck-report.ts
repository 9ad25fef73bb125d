import { z } from 'zod';
import { fromScaled, toScaled } from '../../domain/decimal.ts';
import {
  jsonDecimal,
  jsonNonNegativeDecimal,
  jsonSafeInteger,
  jsonUnsignedBigInt,
  parseResponse,
} from '../../market/http/fetch-json.ts';

/** One holder of RugCheck's `topHolders` (token accounts, largest first; `pct` in percent of supply). */
export interface RugCheckHolder {
  readonly address: string;
  readonly owner: string | null;
  readonly amountRaw: bigint;
  /** Percent of supply as RugCheck wrote it (e.g. `58.2832367774534`), exact text. */
  readonly pct: string;
  readonly insider: boolean;
}

export interface RugCheckRisk {
  readonly name: string;
  /** `danger | warn | info` in the 2025 reports; null when absent. */
  readonly level: string | null;
  readonly value: string;
  readonly description: string;
  readonly score: number | null;
}

/** LP facts of one market (pool) RugCheck found for the mint. */
export interface RugCheckMarket {
  readonly pubkey: string;
  readonly marketType: string;
  readonly lpLockedPct: string | null;
  readonly lpLockedUsd: string | null;
}

/** What the safety score takes from a RugCheck `/v1/tokens/{mint}/report`. */
export interface RugCheckReport {
  readonly mint: string;
  readonly tokenProgram: string | null;
  readonly mintAuthority: string | null;
  readonly freezeAuthority: string | null;
  readonly supplyRaw: bigint | null;
  readonly decimals: number | null;
  readonly topHolders: readonly RugCheckHolder[];
  /** Sum of the first ten holders' `pct`, exact (percent). Null when RugCheck lists no holders. */
  readonly top10Pct: string | null;
  readonly risks: readonly RugCheckRisk[];
  /** Why RugCheck's report says a holder could not sell (empty = not a honeypot); see `honeypotReasons`. */
  readonly honeypotReasons: readonly string[];
  readonly rugged: boolean;
  /** RugCheck's raw risk score (higher = riskier) and its 0..100 normalisation. */
  readonly score: number;
  readonly scoreNormalised: number | null;
  readonly totalMarketLiquidityUsd: string | null;
  readonly totalLpProviders: number | null;
  readonly markets: readonly RugCheckMarket[];
  readonly detectedAt: string | null;
}

export const RUGCHECK_SOURCE = 'rugcheck';

const holderSchema = z.object({
  address: z.string().min(1),
  owner: z.string().optional(),
  amount: jsonUnsignedBigInt,
  pct: jsonNonNegativeDecimal,
  insider: z.boolean().optional(),
});

const riskSchema = z.object({
  name: z.string(),
  value: z.string().optional(),
  description: z.string().optional(),
  score: jsonSafeInteger.optional(),
  level: z.string().optional(),
});

const marketSchema = z.object({
  pubkey: z.string(),
  marketType: z.string(),
  lp: z
    .object({
      lpLockedPct: jsonNonNegativeDecimal.optional(),
      lpLockedUSD: jsonNonNegativeDecimal.optional(),
    })
    .nullable()
    .optional(),
});

// The 2025 report nests the mint account here; the older swagger typed it as a string, so both are read.
const tokenSchema = z.union([
  z.object({
    mintAuthority: z.string().nullable(),
    freezeAuthority: z.string().nullable(),
    supply: jsonUnsignedBigInt,
    decimals: jsonSafeInteger,
  }),
  z.string(),
]);

const extensionsSchema = z.object({
  nonTransferable: z.boolean().optional(),
  permanentDelegate: z.unknown().optional(),
});

/** `rugcheck_api.TokenCheck` (swagger 1.0) as the 2025 service writes it; only the fields we use. */
const reportSchema = z.object({
  mint: z.string().min(1),
  tokenProgram: z.string().optional(),
  mintAuthority: z.string().nullable(),
  freezeAuthority: z.string().nullable(),
  token: tokenSchema.nullable().optional(),
  token_extensions: extensionsSchema.nullable().optional(),
  topHolders: z.array(holderSchema).nullable().optional(),
  risks: z.array(riskSchema).nullable().optional(),
  score: jsonSafeInteger,
  score_normalised: jsonSafeInteger.optional(),
  rugged: z.boolean().optional(),
  markets: z.array(marketSchema).nullable().optional(),
  totalMarketLiquidity: jsonDecimal.optional(),
  totalLPProviders: jsonSafeInteger.optional(),
  detectedAt: z.string().optional(),
});

const PCT_SCALE = 18;

/** Parses a report body (numbers as lossless text) or throws PRICE_RESPONSE_INVALID naming the issues. */
export function parseRugCheckReport(body: unknown): RugCheckReport {
  const r = parseResponse(reportSchema, body, RUGCHECK_SOURCE);
  const token = typeof r.token === 'object' && r.token !== null ? r.token : null;
  const topHolders = (r.topHolders ?? []).map(
    (h): RugCheckHolder => ({
      address: h.address,
      owner: h.owner ?? null,
      amountRaw: h.amount,
      pct: h.pct,
      insider: h.insider ?? false,
    }),
  );
  const risks = (r.risks ?? []).map(
    (k): RugCheckRisk => ({
      name: k.name,
      level: k.level ?? null,
      value: k.value ?? '',
      description: k.description ?? '',
      score: k.score ?? null,
    }),
  );
  const rugged = r.rugged ?? false;
  return {
    mint: r.mint,
    tokenProgram: r.tokenProgram ?? null,
    mintAuthority: r.mintAuthority,
    freezeAuthority: r.freezeAuthority,
    supplyRaw: token?.supply ?? null,
    decimals: token?.decimals ?? null,
    topHolders,
    top10Pct:
      topHolders.length === 0
        ? null
        : fromScaled(
            topHolders.slice(0, 10).reduce((sum, h) => sum + toScaled(h.pct, PCT_SCALE), 0n),
            PCT_SCALE,
          ),
    risks,
    honeypotReasons: honeypotReasons(
      rugged,
      risks,
      r.token_extensions?.nonTransferable ?? false,
      r.token_extensions?.permanentDelegate,
    ),
    rugged,
    score: r.score,
    scoreNormalised: r.score_normalised ?? null,
    totalMarketLiquidityUsd: r.totalMarketLiquidity ?? null,
    totalLpProviders: r.totalLPProviders ?? null,
    markets: (r.markets ?? []).map((m) => ({
      pubkey: m.pubkey,
      marketType: m.marketType,
      lpLockedPct: m.lp?.lpLockedPct ?? null,
      lpLockedUsd: m.lp?.lpLockedUSD ?? null,
    })),
    detectedAt: r.detectedAt ?? null,
  };
}

/**
 * "Not a honeypot per RugCheck" (SPEC §4): a holder could not sell, or could lose the tokens, when RugCheck
 * flags the token as rugged, names a risk "honeypot", or the Token-2022 extensions it reports make the token
 * non-transferable or give someone a permanent delegate (who may move any holder's balance). Authorities are
 * not repeated here: the contract check reads them on chain.
 */
function honeypotReasons(
  rugged: boolean,
  risks: readonly RugCheckRisk[],
  nonTransferable: boolean,
  permanentDelegate: unknown,
): string[] {
  const reasons: string[] = [];
  if (rugged) reasons.push('rugcheck marks the token as rugged');
  for (const risk of risks) {
    if (/honey\s*pot/i.test(risk.name)) reasons.push(`rugcheck risk: ${risk.name}`);
  }
  if (nonTransferable) reasons.push('token-2022 non-transferable extension');
  if (permanentDelegate !== undefined && permanentDelegate !== null) {
    reasons.push('token-2022 permanent delegate');
  }
  return reasons;
}
