/**
 * Detector thresholds (config/detectors.yaml), parsed once at the edge: the caller reads the file and hands the
 * text here. Decimals may be quoted strings or plain YAML numbers; both become exact decimal strings.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isDecimalString } from '../../domain/decimal.ts';
import { OofError } from '../../core/errors/oof-error.ts';

const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine(isDecimalString, { message: 'must be a decimal number like 0.25 (no exponent)' });
const positive = decimal.refine((s) => !s.startsWith('-') && /[1-9]/.test(s), { message: 'must be > 0' });
const nonNegative = decimal.refine((s) => !s.startsWith('-') || !/[1-9]/.test(s), { message: 'must be ≥ 0' });
const negative = decimal.refine((s) => s.startsWith('-') && /[1-9]/.test(s), { message: 'must be < 0' });
const fraction01 = positive.refine((s) => Number(s) < 1, { message: 'must be below 1' });
const version = z.string().regex(/^[a-z_0-9]+@\d+$/, 'must look like name@1');
const days = z.number().int().positive();

const detectorConfigSchema = z
  .object({
    s2e: z.strictObject({
      version,
      windowDays: days,
      minPct: positive,
      minMissedUsd: nonNegative,
      severityFullPct: positive,
    }),
    bhd: z.strictObject({
      version,
      windowDays: days,
      maxDrawdownPct: negative,
      severityFromPct: nonNegative,
      severitySpanPct: positive,
    }),
    badRoute: z.strictObject({
      version,
      minWorsePct: positive,
      minCostUsd: nonNegative,
      severityFullPct: positive,
    }),
    idleYield: z.strictObject({
      version,
      minMissedUsd: nonNegative,
      sampleEveryHours: days,
      severityFullUsd: positive,
      assets: z.array(
        z.strictObject({ mint: z.string().min(32).max(44), label: z.string().min(1), apr: positive }),
      ),
    }),
    rug: z.strictObject({ version, minDropFromAthPct: fraction01, stayDays: days, scanStepHours: days }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.idleYield.assets.forEach((a, i) => {
      if (seen.has(a.mint)) {
        ctx.addIssue({ code: 'custom', path: ['idleYield', 'assets', i, 'mint'], message: 'listed twice' });
      }
      seen.add(a.mint);
    });
  });

export type DetectorConfig = z.infer<typeof detectorConfigSchema>;

/** Parses and validates the YAML text of config/detectors.yaml; throws `CONFIG_INVALID` naming every problem. */
export function parseDetectorConfig(yamlText: string, origin = 'config/detectors.yaml'): DetectorConfig {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (cause) {
    throw new OofError(
      'CONFIG_INVALID',
      `${origin} is not valid YAML: ${(cause as Error).message}`,
      { origin },
      cause,
    );
  }
  const parsed = detectorConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(root)',
      message: i.message,
    }));
    throw new OofError(
      'CONFIG_INVALID',
      `Invalid detector configuration in ${origin}:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
      { origin, issues },
    );
  }
  return parsed.data;
}
