import type { Insertable } from 'kysely';
import type { ContactPointRow, Db, EntryRow, PersonRow } from './database.ts';
import { rebuildRollups } from './rollups.ts';

export interface BulkPerson {
  person: Omit<Insertable<PersonRow>, 'account_id' | 'id'>;
  tags: string[];
  contacts: Omit<Insertable<ContactPointRow>, 'account_id' | 'person_id' | 'id'>[];
}

export interface BulkEntry {
  entry: Omit<Insertable<EntryRow>, 'account_id' | 'id'>;
  /** Indexes into the people passed to the same load. */
  people: number[];
}

// Rows per statement: well within SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const batchRows = 400;

/**
 * Writes many people and entries at once (demo data, benchmarks), then rebuilds the rollups.
 * Callers run it inside a transaction; it returns the new person ids in input order.
 */
export async function bulkLoad(
  db: Db,
  accountId: string,
  people: BulkPerson[],
  entries: BulkEntry[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ personIds: number[]; entryIds: number[] }> {
  const total = people.length + entries.length;
  let done = 0;
  const personIds: number[] = [];
  for (let i = 0; i < people.length; i += batchRows) {
    const batch = people.slice(i, i + batchRows);
    const rows = await db
      .insertInto('people')
      .values(batch.map((p) => ({ ...p.person, account_id: accountId })))
      .returning('id')
      .execute();
    const ids = rows.map((r) => Number(r.id));
    personIds.push(...ids);
    const tags = batch.flatMap((p, k) =>
      [...new Set(p.tags)].map((tag) => ({ account_id: accountId, person_id: ids[k]!, tag })),
    );
    for (let t = 0; t < tags.length; t += batchRows)
      await db
        .insertInto('person_tags')
        .values(tags.slice(t, t + batchRows))
        .execute();
    const contacts = batch.flatMap((p, k) =>
      p.contacts.map((c) => ({ ...c, account_id: accountId, person_id: ids[k]! })),
    );
    for (let c = 0; c < contacts.length; c += batchRows) {
      await db
        .insertInto('contact_points')
        .values(contacts.slice(c, c + batchRows))
        .execute();
    }
    done += batch.length;
    onProgress?.(done, total);
  }
  const entryIds: number[] = [];
  for (let i = 0; i < entries.length; i += batchRows) {
    const batch = entries.slice(i, i + batchRows);
    const rows = await db
      .insertInto('entries')
      .values(batch.map((e) => ({ ...e.entry, account_id: accountId })))
      .returning('id')
      .execute();
    const ids = rows.map((r) => Number(r.id));
    entryIds.push(...ids);
    const links = batch.flatMap((e, k) =>
      [...new Set(e.people)].map((p) => ({
        account_id: accountId,
        entry_id: ids[k]!,
        person_id: personIds[p]!,
      })),
    );
    for (let l = 0; l < links.length; l += batchRows)
      await db
        .insertInto('entry_people')
        .values(links.slice(l, l + batchRows))
        .execute();
    done += batch.length;
    onProgress?.(done, total);
  }
  await rebuildRollups(db, accountId);
  return { personIds, entryIds };
}
