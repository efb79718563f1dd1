import { ApiError } from './client.ts';

/** Splits an API error into messages by form field (`with.0` counts as `with`) and one for the form. */
export function fieldErrors(
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, string>; form: string | undefined } {
  if (!error) return { byField: {}, form: undefined };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.field) {
    const root = error.field.split('.')[0] ?? error.field;
    if (fields.includes(root)) return { byField: { [root]: message }, form: undefined };
  }
  return { byField: {}, form: message };
}
