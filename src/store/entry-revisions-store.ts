import type { EntryRevision, EntryState } from '../domain/entry-revision.ts';
import type { Channel, Mode, Verdict } from '../domain/vocabulary.ts';
import type { Db } from './database.ts';
import { entryPersonIds } from './entries-store.ts';

/** An entry's fields as an edit sees them, people sorted; undefined when there is no such entry. */
export async function readEntryState(db: Db, accountId: string, id: number): Promise<EntryState | undefined> {
  const row = await db
    .selectFrom('entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const personIds = (await entryPersonIds(db, accountId, id)).sort((a, b) => a - b);
  return {
    startedAt: row.started_at,
    timeZone: row.time_zone,
    localDate: row.local_date,
    minutes: Number(row.minutes),
    allDay: Number(row.all_day) === 1,
    title: row.title,
    mode: row.mode as Mode | null,
    verdict: row.verdict as Verdict | null,
    goalId: row.goal_id === null ? null : Number(row.goal_id),
    channel: row.channel as Channel | null,
    notes: row.notes,
    personIds,
    editedAt: row.edited_at,
    imported: row.imported,
  };
}

/** Keeps what an entry was before an edit and what the edit left; returns the revision's id. */
export async function recordEntryRevision(
  db: Db,
  accountId: string,
  entryId: number,
  before: EntryState,
  after: EntryState,
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('entry_revisions')
    .values({
      account_id: accountId,
      entry_id: entryId,
      created_at: at,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      undone_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The entry's latest edit not yet undone, and how many such edits it has in all. */
export async function lastEntryRevision(
  db: Db,
  accountId: string,
  entryId: number,
): Promise<{ revision: EntryRevision | undefined; count: number }> {
  const open = db
    .selectFrom('entry_revisions')
    .where('account_id', '=', accountId)
    .where('entry_id', '=', entryId)
    .where('undone_at', 'is', null);
  const last = await open.select(['id', 'before', 'after']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const counted = await open.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return {
    revision: last
      ? {
          id: Number(last.id),
          before: JSON.parse(last.before) as EntryState,
          after: JSON.parse(last.after) as EntryState,
        }
      : undefined,
    count: Number(counted?.n ?? 0),
  };
}

/** Whether an entry has the given edit, and whether it is undone. */
export async function revisionStatus(
  db: Db,
  accountId: string,
  entryId: number,
  id: number,
): Promise<'open' | 'undone' | undefined> {
  const row = await db
    .selectFrom('entry_revisions')
    .select('undone_at')
    .where('account_id', '=', accountId)
    .where('entry_id', '=', entryId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return row.undone_at === null ? 'open' : 'undone';
}

/** Marks an edit as undone; it stays on record. */
export async function markRevisionUndone(db: Db, accountId: string, id: number, at: string): Promise<void> {
  await db
    .updateTable('entry_revisions')
    .set({ undone_at: at })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .execute();
}

/**
 * The people an earlier state of an entry named, as the ledger holds them now: someone merged
 * since stands for the person merged into; someone no longer in the ledger (an undone import took
 * them out) is left out and counted.
 */
export async function peopleAsTheyAreNow(
  db: Db,
  accountId: string,
  ids: readonly number[],
): Promise<{ personIds: number[]; gone: number }> {
  const found = new Set<number>();
  let gone = 0;
  for (const start of ids) {
    let id = start;
    // Follows a merge chain; the bound only guards against a cycle no merge should make.
    for (let step = 0; step < 50; step += 1) {
      const row = await db
        .selectFrom('people')
        .select(['id', 'merged_into'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) {
        gone += 1;
        break;
      }
      if (row.merged_into === null) {
        found.add(Number(row.id));
        break;
      }
      id = Number(row.merged_into);
    }
  }
  return { personIds: [...found].sort((a, b) => a - b), gone };
}
