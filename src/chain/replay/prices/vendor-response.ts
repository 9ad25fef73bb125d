import { LosslessNumber, stringify } from 'lossless-json';

/** A vendor answer before serialisation; `LosslessNumber`s are written as JSON numbers digit for digit. */
export interface VendorResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A decimal string as a JSON number token, exactly (vendors send prices as numbers). */
export function jsonNumber(decimal: string): LosslessNumber {
  return new LosslessNumber(decimal);
}

export function renderVendorBody(body: unknown): string {
  return stringify(body) ?? 'null';
}

/** A non-negative integer query parameter, or undefined when absent; NaN when present but not one. */
export function integerParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
}
