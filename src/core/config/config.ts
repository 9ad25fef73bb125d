import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OofError } from '../errors/oof-error.ts';

/**
 * Configuration: defaults < YAML file (`OOF_CONFIG`, else `./oof.yaml` when present) < environment.
 * Parsed once at start; a bad value stops the process with the path of the field and what was expected.
 */
const objectStoreSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fs') }).strict(),
  z
    .object({
      kind: z.literal('s3'),
      bucket: z.string().min(1),
      endpoint: z.url().optional(),
      region: z.string().min(1).default('auto'),
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      prefix: z.string().default(''),
      forcePathStyle: z.boolean().default(true),
    })
    .strict(),
]);

const base58Address = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 Solana address');
const httpUrl = z.string().refine((u) => URL.canParse(u) && /^https?:/.test(u), 'expected an http(s) URL');

/** An origin exactly as a browser sends it: scheme, host and port only (`https://app.example`, no path). */
const origin = z
  .string()
  .refine((o) => URL.canParse(o) && new URL(o).origin === o, 'expected an origin like https://app.example');

/** API access (SPEC §3 "Access"): bearer tokens, wallet sign-in, rate limits and CORS. */
const accessSchema = z
  .object({
    /** JWKS of the identity provider (Dynamic): RS256/ES256 user tokens are verified against it when set. */
    jwksUrl: httpUrl.optional(),
    /** Required `iss` of provider tokens (e.g. `app.dynamicauth.com/<environment id>`). */
    jwtIssuer: z.string().min(1).optional(),
    /** Required `aud` of provider tokens, when the provider sets one. */
    jwtAudience: z.string().min(1).optional(),
    /**
     * HS256 key of the wallet session tokens (at least 32 characters). Unset: a random key per process, so
     * sessions end on restart and are not shared between instances (fine for one embedded process only).
     */
    sessionSecret: z.string().min(32, 'expected at least 32 characters').optional(),
    sessionTtlSec: z.coerce.number().int().min(60).max(86_400).default(3600),
    /** How long a sign-in nonce may be used (single use). */
    nonceTtlSec: z.coerce.number().int().min(30).max(3600).default(300),
    /** Who asks for the signature, first line of the sign-in message (Sign-In-With-Solana style). */
    signInDomain: z.string().min(1).default('oof'),
    /** Browser origins allowed to call the API; none by default (same-origin and non-browser clients only). */
    corsOrigins: z.array(origin).default([]),
    rateLimit: z
      .object({
        perIpMax: z.coerce.number().int().min(1).default(300),
        perIpWindowMs: z.coerce.number().int().min(1000).default(60_000),
        perSubjectMax: z.coerce.number().int().min(1).default(120),
        perSubjectWindowMs: z.coerce.number().int().min(1000).default(60_000),
      })
      .strict()
      .default({ perIpMax: 300, perIpWindowMs: 60_000, perSubjectMax: 120, perSubjectWindowMs: 60_000 }),
  })
  .strict()
  .refine((a) => a.jwksUrl === undefined || a.jwtIssuer !== undefined, {
    message: 'jwtIssuer (OOF_JWT_ISSUER) is required with jwksUrl',
    path: ['jwtIssuer'],
  });

export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./.oof'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
      .optional(),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** One Solana JSON-RPC URL, or several separated by commas (failover in that order of preference). */
    rpcUrl: z
      .string()
      .refine(
        (v) => v.split(',').every((u) => URL.canParse(u.trim()) && /^https?:/.test(u.trim())),
        'expected http(s) URLs, separated by commas',
      )
      .optional(),
    redisUrl: z.string().optional(),
    objectStore: objectStoreSchema.default({ kind: 'fs' }),
    /** Mints priced as quote assets (SOL/WSOL, USDC, USDT by default). */
    quoteMints: z.array(base58Address).min(1).optional(),
    /** Helius webhook deliveries: the route is enabled when one credential is set. */
    helius: z
      .object({
        webhookAuth: z.string().min(8).optional(),
        webhookHmacSecret: z.string().min(16).optional(),
        /** Helius API key: the copy-trading watchlist is synced to the webhook (needs publicUrl too). */
        apiKey: z.string().min(8).optional(),
      })
      .strict()
      .default({}),
    /** Base URLs of the price vendors (SPEC §2.6); `OOF_PRICES_URL` points all of them at one replay server. */
    market: z
      .object({
        geckoterminalUrl: httpUrl.optional(),
        jupiterUrl: httpUrl.optional(),
        dexscreenerUrl: httpUrl.optional(),
        birdeyeUrl: httpUrl.optional(),
        /** RugCheck report API (token safety); the replay node answers it on the simulated market. */
        rugcheckUrl: httpUrl.optional(),
        /** Birdeye price history is asked only when a key is configured. */
        birdeyeApiKey: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    analytics: z
      .object({
        /** Exchange deposit addresses: transfers to them realize at market (SPEC §3). */
        exchangeDeposits: z.array(base58Address).default([]),
        /** Detector thresholds file (default: config/detectors.yaml of the checkout). */
        detectorsFile: z.string().min(1).optional(),
      })
      .strict()
      .default({ exchangeDeposits: [] }),
    ingest: z
      .object({ batchSize: z.coerce.number().int().min(1).max(5000).default(200) })
      .strict()
      .default({ batchSize: 200 }),
    access: accessSchema.default(accessSchema.parse({})),
    /** Public base URL of this API (card links in NFT metadata), e.g. https://api.oof.example. */
    publicUrl: httpUrl.optional(),
    /** Compressed-NFT mints of moments (Metaplex Bubblegum): the merkle tree and, unless public, its delegate. */
    cnft: z
      .object({ tree: base58Address.optional(), treeDelegate: base58Address.optional() })
      .strict()
      .default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

type Env = Readonly<Record<string, string | undefined>>;

function fromEnv(env: Env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  set('dataDir', env.OOF_DATA_DIR);
  set('databaseUrl', env.DATABASE_URL);
  set('port', env.PORT);
  set('logLevel', env.LOG_LEVEL);
  set('rpcUrl', env.SOLANA_RPC_URL);
  set('redisUrl', env.REDIS_URL);
  set('publicUrl', env.OOF_PUBLIC_URL);
  if (env.OOF_CNFT_TREE) {
    out.cnft = {
      tree: env.OOF_CNFT_TREE,
      ...(env.OOF_CNFT_TREE_DELEGATE ? { treeDelegate: env.OOF_CNFT_TREE_DELEGATE } : {}),
    };
  }
  const market: Record<string, string> = {};
  const setMarket = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') market[key] = value;
  };
  for (const key of ['geckoterminalUrl', 'jupiterUrl', 'dexscreenerUrl', 'birdeyeUrl', 'rugcheckUrl'])
    setMarket(key, env.OOF_PRICES_URL);
  setMarket('geckoterminalUrl', env.GECKOTERMINAL_URL);
  setMarket('jupiterUrl', env.JUPITER_PRICE_URL);
  setMarket('dexscreenerUrl', env.DEXSCREENER_URL);
  setMarket('birdeyeUrl', env.BIRDEYE_URL);
  setMarket('rugcheckUrl', env.OOF_RUGCHECK_URL);
  setMarket('birdeyeApiKey', env.BIRDEYE_API_KEY);
  if (Object.keys(market).length > 0) out.market = market;
  if (env.OOF_EXCHANGE_DEPOSITS || env.OOF_DETECTORS_FILE) {
    out.analytics = {
      ...(env.OOF_EXCHANGE_DEPOSITS
        ? {
            exchangeDeposits: env.OOF_EXCHANGE_DEPOSITS.split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          }
        : {}),
      ...(env.OOF_DETECTORS_FILE ? { detectorsFile: env.OOF_DETECTORS_FILE } : {}),
    };
  }
  if (env.HELIUS_WEBHOOK_AUTH || env.HELIUS_WEBHOOK_SECRET || env.HELIUS_API_KEY) {
    out.helius = {
      ...(env.HELIUS_WEBHOOK_AUTH ? { webhookAuth: env.HELIUS_WEBHOOK_AUTH } : {}),
      ...(env.HELIUS_WEBHOOK_SECRET ? { webhookHmacSecret: env.HELIUS_WEBHOOK_SECRET } : {}),
      ...(env.HELIUS_API_KEY ? { apiKey: env.HELIUS_API_KEY } : {}),
    };
  }
  const access: Record<string, unknown> = {};
  const rateLimit: Record<string, string> = {};
  for (const [key, name] of [
    ['jwksUrl', 'OOF_JWKS_URL'],
    ['jwtIssuer', 'OOF_JWT_ISSUER'],
    ['jwtAudience', 'OOF_JWT_AUDIENCE'],
    ['sessionSecret', 'OOF_SESSION_SECRET'],
  ] as const) {
    const value = env[name];
    if (value !== undefined && value !== '') access[key] = value;
  }
  if (env.OOF_CORS_ORIGINS) {
    access.corsOrigins = env.OOF_CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  for (const [key, name] of [
    ['perIpMax', 'OOF_RATE_LIMIT_IP_MAX'],
    ['perIpWindowMs', 'OOF_RATE_LIMIT_IP_WINDOW_MS'],
    ['perSubjectMax', 'OOF_RATE_LIMIT_SUBJECT_MAX'],
    ['perSubjectWindowMs', 'OOF_RATE_LIMIT_SUBJECT_WINDOW_MS'],
  ] as const) {
    const value = env[name];
    if (value !== undefined && value !== '') rateLimit[key] = value;
  }
  if (Object.keys(rateLimit).length > 0) access.rateLimit = rateLimit;
  if (Object.keys(access).length > 0) out.access = access;
  if (env.S3_BUCKET !== undefined && env.S3_BUCKET !== '') {
    out.objectStore = {
      kind: 's3',
      bucket: env.S3_BUCKET,
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      ...(env.S3_REGION ? { region: env.S3_REGION } : {}),
      accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
      ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
    };
  }
  return out;
}

function readYaml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new OofError(
      'CONFIG_FILE_UNREADABLE',
      `Cannot read config file ${path}: check the path in OOF_CONFIG.`,
      { path },
      cause,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (cause) {
    throw new OofError(
      'CONFIG_INVALID',
      `Config file ${path} is not valid YAML: ${(cause as Error).message}`,
      { path },
      cause,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new OofError('CONFIG_INVALID', `Config file ${path} must hold a YAML mapping at the top level.`, {
      path,
    });
  }
  return doc as Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const explicit = env.OOF_CONFIG;
  const candidate = explicit ?? resolve(cwd, 'oof.yaml');
  const fileValues = explicit !== undefined || existsSync(candidate) ? readYaml(candidate) : {};
  const envValues = fromEnv(env);
  const merged = { ...fileValues, ...envValues };
  // Access settings merge per field (secrets usually come from the environment, origins from the file).
  if (isRecord(fileValues.access) && isRecord(envValues.access)) {
    const rateLimit =
      isRecord(fileValues.access.rateLimit) && isRecord(envValues.access.rateLimit)
        ? { rateLimit: { ...fileValues.access.rateLimit, ...envValues.access.rateLimit } }
        : {};
    merged.access = { ...fileValues.access, ...envValues.access, ...rateLimit };
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new OofError(
      'CONFIG_INVALID',
      `Invalid configuration (from ${explicit ?? 'defaults, oof.yaml and environment'}):\n${problems.join('\n')}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  return parsed.data;
}
