import { sql } from 'kysely';
import type { Selectable, Updateable } from 'kysely';
import type { Entry } from '../domain/entry.ts';
import type { Channel, Mode, Verdict } from '../domain/vocabulary.ts';
import { snapshotOf } from '../ingest/calendar-plan.ts';
import { calendarStateOf } from './calendar-entries-store.ts';
import type { Db, EntryRow } from './database.ts';
import { applyContribution } from './rollups.ts';
import type { Contribution } from './rollups.ts';

export interface EntryWrite {
  startedAt: string;
  timeZone: string;
  localDate: string;
  minutes: number;
  allDay?: boolean;
  title: string;
  mode: Mode | null;
  verdict: Verdict | null;
  goalId: number | null;
  channel: Channel | null;
  notes: string | null;
  source: string;
  sourceKey: string | null;
  personIds: number[];
}

function contributionOf(
  row: Pick<EntryRow, 'local_date' | 'mode' | 'verdict' | 'minutes' | 'goal_id' | 'channel'>,
  personIds: number[],
): Contribution {
  return {
    localDate: row.local_date,
    mode: row.mode,
    verdict: row.verdict,
    minutes: Number(row.minutes),
    goalId: row.goal_id === null ? null : Number(row.goal_id),
    channel: row.channel,
    personIds,
  };
}

/** Writes a new entry with its people and its share of the rollups; returns its id. */
export async function insertEntry(db: Db, accountId: string, w: EntryWrite): Promise<number> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('entries')
    .values({
      account_id: accountId,
      started_at: w.startedAt,
      time_zone: w.timeZone,
      local_date: w.localDate,
      minutes: w.minutes,
      all_day: w.allDay ? 1 : 0,
      title: w.title,
      mode: w.mode,
      verdict: w.verdict,
      goal_id: w.goalId,
      channel: w.channel,
      notes: w.notes,
      source: w.source,
      source_key: w.sourceKey,
      created_at: now,
      updated_at: now,
      edited_at: null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const people = [...new Set(w.personIds)];
  if (people.length > 0) {
    await db
      .insertInto('entry_people')
      .values(people.map((personId) => ({ account_id: accountId, entry_id: id, person_id: personId })))
      .execute();
  }
  await applyContribution(
    db,
    accountId,
    {
      localDate: w.localDate,
      mode: w.mode,
      verdict: w.verdict,
      minutes: w.minutes,
      goalId: w.goalId,
      channel: w.channel,
      personIds: people,
    },
    1,
  );
  return id;
}

export async function entryPersonIds(db: Db, accountId: string, entryId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('entry_people')
    .select('person_id')
    .where('account_id', '=', accountId)
    .where('entry_id', '=', entryId)
    .execute();
  return rows.map((r) => Number(r.person_id));
}

/** The fields to change in an entry; `undefined` leaves a field as it is. */
export type EntryPatch = Partial<Omit<EntryWrite, 'source' | 'sourceKey'>> & {
  editedAt?: string | null;
  /** What the import last wrote (JSON), when the caller knows it: an undone edit puts it back. */
  imported?: string | null;
};

/** Changes an entry; the rollups move with it when it is live. */
export async function updateEntryRow(
  db: Db,
  accountId: string,
  id: number,
  patch: EntryPatch,
): Promise<void> {
  const before = await db
    .selectFrom('entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const beforePeople = await entryPersonIds(db, accountId, id);
  const set: Updateable<EntryRow> = { updated_at: new Date().toISOString() };
  if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
  if (patch.timeZone !== undefined) set.time_zone = patch.timeZone;
  if (patch.localDate !== undefined) set.local_date = patch.localDate;
  if (patch.minutes !== undefined) set.minutes = patch.minutes;
  if (patch.allDay !== undefined) set.all_day = patch.allDay ? 1 : 0;
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.mode !== undefined) set.mode = patch.mode;
  if (patch.verdict !== undefined) set.verdict = patch.verdict;
  if (patch.goalId !== undefined) set.goal_id = patch.goalId;
  if (patch.channel !== undefined) set.channel = patch.channel;
  if (patch.notes !== undefined) set.notes = patch.notes;
  if (patch.editedAt !== undefined) set.edited_at = patch.editedAt;
  // A calendar entry without a snapshot holds just what its import wrote; before the owner changes
  // one of those fields, what the import wrote is kept, so a newer export leaves the change alone.
  const importedFields = [patch.startedAt, patch.timeZone, patch.minutes, patch.allDay, patch.title];
  if (patch.imported !== undefined) set.imported = patch.imported;
  else if (
    before.source === 'calendar' &&
    before.imported === null &&
    (importedFields.some((v) => v !== undefined) || patch.personIds !== undefined)
  ) {
    set.imported = JSON.stringify(
      snapshotOf(
        calendarStateOf(
          before,
          [...beforePeople].sort((a, b) => a - b),
        ),
      ),
    );
  }
  await db.updateTable('entries').set(set).where('account_id', '=', accountId).where('id', '=', id).execute();
  let afterPeople = beforePeople;
  if (patch.personIds !== undefined) {
    afterPeople = [...new Set(patch.personIds)];
    await db
      .deleteFrom('entry_people')
      .where('account_id', '=', accountId)
      .where('entry_id', '=', id)
      .execute();
    if (afterPeople.length > 0) {
      await db
        .insertInto('entry_people')
        .values(afterPeople.map((personId) => ({ account_id: accountId, entry_id: id, person_id: personId })))
        .execute();
    }
  }
  if (before.deleted_at === null) {
    const after = { ...before, ...set };
    await applyContribution(db, accountId, contributionOf(before, beforePeople), -1);
    await applyContribution(db, accountId, contributionOf(after, afterPeople), 1);
  }
}

/** Soft-deletes (or restores) an entry, taking it out of (or back into) the rollups. */
export async function setEntryDeleted(
  db: Db,
  accountId: string,
  id: number,
  deleted: boolean,
): Promise<boolean> {
  const row = await db
    .selectFrom('entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (row.deleted_at !== null) === deleted) return false;
  const now = new Date().toISOString();
  await db
    .updateTable('entries')
    .set({ deleted_at: deleted ? now : null, updated_at: now })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .execute();
  await applyContribution(
    db,
    accountId,
    contributionOf(row, await entryPersonIds(db, accountId, id)),
    deleted ? -1 : 1,
  );
  return true;
}

export interface EntryFilter {
  from?: string;
  to?: string;
  personId?: number;
  mode?: Mode;
  verdict?: Verdict;
  unjudged?: boolean;
  deleted?: boolean;
  source?: string;
  ids?: number[];
  limit?: number;
  offset?: number;
  order?: 'asc' | 'desc';
}

function toEntry(
  r: Selectable<EntryRow> & { goal_title: string | null },
  people: { id: number; name: string }[],
): Entry {
  return {
    id: Number(r.id),
    startedAt: r.started_at,
    timeZone: r.time_zone,
    localDate: r.local_date,
    minutes: Number(r.minutes),
    allDay: Number(r.all_day) === 1,
    title: r.title,
    mode: r.mode as Mode | null,
    verdict: r.verdict as Verdict | null,
    goalId: r.goal_id === null ? null : Number(r.goal_id),
    goal: r.goal_title,
    channel: r.channel as Channel | null,
    notes: r.notes,
    people,
    source: r.source,
    sourceKey: r.source_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
  };
}

/** Entries matching the filter, newest first unless asked otherwise, with their people. */
export async function listEntries(
  db: Db,
  accountId: string,
  f: EntryFilter,
): Promise<{ entries: Entry[]; total: number }> {
  let q = db.selectFrom('entries').where('entries.account_id', '=', accountId);
  q = f.deleted ? q.where('entries.deleted_at', 'is not', null) : q.where('entries.deleted_at', 'is', null);
  if (f.from) q = q.where('entries.local_date', '>=', f.from);
  if (f.to) q = q.where('entries.local_date', '<=', f.to);
  if (f.mode) q = q.where('entries.mode', '=', f.mode);
  if (f.verdict) q = q.where('entries.verdict', '=', f.verdict);
  if (f.source) q = q.where('entries.source', '=', f.source);
  if (f.ids) q = q.where('entries.id', 'in', f.ids.length > 0 ? f.ids : [-1]);
  if (f.unjudged)
    q = q.where((eb) => eb.or([eb('entries.mode', 'is', null), eb('entries.verdict', 'is', null)]));
  if (f.personId !== undefined) {
    const pid = f.personId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('entry_people')
          .select(sql`1`.as('one'))
          .whereRef('entry_people.entry_id', '=', 'entries.id')
          .where('entry_people.person_id', '=', pid),
      ),
    );
  }
  const totalRow = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const dir = f.order ?? 'desc';
  let page = q
    .leftJoin('goals', 'goals.id', 'entries.goal_id')
    .selectAll('entries')
    .select('goals.title as goal_title')
    .orderBy('entries.started_at', dir)
    .orderBy('entries.id', dir);
  if (f.limit !== undefined) page = page.limit(f.limit).offset(f.offset ?? 0);
  const rows = await page.execute();
  const ids = rows.map((r) => Number(r.id));
  const people = new Map<number, { id: number; name: string }[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const links = await db
      .selectFrom('entry_people')
      .innerJoin('people', 'people.id', 'entry_people.person_id')
      .select(['entry_people.entry_id', 'people.id', 'people.name'])
      .where('entry_people.account_id', '=', accountId)
      .where('entry_people.entry_id', 'in', chunk)
      .orderBy('people.name')
      .execute();
    for (const l of links) {
      const list = people.get(Number(l.entry_id)) ?? [];
      list.push({ id: Number(l.id), name: l.name });
      people.set(Number(l.entry_id), list);
    }
  }
  return {
    entries: rows.map((r) => toEntry(r, people.get(Number(r.id)) ?? [])),
    total: Number(totalRow?.n ?? 0),
  };
}

export async function getEntry(
  db: Db,
  accountId: string,
  id: number,
  includeDeleted = true,
): Promise<Entry | undefined> {
  const live = await listEntries(db, accountId, { ids: [id] });
  if (live.entries[0]) return live.entries[0];
  if (!includeDeleted) return undefined;
  return (await listEntries(db, accountId, { ids: [id], deleted: true })).entries[0];
}
