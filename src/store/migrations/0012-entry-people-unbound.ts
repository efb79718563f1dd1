import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // An entry's people go with the entry, and the entry with its account: the link's own reference
  // to the account said nothing more, yet every link written checked it (on PostgreSQL a trigger
  // per row, about a fifth of writing a large calendar's links). The account column stays: queries
  // find a person's entries by it.
  if (dialect === 'postgres') {
    await sql`alter table entry_people drop constraint if exists entry_people_account_id_fkey`.execute(db);
    return;
  }
  // SQLite cannot drop a constraint: the table is made again without it, as it was otherwise.
  await sql`create table entry_people_unbound (
    account_id text not null,
    entry_id integer not null references entries(id) on delete cascade,
    person_id integer not null references people(id) on delete cascade,
    primary key (entry_id, person_id)
  ) without rowid`.execute(db);
  await sql`insert into entry_people_unbound (account_id, entry_id, person_id)
    select account_id, entry_id, person_id from entry_people order by entry_id, person_id`.execute(db);
  await sql`drop table entry_people`.execute(db);
  await sql`alter table entry_people_unbound rename to entry_people`.execute(db);
  await sql`create index entry_people_person on entry_people (account_id, person_id, entry_id)`.execute(db);
}

/** The people of each entry no longer point at the account themselves: their entry does. */
export const entryPeopleUnbound: Migration = { name: '0012-entry-people-unbound', up };
