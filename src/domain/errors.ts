/** The one error type every layer throws; the CLI and HTTP faces map `code` to exit codes and statuses. */
export class FathomError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'FathomError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'ambiguous'
  | 'conflict'
  | 'not_initialized'
  | 'database_unreadable'
  | 'database_too_new'
  | 'database_unknown_history'
  | 'database_busy'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'internal';

/** An input value was wrong; names the field and the value. */
export function invalid(field: string, message: string, details?: unknown): FathomError {
  return new FathomError('invalid_input', `${field}: ${message}`, { field, details });
}

export function notFound(what: string, ref: string | number, field?: string): FathomError {
  return new FathomError('not_found', `No ${what} matches "${ref}".`, field ? { field } : {});
}
