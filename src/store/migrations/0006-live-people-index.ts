import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  // The circle audit counts live people by circle and verdict on every dashboard; with this index
  // the count reads the index alone instead of every person's row.
  await sql`create index people_live_circle_verdict on people (account_id, circle, verdict)
    where merged_into is null and deleted_at is null and archived_at is null`.execute(db);
}

/** A covering index over the live people's circles and verdicts. */
export const livePeopleIndex: Migration = { name: '0006-live-people-index', up };
