import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rollup_day_facets (
    account_id text not null references accounts(id) on delete cascade,
    day text not null,
    mode text not null,
    verdict text not null,
    goal_id integer not null,
    channel text not null,
    entries integer not null,
    minutes integer not null,
    primary key (account_id, day, mode, verdict, goal_id, channel)
  )`.execute(db);
  // Ledgers written before this step get their facets from the live entries they already hold.
  await sql`insert into rollup_day_facets (account_id, day, mode, verdict, goal_id, channel, entries, minutes)
    select account_id, local_date, coalesce(mode, ''), coalesce(verdict, ''), coalesce(goal_id, 0), coalesce(channel, ''),
      count(*), sum(minutes)
    from entries
    where deleted_at is null
    group by account_id, local_date, coalesce(mode, ''), coalesce(verdict, ''), coalesce(goal_id, 0), coalesce(channel, '')`.execute(
    db,
  );
}

/**
 * Per-day totals by mode, verdict, goal and channel, so the dashboard can say where the time goes
 * (by goal, by channel, weekdays against weekends) without scanning entries.
 */
export const dayFacets: Migration = { name: '0004-day-facets', up };
