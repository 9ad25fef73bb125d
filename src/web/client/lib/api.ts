import type * as z from 'zod/mini';
import { currentToken, signOutExpired } from './auth.ts';

/** An API failure as the app shows it: the API's stable code and message, or a network/shape error. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

async function request<S extends z.ZodMiniType>(
  method: string,
  path: string,
  schema: S,
  body?: unknown,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = currentToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('NETWORK', 'Cannot reach the OOF server: check that it is running, then retry.', 0);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiError(
      'RESPONSE_NOT_JSON',
      `${path} answered ${res.status} with a non-JSON body.`,
      res.status,
    );
  }
  if (!res.ok) {
    const e = json as { error?: unknown; message?: unknown; details?: { issues?: unknown } } | null;
    const code = typeof e?.error === 'string' ? e.error : `HTTP_${res.status}`;
    let message = typeof e?.message === 'string' ? e.message : `${path} answered ${res.status}.`;
    const issues = e?.details?.issues;
    if (Array.isArray(issues) && issues.length > 0) {
      const first = issues
        .slice(0, 3)
        .map((i: unknown) =>
          typeof i === 'string' ? i : ((i as { message?: string }).message ?? JSON.stringify(i)),
        );
      message = `${message} — ${first.join('; ')}`;
    }
    if (res.status === 401 && token !== null) signOutExpired();
    throw new ApiError(code, message, res.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      'RESPONSE_SHAPE',
      `${path} answered in an unexpected shape (${describeIssues(parsed.error)}): the app and the server versions differ — reload the page.`,
      res.status,
    );
  }
  return parsed.data as z.infer<S>;
}

export const api = {
  get: <S extends z.ZodMiniType>(path: string, schema: S, signal?: AbortSignal) =>
    request('GET', path, schema, undefined, signal),
  post: <S extends z.ZodMiniType>(path: string, body: unknown, schema: S) =>
    request('POST', path, schema, body),
  put: <S extends z.ZodMiniType>(path: string, body: unknown, schema: S) =>
    request('PUT', path, schema, body),
  patch: <S extends z.ZodMiniType>(path: string, body: unknown, schema: S) =>
    request('PATCH', path, schema, body),
  delete: <S extends z.ZodMiniType>(path: string, schema: S) => request('DELETE', path, schema),
};

/** A query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
