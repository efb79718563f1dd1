import type { Db } from './database.ts';

/** Reads a `people.field_sources` column: field name → `manual` or `import:RUN`. */
export function readFieldSources(text: string | null): Record<string, string> {
  if (!text) return {};
  const parsed = JSON.parse(text) as unknown;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
}

/** The column value for a set of field sources, keys sorted so that equal sets compare equal. */
export function writeFieldSources(sources: Record<string, string>): string | null {
  const keys = Object.keys(sources).sort();
  if (keys.length === 0) return null;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, sources[k]])));
}

/**
 * Records that the owner set these fields by hand, so later imports leave them alone.
 * `person add` and `person edit` call it for the fields they were given.
 */
export async function markFieldsManual(
  db: Db,
  accountId: string,
  personId: number,
  fields: string[],
): Promise<void> {
  if (fields.length === 0) return;
  const row = await db
    .selectFrom('people')
    .select('field_sources')
    .where('account_id', '=', accountId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!row) return;
  const sources = readFieldSources(row.field_sources);
  for (const f of fields) sources[f] = 'manual';
  await db
    .updateTable('people')
    .set({ field_sources: writeFieldSources(sources) })
    .where('account_id', '=', accountId)
    .where('id', '=', personId)
    .execute();
}
