import type { ErrorCode } from '../domain/errors.ts';

/** Exit codes scripts can rely on. */
export const exitCodes: Record<ErrorCode, number> = {
  invalid_input: 2,
  not_found: 3,
  ambiguous: 4,
  conflict: 5,
  not_initialized: 6,
  database_unreadable: 7,
  database_too_new: 7,
  database_unknown_history: 7,
  database_busy: 7,
  too_large: 2,
  unauthorized: 8,
  forbidden: 8,
  internal: 1,
};
