/** Mints with a fixed meaning across the product (mainnet). */
export const SOL_MINT = 'So11111111111111111111111111111111111111112';
export const SOL_DECIMALS = 9;
export const USDC_MINT = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
export const USDT_MINT = 'Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB';

/** Stablecoins valued at exactly $1 per whole token when a swap leg is priced. */
export const USD_STABLE_MINTS: ReadonlySet<string> = new Set([USDC_MINT, USDT_MINT]);

/** Default quote assets (SPEC §2.2): a swap token↔quote is a BUY or SELL of the token. */
export const DEFAULT_QUOTE_MINTS: readonly string[] = [SOL_MINT, USDC_MINT, USDT_MINT];
