import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  // Undoing an import looks for people merged into the ones it removes, and deleting a person makes
  // both databases look for the rows that point at them. Without an index on the pointing column
  // each look is a scan of the table, once per person: undo grew with the square of the run
  // (20,000 people took 16 s; 4,000 people in a ledger of 100,000 entries, 63 s). Merged people are few, so their index holds only them.
  // The people of entries were indexed by account first, which only a query naming the account
  // can use; leading with the person serves those queries as well and the deletes too.
  await sql`drop index entry_people_person`.execute(db);
  await sql`create index entry_people_person on entry_people (person_id, account_id, entry_id)`.execute(db);
  await sql`create index rollup_people_person on rollup_people (person_id)`.execute(db);
  await sql`create index rollup_person_months_person on rollup_person_months (person_id)`.execute(db);
  await sql`create index people_merged_into on people (merged_into) where merged_into is not null`.execute(
    db,
  );
  await sql`create index person_merges_survivor on person_merges (survivor_id)`.execute(db);
  await sql`create index person_distinct_b on person_distinct (person_b)`.execute(db);
  await sql`create index judging_rules_person on judging_rules (person_id) where person_id is not null`.execute(
    db,
  );
}

/** Indexes on the columns that point at people, so removing many people is linear in their number. */
export const undoLookups: Migration = { name: '0017-undo-lookups', up };
