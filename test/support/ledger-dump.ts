import type { Db } from '../../src/store/database.ts';

/** Rows as plain, comparable values: numbers as numbers whatever the driver returned. */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'bigint' || (typeof v === 'string' && /_id$|^id$/.test(k) && /^\d+$/.test(v))
          ? Number(v)
          : v,
      ]),
    ),
  );
}

/** A full dump of an account's people, contact points, tags, entry links and person rollups, in a stable order. */
export async function dumpPeople(
  db: Db,
  accountId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  return {
    people: plain(
      await db.selectFrom('people').selectAll().where('account_id', '=', accountId).orderBy('id').execute(),
    ),
    contactPoints: plain(
      await db
        .selectFrom('contact_points')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute(),
    ),
    tags: plain(
      await db
        .selectFrom('person_tags')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('person_id')
        .orderBy('tag')
        .execute(),
    ),
    entryPeople: plain(
      await db
        .selectFrom('entry_people')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('entry_id')
        .orderBy('person_id')
        .execute(),
    ),
    rollupPersonMonths: plain(
      await db
        .selectFrom('rollup_person_months')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('entries', '!=', 0)
        .orderBy('person_id')
        .orderBy('month')
        .orderBy('mode')
        .orderBy('verdict')
        .execute(),
    ),
    links: plain(
      await db
        .selectFrom('import_records')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('source_key')
        .execute(),
    ),
  };
}
