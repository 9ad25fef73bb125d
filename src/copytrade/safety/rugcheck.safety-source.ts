import type { FetchPort } from '../../market/http/fetch-port.ts';
import { fetchJsonExact } from '../../market/http/fetch-json.ts';
import { parseRugCheckReport, type RugCheckReport } from './rugcheck-report.ts';
import { fromSource } from './safety-source-error.ts';

/** Port: RugCheck's report of one mint. */
export type RugCheckSource = (mint: string) => Promise<RugCheckReport>;

export const RUGCHECK_BASE_URL = 'https://api.rugcheck.xyz';

export interface RugCheckSourceOptions {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  /** Optional `X-API-KEY`; the public report endpoint answers without one (rate-limited harder). */
  readonly apiKey?: string;
}

/**
 * `GET /v1/tokens/{mint}/report` — the full report. `/report/summary` is lighter but its recorded swagger
 * shape (TokenCheck) and the live one disagree and it carries no holders or authorities, so the full report
 * is the one we read. 429/5xx/timeouts → SAFETY_SOURCE_UNAVAILABLE; a body of another shape or a report of
 * another mint → SAFETY_RESPONSE_INVALID.
 */
export function createRugCheckSource(options: RugCheckSourceOptions): RugCheckSource {
  const baseUrl = (options.baseUrl ?? RUGCHECK_BASE_URL).replace(/\/+$/, '');
  return (mint) =>
    fromSource('rugcheck', async () => {
      const body = await fetchJsonExact(
        options.fetch,
        `${baseUrl}/v1/tokens/${encodeURIComponent(mint)}/report`,
        {
          source: 'rugcheck',
          ...(options.apiKey === undefined ? {} : { headers: { 'x-api-key': options.apiKey } }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        },
      );
      const report = parseRugCheckReport(body);
      if (report.mint !== mint) {
        throw new Error(`report is for mint ${report.mint}, asked for ${mint}`);
      }
      return report;
    });
}
