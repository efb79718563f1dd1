import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // On SQLite a table with its own row ids keeps an entry's people twice: once in the table and once
  // in the index of its key. Keyed by (entry, person) alone it is one tree, half the writing when
  // an import links hundreds of thousands of people to entries. PostgreSQL keeps rows apart from
  // every index anyway.
  if (dialect !== 'sqlite') return;
  await sql`create table entry_people_keyed (
    account_id text not null references accounts(id) on delete cascade,
    entry_id integer not null references entries(id) on delete cascade,
    person_id integer not null references people(id) on delete cascade,
    primary key (entry_id, person_id)
  ) without rowid`.execute(db);
  await sql`insert into entry_people_keyed (account_id, entry_id, person_id)
    select account_id, entry_id, person_id from entry_people order by entry_id, person_id`.execute(db);
  await sql`drop table entry_people`.execute(db);
  await sql`alter table entry_people_keyed rename to entry_people`.execute(db);
  await sql`create index entry_people_person on entry_people (account_id, person_id, entry_id)`.execute(db);
}

/** The people of each entry kept in one tree, by entry and person, on SQLite. */
export const entryPeopleKeyed: Migration = { name: '0009-entry-people-keyed', up };
