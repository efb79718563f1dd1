import type { ErrorCode } from '../domain/errors.ts';
import { FathomError } from '../domain/errors.ts';

/** Codes that only the HTTP face produces, next to the ones every layer shares. */
export type HttpErrorCode =
  ErrorCode | 'method_not_allowed' | 'unsupported_media_type' | 'database_unavailable';

/** The one error body the API ever sends: `{ error: { code, message, field?, details? } }`. */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; field?: string; details?: unknown };
}

/**
 * Status for each code. `ambiguous` is 422: the request is well formed, but the client must
 * say which of several matches it means (the candidates are in `details`); 409 stays for requests
 * that clash with the ledger's state, such as restoring an entry that is not deleted.
 */
export const statusOf: Record<HttpErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  not_initialized: 409,
  too_large: 413,
  unsupported_media_type: 415,
  ambiguous: 422,
  internal: 500,
  database_unavailable: 503,
  database_unreadable: 503,
  database_too_new: 503,
  database_unknown_history: 503,
  database_busy: 503,
};

/** An error the HTTP layer raises itself, carried to the one place that writes error responses. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: HttpErrorCode,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

interface DriverError {
  name?: unknown;
  code?: unknown;
}

/** SQLSTATE classes and driver codes that mean the database is unreachable or busy, not that the request was wrong. */
function isUnavailable(e: DriverError): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(code)) return true;
  if (/^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB)/.test(code)) return true;
  // PostgreSQL: 08 connection exception, 53 insufficient resources, 57 operator intervention, 58 system error.
  return /^(08|53|57|58)[0-9A-Z]{3}$/.test(code);
}

function isConstraintViolation(e: DriverError): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}

/** Maps anything thrown while handling a request to a status and the one error body; never leaks a stack. */
export function errorResponse(
  e: unknown,
  log: (message: string) => void = () => undefined,
): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (e instanceof FathomError || e instanceof HttpError) {
    const body: ErrorBody = { error: { code: e.code, message: e.message } };
    if (e.field) body.error.field = e.field;
    if (e instanceof FathomError && e.details !== undefined) body.error.details = e.details;
    return { status: statusOf[e.code], body, headers: e instanceof HttpError ? e.headers : {} };
  }
  const driver = (e ?? {}) as DriverError;
  if (isUnavailable(driver)) {
    log(`database unavailable: ${e instanceof Error ? e.message : String(e)}`);
    return {
      status: 503,
      body: {
        error: {
          code: 'database_unavailable',
          message: 'The database is not available right now; try again shortly.',
        },
      },
      headers: { 'Retry-After': '5' },
    };
  }
  if (isConstraintViolation(driver)) {
    log(`constraint violation: ${e instanceof Error ? e.message : String(e)}`);
    return {
      status: 409,
      body: { error: { code: 'conflict', message: 'The change clashes with data already in the ledger.' } },
      headers: {},
    };
  }
  log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return {
    status: 500,
    body: {
      error: { code: 'internal', message: 'Something went wrong on the server; details are in its log.' },
    },
    headers: {},
  };
}
