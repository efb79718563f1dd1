import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rollup_people (
    account_id text not null references accounts(id) on delete cascade,
    person_id integer not null references people(id) on delete cascade,
    entries integer not null,
    minutes integer not null,
    last_day text,
    primary key (account_id, person_id)
  )`.execute(db);
  await sql`insert into rollup_people (account_id, person_id, entries, minutes, last_day)
    select e.account_id, ep.person_id, count(*), sum(e.minutes), max(e.local_date)
    from entries e join entry_people ep on ep.entry_id = e.id
    where e.deleted_at is null
    group by e.account_id, ep.person_id`.execute(db);
}

/**
 * All-time totals and the last day in touch per person, so keep-in-touch and the invest list can
 * tell who is overdue without reading every entry of the ledger.
 */
export const personContacts: Migration = { name: '0005-person-contacts', up };
