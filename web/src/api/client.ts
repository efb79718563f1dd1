/** A failed API call, carrying the server's error code and the input field it concerns. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly status: number;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

/** Builds `/api/path?…`; arrays repeat their key, empty values are left out. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; field?: string } };
    if (body.error?.message) {
      return new ApiError(
        res.status,
        body.error.code ?? 'error',
        body.error.message,
        body.error.field ?? undefined,
      );
    }
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return new ApiError(res.status, 'http_error', `The server answered ${res.status} ${res.statusText}.`);
}

async function send<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers:
        method === 'GET'
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'offline', 'Fathom’s server cannot be reached. Is `fathom serve` still running?');
  }
  if (!res.ok) throw await readError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** GET a result; the query's arrays repeat their key. */
export function apiGet<T>(
  path: string,
  query?: Record<string, QueryValue>,
  signal?: AbortSignal,
): Promise<T> {
  return send<T>('GET', apiUrl(path, query), undefined, signal);
}

/**
 * A state-changing request, always marked as JSON so the server's cross-site check passes. POST and
 * PATCH carry a JSON body; DELETE takes its input from the query string, as the server reads it.
 */
export function apiSend<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  input: Record<string, unknown> = {},
): Promise<T> {
  if (method === 'DELETE') return send<T>(method, apiUrl(path, input as Record<string, QueryValue>));
  return send<T>(method, apiUrl(path), input);
}
