import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  // The run that created an entry (so a run can be undone as a whole), and what the import last
  // wrote into it (so a newer export leaves alone the fields the owner changed by hand).
  await sql`alter table entries add column import_run_id integer`.execute(db);
  await sql`alter table entries add column imported text`.execute(db);
  await sql`create index entries_import_run on entries (account_id, import_run_id)
    where import_run_id is not null`.execute(db);
}

/** Entries remember the import run that created them and what it wrote. */
export const entryImports: Migration = { name: '0007-entry-imports', up };
