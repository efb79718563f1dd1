import { sql } from 'kysely';
import type { Db } from '../../src/store/database.ts';

/** Rows as plain, comparable values: ids, entries and minutes as numbers whatever the driver returned. */
export function plain(rows: object[]): Record<string, unknown>[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'bigint' ||
        (typeof v === 'string' && /^\d+$/.test(v) && /(^id|_id|entries|minutes)$/.test(k))
          ? Number(v)
          : v,
      ]),
    ),
  );
}

type RollupTable =
  'rollup_days' | 'rollup_day_facets' | 'rollup_month_facets' | 'rollup_person_months' | 'rollup_people';

/** An account's rows of one rollup in the given order, without those that sum to nothing. */
async function rollupRows(
  db: Db,
  accountId: string,
  table: RollupTable,
  order: string[],
): Promise<Record<string, unknown>[]> {
  const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}
    where account_id = ${accountId} and entries <> 0
    order by ${sql.join(order.map((c) => sql.ref(c)))}`.execute(db);
  return plain(rows.rows);
}

/** Every rollup of an account, in a stable order; rows that sum to nothing are left out. */
export async function dumpRollups(db: Db, accountId: string): Promise<Record<string, unknown>> {
  const facetOrder = ['mode', 'verdict', 'goal_id', 'channel'];
  return {
    rollupDays: await rollupRows(db, accountId, 'rollup_days', ['day', 'mode', 'verdict']),
    rollupDayFacets: await rollupRows(db, accountId, 'rollup_day_facets', ['day', ...facetOrder]),
    rollupMonthFacets: await rollupRows(db, accountId, 'rollup_month_facets', ['month', ...facetOrder]),
    rollupPersonMonths: await rollupRows(db, accountId, 'rollup_person_months', [
      'person_id',
      'month',
      'mode',
      'verdict',
    ]),
    rollupPeople: await rollupRows(db, accountId, 'rollup_people', ['person_id']),
  };
}

/** A full dump of an account's people, contact points, tags, details, entry links and person rollups, in a stable order. */
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
    rollupPersonMonths: await rollupRows(db, accountId, 'rollup_person_months', [
      'person_id',
      'month',
      'mode',
      'verdict',
    ]),
    addresses: plain(
      await db
        .selectFrom('person_addresses')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute(),
    ),
    related: plain(
      await db
        .selectFrom('person_related')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('id')
        .execute(),
    ),
    connections: plain(
      await db
        .selectFrom('person_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('person_id')
        .orderBy('network')
        .execute(),
    ),
    // Bytes as hex, so that both drivers' buffers compare as what they hold.
    photos: plain(
      (
        await db
          .selectFrom('person_photos')
          .selectAll()
          .where('account_id', '=', accountId)
          .orderBy('person_id')
          .execute()
      ).map((p) => ({ ...p, bytes: Buffer.from(p.bytes).toString('hex') })),
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
