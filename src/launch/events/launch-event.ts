/**
 * The launch radar's events, mirroring `proto/oof/launch/v1/launch_radar.proto` as @grpc/proto-loader hands
 * them over with `keepCase: false, longs: String, enums: String, oneofs: true`: camelCase field names, every
 * 64-bit integer (uint64, int64, sint64) a decimal string, enums by name. Exact decimals (prices, shares) are
 * decimal strings as in the contract. The event log stores exactly these bodies, so the stream is a plain copy.
 */

export type Side = 'SIDE_UNSPECIFIED' | 'SIDE_BUY' | 'SIDE_SELL';
export type TradeVenue = 'pumpfun' | 'pumpswap' | 'raydium';
export type AmmVenue = 'pumpswap' | 'raydium';
export type RiskFlagName = 'HOLDER_CONCENTRATION' | 'CREATOR_DUMPING' | 'SERIAL_LAUNCHER' | 'BUNDLED_LAUNCH';
export type RiskSeverity = 'info' | 'warn' | 'critical';

export interface TokenLaunched {
  readonly mint: string;
  readonly creator: string;
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  readonly bondingCurve: string;
  readonly signature: string;
  /** "create" or "create_v2" */
  readonly instruction: 'create' | 'create_v2';
  readonly tokenProgram: string;
}

export interface TradeObserved {
  readonly mint: string;
  readonly signature: string;
  readonly signer: string;
  readonly side: Side;
  readonly venue: TradeVenue;
  readonly solAmount: string;
  readonly tokenAmount: string;
  readonly feeLamports: string;
  readonly creatorFeeLamports: string;
  /** Reserves after the trade as the program's event reported them (for AMM trades: the pool's). */
  readonly virtualSolReserves: string;
  readonly virtualTokenReserves: string;
  readonly realSolReserves: string;
  readonly realTokenReserves: string;
  readonly eventIndex: number;
}

export interface CurveSnapshot {
  readonly mint: string;
  readonly bondingCurve: string;
  readonly virtualSolReserves: string;
  readonly virtualTokenReserves: string;
  readonly realSolReserves: string;
  readonly realTokenReserves: string;
  readonly tokenTotalSupply: string;
  readonly complete: boolean;
  readonly impliedPriceSol: string;
  readonly soldPct: string;
  readonly marketCapSol: string;
}

export interface AmmSnapshot {
  readonly mint: string;
  readonly pool: string;
  readonly venue: AmmVenue;
  readonly baseReserve: string;
  readonly quoteReserve: string;
  readonly impliedPriceSol: string;
  readonly lpSupply: string;
}

export interface TokenMigrated {
  readonly mint: string;
  readonly venue: AmmVenue;
  readonly pool: string;
  readonly signature: string;
}

export interface FeatureBucket {
  readonly mint: string;
  readonly venue: TradeVenue;
  readonly minuteStartMs: string;
  readonly trades: number;
  readonly uniqueSigners: number;
  readonly uniqueBuyers: number;
  readonly solIn: string;
  readonly solOut: string;
  /** solIn − solOut, lamports, may be negative. */
  readonly netInflow: string;
  readonly meanTradeSol: string;
  readonly stddevTradeSol: string;
  readonly top5WhaleShare: string;
  readonly revision: number;
}

export interface RiskFlagEvent {
  readonly mint: string;
  readonly flag: RiskFlagName;
  readonly severity: RiskSeverity;
  readonly value: string;
  readonly threshold: string;
  readonly detailsJson: string;
}

/** Not stored: the server sends one when the stream was idle. */
export interface Heartbeat {
  readonly serverTimeMs: string;
  readonly lastCursor: string;
}

/** The body of a stored event: the proto oneof, keyed by the name of its field. */
export type LaunchEventBody =
  | { readonly kind: 'tokenLaunched'; readonly tokenLaunched: TokenLaunched }
  | { readonly kind: 'tradeObserved'; readonly tradeObserved: TradeObserved }
  | { readonly kind: 'curveSnapshot'; readonly curveSnapshot: CurveSnapshot }
  | { readonly kind: 'ammSnapshot'; readonly ammSnapshot: AmmSnapshot }
  | { readonly kind: 'featureBucket'; readonly featureBucket: FeatureBucket }
  | { readonly kind: 'riskFlag'; readonly riskFlag: RiskFlagEvent }
  | { readonly kind: 'tokenMigrated'; readonly tokenMigrated: TokenMigrated };

export type LaunchEventKind = LaunchEventBody['kind'];

export const LAUNCH_EVENT_KINDS: readonly LaunchEventKind[] = [
  'tokenLaunched',
  'tradeObserved',
  'curveSnapshot',
  'ammSnapshot',
  'featureBucket',
  'riskFlag',
  'tokenMigrated',
];

/** The oneof field name of the proto ("feature_bucket") or its camelCase form → the kind; undefined if unknown. */
export function parseLaunchEventKind(name: string): LaunchEventKind | undefined {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return LAUNCH_EVENT_KINDS.find((k) => k === camel);
}

/** An event to append: the body, where it sits in chain time, and the fact it records (stored once). */
export interface NewLaunchEvent {
  readonly slot: bigint;
  readonly tEventMs: bigint;
  readonly dedupeKey: string;
  readonly event: LaunchEventBody;
}

/** An event read back from the log. */
export interface StoredLaunchEvent {
  readonly cursor: bigint;
  readonly tEventMs: bigint;
  readonly slot: bigint;
  readonly event: LaunchEventBody;
}

export const launchEventMint = (e: LaunchEventBody): string => {
  switch (e.kind) {
    case 'tokenLaunched':
      return e.tokenLaunched.mint;
    case 'tradeObserved':
      return e.tradeObserved.mint;
    case 'curveSnapshot':
      return e.curveSnapshot.mint;
    case 'ammSnapshot':
      return e.ammSnapshot.mint;
    case 'featureBucket':
      return e.featureBucket.mint;
    case 'riskFlag':
      return e.riskFlag.mint;
    case 'tokenMigrated':
      return e.tokenMigrated.mint;
  }
};

/**
 * The proto-loader object of a stored event (`LaunchEvent` message): cursor, time and slot as decimal strings,
 * the oneof member under its field name and `body` naming it.
 */
export function toLaunchEventMessage(stored: StoredLaunchEvent): Record<string, unknown> {
  const { kind } = stored.event;
  return {
    cursor: stored.cursor.toString(),
    tEventMs: stored.tEventMs.toString(),
    slot: stored.slot.toString(),
    [kind]: (stored.event as unknown as Record<string, unknown>)[kind],
    body: kind,
  };
}
