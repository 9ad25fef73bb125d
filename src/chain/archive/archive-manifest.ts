import { z } from 'zod';

/** `manifest.json` of a chain archive, version 1 (docs/chain-archive.md). */
export const ARCHIVE_FORMAT = 'oof-chain-archive';
export const ARCHIVE_VERSION = 1;

export const ARCHIVE_SOURCES = ['recorded', 'simulated', 'shared-data'] as const;
export type ArchiveSource = (typeof ARCHIVE_SOURCES)[number];

/** A u64 slot as the archive writes it: a decimal string (a number is accepted from lenient writers). */
export const slotText = z.union([
  z.string().regex(/^\d{1,20}$/, 'expected a decimal slot string'),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
]);

const walletSchema = z.looseObject({ address: z.string().min(1), roles: z.array(z.string()) });
const tokenSchema = z.looseObject({
  mint: z.string().min(1),
  symbol: z.string().nullish(),
  decimals: z.number().int().min(0).max(255),
  roles: z.array(z.string()),
});

const fileList = z.array(z.string()).default([]);

export const manifestSchema = z.looseObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  source: z.enum(ARCHIVE_SOURCES),
  createdBy: z.string(),
  seed: z.string().optional(),
  network: z.string(),
  timeRange: z
    .looseObject({
      fromSlot: slotText,
      toSlot: slotText,
      fromTime: z.number().int().nullable(),
      toTime: z.number().int().nullable(),
    })
    .nullable(),
  wallets: z.array(walletSchema),
  tokens: z.array(tokenSchema),
  programs: z.array(z.string()),
  counts: z.looseObject({
    transactions: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    signatures: z.number().int().nonnegative(),
    accounts: z.number().int().nonnegative(),
    logs: z.number().int().nonnegative(),
  }),
  files: z.looseObject({
    transactions: fileList,
    signatures: fileList,
    logs: fileList,
    prices: fileList,
  }),
});

export type ArchiveManifest = z.output<typeof manifestSchema>;
export type ManifestWallet = z.output<typeof walletSchema>;
export type ManifestToken = z.output<typeof tokenSchema>;

/** What the caller of a writer says about an archive; counts, files and time range the writer knows. */
export interface ManifestDescription {
  readonly source: ArchiveSource;
  readonly createdBy: string;
  readonly seed?: string;
  readonly network: string;
  readonly wallets: readonly ManifestWallet[];
  readonly tokens: readonly ManifestToken[];
  readonly programs: readonly string[];
}

/**
 * The manifest as written: keys in the documented order, two-space indent, trailing newline, so the same
 * archive always has the same bytes.
 */
export function renderManifest(m: ArchiveManifest): string {
  const ordered = {
    format: m.format,
    version: m.version,
    source: m.source,
    createdBy: m.createdBy,
    ...(m.seed === undefined ? {} : { seed: m.seed }),
    network: m.network,
    timeRange: m.timeRange,
    wallets: m.wallets.map((w) => ({ address: w.address, roles: w.roles })),
    tokens: m.tokens.map((t) => ({
      mint: t.mint,
      ...(t.symbol === undefined || t.symbol === null ? {} : { symbol: t.symbol }),
      decimals: t.decimals,
      roles: t.roles,
    })),
    programs: m.programs,
    counts: m.counts,
    files: m.files,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
