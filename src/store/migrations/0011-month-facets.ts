import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rollup_month_facets (
    account_id text not null references accounts(id) on delete cascade,
    month text not null,
    mode text not null,
    verdict text not null,
    goal_id integer not null,
    channel text not null,
    entries integer not null,
    minutes integer not null,
    primary key (account_id, month, mode, verdict, goal_id, channel)
  )`.execute(db);
  // The day facets already hold every live entry's share: the months are their sums.
  await sql`insert into rollup_month_facets (account_id, month, mode, verdict, goal_id, channel, entries, minutes)
    select account_id, substr(day, 1, 7), mode, verdict, goal_id, channel, sum(entries), sum(minutes)
    from rollup_day_facets
    group by account_id, substr(day, 1, 7), mode, verdict, goal_id, channel`.execute(db);
}

/**
 * The facets summed per month as well as per day: a year's split by mode, verdict, goal and channel
 * reads twelve months of them rather than every day's.
 */
export const monthFacets: Migration = { name: '0011-month-facets', up };
