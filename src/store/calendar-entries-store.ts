import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { emailKey, nameKey } from '../domain/contact-keys.ts';
import type { CalendarMatch } from '../ingest/calendar-identity.ts';
import type { CalendarEntryState, ExistingCalendarEntry, ImportedSnapshot } from '../ingest/calendar-plan.ts';
import { readSnapshot, sameState, storedSnapshot } from '../ingest/calendar-plan.ts';
import type { Db, Dialect, EntryRow } from './database.ts';
import { deleteIn, insertJsonRows, reserveIds, updateJsonRows } from './json-rows.ts';
import { insertFlatRows } from './insert-rows.ts';
import type { JsonColumn } from './json-rows.ts';
import { RollupDelta } from './rollups.ts';
import type { Contribution } from './rollups.ts';

/** The `source` of every entry a calendar import writes. */
export const calendarSource = 'calendar';

/**
 * What happens to an attendee's address: the live person it belongs to, or `ignored` when the
 * person behind it was deleted (the owner removed them; an import does not bring them back).
 */
export type EmailOwner = number | 'ignored';

/** Every email key of the account and whom it names, following merges to the surviving person. */
export async function loadEmailIndex(db: Db, accountId: string): Promise<Map<string, EmailOwner>> {
  const people = await db
    .selectFrom('people')
    .select(['id', 'merged_into', 'deleted_at'])
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('merged_into', 'is not', null), eb('deleted_at', 'is not', null)]))
    .execute();
  const mergedInto = new Map<number, number>();
  const deleted = new Set<number>();
  for (const p of people) {
    if (p.merged_into !== null) mergedInto.set(Number(p.id), Number(p.merged_into));
    else deleted.add(Number(p.id));
  }
  const owner = (id: number): EmailOwner => {
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const next = mergedInto.get(current);
      if (next === undefined) return deleted.has(current) ? 'ignored' : current;
      current = next;
    }
    return 'ignored';
  };
  const rows = await db
    .selectFrom('contact_points')
    .select(['person_id', 'key'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'email')
    .orderBy('person_id')
    .execute();
  const index = new Map<string, EmailOwner>();
  for (const r of rows) {
    const key = emailKey(r.key);
    const found = owner(Number(r.person_id));
    const known = index.get(key);
    // The same address on a live person and a deleted one: the live person wins.
    if (known === undefined || (known === 'ignored' && found !== 'ignored')) index.set(key, found);
  }
  return index;
}

/** A person an import creates from an attendee. */
export interface NewAttendeePerson {
  id: number;
  name: string;
  email: string;
}

const personColumns: JsonColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'account_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'name_key', type: 'text' },
  { name: 'circle', type: 'text' },
  { name: 'aspire', type: 'integer' },
  { name: 'created_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
  { name: 'import_run_id', type: 'integer' },
];

const contactColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'person_id', type: 'integer' },
  { name: 'kind', type: 'text' },
  { name: 'value', type: 'text' },
  { name: 'key', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'created_at', type: 'text' },
];

/** Takes ids for `count` new rows of `table` (people or entries) inside the write transaction. */
export function reserveRowIds(
  db: Db,
  dialect: Dialect,
  table: 'people' | 'entries',
  count: number,
): Promise<number[]> {
  return reserveIds(db, dialect, table, count);
}

/** Writes people found on a calendar as `unsorted`, each with the address they were invited by. */
export async function insertAttendeePeople(
  db: Db,
  dialect: Dialect,
  accountId: string,
  runId: number,
  people: NewAttendeePerson[],
  at: string,
): Promise<void> {
  if (people.length === 0) return;
  await insertJsonRows(
    db,
    dialect,
    'people',
    personColumns,
    people.map((p) => [p.id, accountId, p.name, nameKey(p.name), 'unsorted', 0, at, at, runId]),
  );
  await insertJsonRows(
    db,
    dialect,
    'contact_points',
    contactColumns,
    people.map((p) => [accountId, p.id, 'email', p.email, emailKey(p.email), `import:${runId}`, at]),
  );
}

/** The fields an import writes into an entry, as a row holds them; `personIds` sorted. */
export function calendarStateOf(
  r: Pick<EntryRow, 'started_at' | 'time_zone' | 'local_date' | 'minutes' | 'all_day' | 'title'>,
  personIds: number[],
): CalendarEntryState {
  return {
    startedAt: r.started_at,
    timeZone: r.time_zone,
    localDate: r.local_date,
    minutes: Number(r.minutes),
    allDay: Number(r.all_day) === 1,
    title: r.title,
    personIds,
  };
}

/** The calendar entries of the given source keys, deleted ones included, with their people. */
export async function findCalendarEntries(
  db: Db,
  accountId: string,
  keys: string[],
): Promise<Map<string, ExistingCalendarEntry>> {
  const found = new Map<string, ExistingCalendarEntry>();
  for (let i = 0; i < keys.length; i += 2000) {
    const chunk = keys.slice(i, i + 2000);
    const rows = await db
      .selectFrom('entries')
      .select([
        'id',
        'source_key',
        'started_at',
        'time_zone',
        'local_date',
        'minutes',
        'all_day',
        'title',
        'mode',
        'verdict',
        'goal_id',
        'channel',
        'edited_at',
        'deleted_at',
        'import_run_id',
        'imported',
      ])
      .where('account_id', '=', accountId)
      .where('source', '=', calendarSource)
      .where('source_key', 'in', chunk)
      .execute();
    if (rows.length === 0) continue;
    const people = await peopleOf(
      db,
      accountId,
      rows.map((r) => Number(r.id)),
    );
    for (const r of rows) {
      const id = Number(r.id);
      found.set(r.source_key ?? '', {
        id,
        state: calendarStateOf(r, people.get(id) ?? []),
        mode: r.mode,
        verdict: r.verdict,
        goalId: r.goal_id === null ? null : Number(r.goal_id),
        channel: r.channel,
        editedAt: r.edited_at,
        deleted: r.deleted_at !== null,
        importRunId: r.import_run_id === null ? null : Number(r.import_run_id),
        imported: r.imported === null ? null : readSnapshot(r.imported),
      });
    }
  }
  return found;
}

/** The people of each entry, sorted by id. */
async function peopleOf(db: Db, accountId: string, entryIds: number[]): Promise<Map<number, number[]>> {
  const people = new Map<number, number[]>();
  for (let i = 0; i < entryIds.length; i += 2000) {
    // The ids are entries this account's query found, so the key alone is safe; naming the account
    // here too would steer SQLite to walk the account's whole (account, person) index instead.
    const links = await db
      .selectFrom('entry_people')
      .select(['entry_id', 'person_id', 'account_id'])
      .where('entry_id', 'in', entryIds.slice(i, i + 2000))
      .execute();
    for (const l of links) {
      if (l.account_id !== accountId) continue;
      const list = people.get(Number(l.entry_id));
      if (list) list.push(Number(l.person_id));
      else people.set(Number(l.entry_id), [Number(l.person_id)]);
    }
  }
  for (const list of people.values()) list.sort((a, b) => a - b);
  return people;
}

/** A new calendar entry: unjudged, keyed by its occurrence; its fields are what the import wrote. */
export interface CalendarEntryInsert {
  id: number;
  key: string;
  state: CalendarEntryState;
}

/** The columns an entry's imported state fills, in the order `pushStateCells` gives them. */
const stateColumns: JsonColumn[] = [
  { name: 'started_at', type: 'text' },
  { name: 'time_zone', type: 'text' },
  { name: 'local_date', type: 'text' },
  { name: 'minutes', type: 'integer' },
  { name: 'all_day', type: 'integer' },
  { name: 'title', type: 'text' },
];

function pushStateCells(out: unknown[], s: CalendarEntryState): void {
  out.push(s.startedAt, s.timeZone, s.localDate, s.minutes, s.allDay ? 1 : 0, s.title);
}

function stateCells(s: CalendarEntryState): unknown[] {
  const out: unknown[] = [];
  pushStateCells(out, s);
  return out;
}

/** A new entry's own columns; `imported` is left empty (see storedSnapshot). */
const entryColumns: JsonColumn[] = [
  { name: 'id', type: 'integer' },
  ...stateColumns,
  { name: 'source_key', type: 'text' },
];

/** The columns every entry of a run shares. */
const runEntryColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'created_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
  { name: 'import_run_id', type: 'integer' },
];

const linkColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'entry_id', type: 'integer' },
  { name: 'person_id', type: 'integer' },
];

const ownLinkColumns = linkColumns.slice(1);
const accountColumn = linkColumns.slice(0, 1);

/** Inserts new entries and their people in a few statements (rollups are the caller's, see RollupChanges). */
export async function insertCalendarEntries(
  db: Db,
  dialect: Dialect,
  accountId: string,
  runId: number,
  entries: CalendarEntryInsert[],
  at: string,
): Promise<void> {
  if (entries.length === 0) return;
  // Laid end to end: hundreds of thousands of links make no array each.
  const rows: unknown[] = [];
  const links: unknown[] = [];
  for (const e of entries) {
    for (const p of e.state.personIds) links.push(e.id, p);
    rows.push(e.id);
    pushStateCells(rows, e.state);
    rows.push(e.key);
  }
  // No snapshot: the entry's fields are the import's until the owner changes one (see storedSnapshot).
  await insertFlatRows(db, dialect, 'entries', entryColumns, rows, {
    columns: runEntryColumns,
    values: [accountId, calendarSource, at, at, runId],
  });
  await insertFlatRows(db, dialect, 'entry_people', ownLinkColumns, links, {
    columns: accountColumn,
    values: [accountId],
  });
}

/** Whether the account holds any calendar entry, deleted ones included. */
export async function holdsCalendarEntries(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('entries')
    .select('id')
    .where('account_id', '=', accountId)
    .where('source', '=', calendarSource)
    // Every calendar entry has a key; saying so lets the key's index answer.
    .where('source_key', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many entries the database holds, every account's (what rebuilding their indexes costs). */
export async function countAllEntries(db: Db): Promise<number> {
  const r = await db
    .selectFrom('entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Drops the indexes of entries and their people that no step of a calendar import reads while it
 * writes (all but the keys it looks occurrences up by, unless `keysToo`: an account's first
 * calendar has nothing to look up), so that a large load fills the tables alone; the function
 * returned builds them again, each in one sorted pass, as they were. SQLite only, inside the
 * caller's transaction: a failed import brings them back with everything else. On PostgreSQL
 * dropping an index would lock the table against every other account.
 */
export async function setAsideEntryIndexes(
  db: Db,
  dialect: Dialect,
  keysToo = false,
): Promise<(() => Promise<void>) | null> {
  if (dialect !== 'sqlite') return null;
  const found = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'index' and tbl_name in ('entries', 'entry_people') and sql is not null
    order by name`.execute(db);
  const indexes = found.rows.filter((index) => keysToo || index.name !== 'entries_source_key');
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return async () => {
    // Each build sorts its keys in runs that helper threads sort side by side (the load is written
    // by then, and the reading thread gone), then merges them; a smaller page cache makes more,
    // smaller runs. Both settings are the connection's and are put back after.
    const [threads, cache] = await Promise.all([pragmaValue(db, 'threads'), pragmaValue(db, 'cache_size')]);
    await sql.raw(`pragma threads = ${sortThreads()}`).execute(db);
    await sql.raw(`pragma cache_size = ${sortCacheKb}`).execute(db);
    try {
      for (const index of indexes) await sql.raw(index.sql).execute(db);
    } finally {
      await sql.raw(`pragma threads = ${threads}`).execute(db);
      await sql.raw(`pragma cache_size = ${cache}`).execute(db);
    }
  };
}

/** The page cache while indexes are built, in SQLite's notation (negative: kibibytes). */
const sortCacheKb = -2000;

/** Helper threads for sorting: the cores but this one, two at least and four at most. */
function sortThreads(): number {
  return Math.min(4, Math.max(2, availableParallelism() - 1));
}

async function pragmaValue(db: Db, name: 'threads' | 'cache_size'): Promise<number> {
  const r = await sql.raw<Record<string, number>>(`pragma ${name}`).execute(db);
  return Number(r.rows[0]?.[name] ?? 0);
}

/** A change to an existing entry: its fields and people as they become, and whether it is live again. */
export interface CalendarEntryUpdate {
  id: number;
  state: CalendarEntryState;
  deleted: boolean;
  snapshot: ImportedSnapshot | null;
  /** Whether the people change (their links are rewritten only then). */
  peopleChanged: boolean;
}

const updateColumns: JsonColumn[] = [
  { name: 'id', type: 'integer' },
  ...stateColumns,
  { name: 'deleted_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
  { name: 'imported', type: 'text' },
];

function storedText(state: CalendarEntryState, snapshot: ImportedSnapshot | null): string | null {
  const kept = snapshot === null ? null : storedSnapshot(state, snapshot);
  return kept === null ? null : JSON.stringify(kept);
}

/** Rewrites existing entries (moved, changed, removed or back again) set-based. */
export async function updateCalendarEntries(
  db: Db,
  dialect: Dialect,
  accountId: string,
  updates: CalendarEntryUpdate[],
  at: string,
): Promise<void> {
  if (updates.length === 0) return;
  await updateJsonRows(
    db,
    dialect,
    'entries',
    accountId,
    updateColumns,
    updates.map((u) => [
      u.id,
      ...stateCells(u.state),
      u.deleted ? at : null,
      at,
      storedText(u.state, u.snapshot),
    ]),
  );
  const relinked = updates.filter((u) => u.peopleChanged);
  await deleteIn(
    db,
    'entry_people',
    accountId,
    'entry_id',
    relinked.map((u) => u.id),
  );
  const links: unknown[][] = [];
  for (const u of relinked) for (const p of u.state.personIds) links.push([accountId, u.id, p]);
  await insertJsonRows(db, dialect, 'entry_people', linkColumns, links);
}

/** A live calendar entry of the window that a newer export may have dropped. */
export interface RemovalCandidate extends ExistingCalendarEntry {
  key: string;
}

/**
 * Live calendar entries whose day falls in the window and that earlier imports of the same
 * calendar created, leaving out those in `held` (the ones the new file still holds): the rest have
 * disappeared from that calendar. In entry order.
 *
 * `calendarOf` reads a run's stored identity from its file name and counts, and says how it
 * matches the file. A run matched by the calendar's id counts. One matched only by a name or a
 * file name ("Calendar", "calendar.ics" are common to many calendars) counts only when it belongs
 * to the line of runs the file continues: the families of the runs whose entries the file still
 * holds. So another calendar of the same name takes nothing out. `family` is the line this import
 * joins, for its run to remember.
 */
export async function removalCandidates(
  db: Db,
  accountId: string,
  window: { from: string; to: string },
  runId: number | null,
  calendarOf: (run: { fileName: string; counts: string }) => { match: CalendarMatch; family: number | null },
  held: ReadonlySet<number> = new Set(),
): Promise<{ candidates: RemovalCandidate[]; family: number | null }> {
  // The runs first, each judged once: a run's counts are not read again for each of its entries.
  const runs = await db
    .selectFrom('import_runs')
    .select(['id', 'file_name', 'counts'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'calendar')
    .execute();
  const known = new Map<number, { match: CalendarMatch; family: number }>();
  for (const r of runs) {
    const id = Number(r.id);
    if (id === runId) continue;
    const c = calendarOf({ fileName: r.file_name, counts: r.counts });
    known.set(id, { match: c.match, family: c.family ?? id });
  }
  // No earlier run of this calendar: nothing to take out, and the run starts a line of its own.
  if (![...known.values()].some((r) => r.match !== null)) return { candidates: [], family: runId };
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'source_key', 'import_run_id'])
    .where('account_id', '=', accountId)
    .where('source', '=', calendarSource)
    .where('deleted_at', 'is', null)
    .where('local_date', '>=', window.from)
    .where('local_date', '<=', window.to)
    .where('import_run_id', 'is not', null)
    .orderBy('id')
    .execute();
  const families = new Set<number>();
  for (const r of rows) {
    const run = known.get(Number(r.import_run_id));
    if (run && run.match !== null && held.has(Number(r.id))) families.add(run.family);
  }
  const family = families.size === 0 ? runId : Math.min(...families);
  const same = (runOfEntry: number) => {
    const run = known.get(runOfEntry);
    return run !== undefined && (run.match === 'id' || (run.match !== null && families.has(run.family)));
  };
  const keys = rows
    .filter((r) => same(Number(r.import_run_id)) && !held.has(Number(r.id)))
    .map((r) => r.source_key ?? '');
  const found = await findCalendarEntries(db, accountId, keys);
  const candidates = keys.flatMap((key) => {
    const entry = found.get(key);
    return entry ? [{ ...entry, key }] : [];
  });
  return { candidates, family };
}

/** One change to the ledger an import makes, recorded so the run can be undone. */
export interface EntryChange {
  entryId: number;
  before: RecordedState;
  after: RecordedState;
}

/** An entry's imported fields and whether it is deleted, as a run's change record keeps them. */
export interface RecordedState extends CalendarEntryState {
  deleted: boolean;
  imported: ImportedSnapshot | null;
}

const changeColumns: JsonColumn[] = [
  { name: 'account_id', type: 'text' },
  { name: 'run_id', type: 'integer' },
  { name: 'subject', type: 'text' },
  { name: 'subject_id', type: 'integer' },
  { name: 'action', type: 'text' },
  { name: 'before', type: 'text' },
  { name: 'after', type: 'text' },
];

/** Records what the run changed in entries that existed before it. */
export async function recordEntryChanges(
  db: Db,
  dialect: Dialect,
  accountId: string,
  runId: number,
  changes: EntryChange[],
): Promise<void> {
  await insertJsonRows(
    db,
    dialect,
    'import_changes',
    changeColumns,
    changes.map((c) => [
      accountId,
      runId,
      'entry',
      c.entryId,
      'entry_set',
      JSON.stringify(c.before),
      JSON.stringify(c.after),
    ]),
  );
}

/**
 * The rollup changes of one import, summed in memory and written once at the end as a few
 * set-based upserts, so an import costs the same whether it touches ten entries or 100,000.
 */
export class RollupChanges {
  readonly #delta = new RollupDelta();

  /** An entry's share leaves the rollups (`-1`) or joins them (`1`). */
  add(contribution: Contribution, sign: 1 | -1): void {
    this.#delta.add(contribution, sign);
  }

  /** Whether anything is waiting to be applied. */
  get pending(): boolean {
    return this.#delta.size > 0;
  }

  async apply(db: Db, accountId: string): Promise<void> {
    await this.#delta.apply(db, accountId);
  }
}

/** What an unjudged, live calendar entry contributes to the rollups; judged ones carry their judgement. */
export function contributionOf(
  state: CalendarEntryState,
  judgement: { mode: string | null; verdict: string | null; goalId: number | null; channel: string | null },
): Contribution {
  return {
    localDate: state.localDate,
    mode: judgement.mode,
    verdict: judgement.verdict,
    minutes: state.minutes,
    goalId: judgement.goalId,
    channel: judgement.channel,
    personIds: state.personIds,
  };
}

/** Whether an entry's current fields still equal a recorded state (so an undo may put back the one before). */
export function matchesRecorded(entry: ExistingCalendarEntry, recorded: RecordedState): boolean {
  return entry.deleted === recorded.deleted && sameState(entry.state, recorded);
}

/** Marks a run's figures and the file it read once the whole file went through. */
export async function finishCalendarRun(
  db: Db,
  accountId: string,
  runId: number,
  file: { sha256: string; bytes: number },
  counts: object,
): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ file_sha256: file.sha256, file_bytes: file.bytes, counts: JSON.stringify(counts) })
    .where('account_id', '=', accountId)
    .where('id', '=', runId)
    .execute();
}

/** Entries a run created, with their judgement, for an undo. */
export async function entriesCreatedBy(
  db: Db,
  accountId: string,
  runId: number,
): Promise<
  {
    id: number;
    judged: boolean;
    edited: boolean;
    deleted: boolean;
    key: string;
  }[]
> {
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'mode', 'verdict', 'goal_id', 'notes', 'edited_at', 'deleted_at', 'source_key'])
    .where('account_id', '=', accountId)
    .where('import_run_id', '=', runId)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    judged: r.mode !== null || r.verdict !== null || r.goal_id !== null || r.notes !== null,
    edited: r.edited_at !== null,
    deleted: r.deleted_at !== null,
    key: r.source_key ?? '',
  }));
}

/** Removes entries (with their people links) for good: an undone run leaves no trace of them. */
export async function purgeEntries(db: Db, accountId: string, ids: number[]): Promise<void> {
  await deleteIn(db, 'entry_people', accountId, 'entry_id', ids);
  await deleteIn(db, 'entries', accountId, 'id', ids);
}

/**
 * How many entries name each of the given people, leaving out the entries the run created and
 * those in `restoring` (entries an undo is about to put back as they were before the run).
 */
export async function entriesNaming(
  db: Db,
  accountId: string,
  personIds: number[],
  exceptRunId: number,
  restoring: ReadonlySet<number> = new Set(),
): Promise<{ personId: number; entries: number }[]> {
  const counts = new Map<number, number>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const rows = await db
      .selectFrom('entry_people')
      .innerJoin('entries', 'entries.id', 'entry_people.entry_id')
      .select(['entry_people.person_id', 'entry_people.entry_id'])
      .where('entry_people.account_id', '=', accountId)
      .where('entries.account_id', '=', accountId)
      .where('entry_people.person_id', 'in', personIds.slice(i, i + 1000))
      .where((eb) =>
        eb.or([eb('entries.import_run_id', 'is', null), eb('entries.import_run_id', '<>', exceptRunId)]),
      )
      .execute();
    for (const r of rows) {
      if (restoring.has(Number(r.entry_id))) continue;
      const id = Number(r.person_id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([personId, entries]) => ({ personId, entries }));
}

/** Runs after `runId` that changed entries it created or changed; they must be undone first. */
export async function laterEntryRuns(
  db: Db,
  accountId: string,
  runId: number,
  entryIds: number[],
): Promise<number[]> {
  const runs = new Set<number>();
  for (let i = 0; i < entryIds.length; i += 1000) {
    const rows = await db
      .selectFrom('import_changes')
      .innerJoin('import_runs', 'import_runs.id', 'import_changes.run_id')
      .select('import_changes.run_id')
      .distinct()
      .where('import_changes.account_id', '=', accountId)
      .where('import_changes.subject', '=', 'entry')
      .where('import_changes.subject_id', 'in', entryIds.slice(i, i + 1000))
      .where('import_changes.run_id', '>', runId)
      .where('import_runs.status', '=', 'committed')
      .execute();
    for (const r of rows) runs.add(Number(r.run_id));
  }
  return [...runs].sort((a, b) => a - b);
}

/** The entry changes a run recorded, newest first. */
export async function entryChangesOf(db: Db, accountId: string, runId: number): Promise<EntryChange[]> {
  const rows = await db
    .selectFrom('import_changes')
    .select(['subject_id', 'before', 'after'])
    .where('account_id', '=', accountId)
    .where('run_id', '=', runId)
    .where('subject', '=', 'entry')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    entryId: Number(r.subject_id),
    before: JSON.parse(r.before ?? 'null') as RecordedState,
    after: JSON.parse(r.after ?? 'null') as RecordedState,
  }));
}

/** The live entries among `ids` by id with their current state (for an undo's checks). */
export async function calendarEntriesById(
  db: Db,
  accountId: string,
  ids: number[],
): Promise<Map<number, ExistingCalendarEntry>> {
  const keys: string[] = [];
  for (let i = 0; i < ids.length; i += 2000) {
    const rows = await db
      .selectFrom('entries')
      .select('source_key')
      .where('account_id', '=', accountId)
      .where('id', 'in', ids.slice(i, i + 2000))
      .execute();
    for (const r of rows) if (r.source_key !== null) keys.push(r.source_key);
  }
  const byKey = await findCalendarEntries(db, accountId, keys);
  return new Map([...byKey.values()].map((e) => [e.id, e]));
}

/** Deletes people a run created from attendees, with their contact points. */
export async function purgePeople(db: Db, accountId: string, ids: number[]): Promise<void> {
  await deleteIn(db, 'contact_points', accountId, 'person_id', ids);
  await deleteIn(db, 'person_tags', accountId, 'person_id', ids);
  await deleteIn(db, 'people', accountId, 'id', ids);
}

/** Marks a run undone. */
export async function markRunUndone(db: Db, accountId: string, runId: number, at: string): Promise<void> {
  await sql`update import_runs set status = 'undone', undone_at = ${at}
    where account_id = ${accountId} and id = ${runId}`.execute(db);
}
