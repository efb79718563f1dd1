import { createHash } from 'node:crypto';
import { emailKey, isEmail } from '../domain/contact-keys.ts';
import { FathomError } from '../domain/errors.ts';
import { addDays, localDateOf, parseDate } from '../domain/zoned-time.ts';
import type { Contribution } from '../store/rollups.ts';
import type { ParseIssue, SkippedRecord } from '../importers/parse-result.ts';
import {
  RollupChanges,
  contributionOf,
  countAllEntries,
  holdsCalendarEntries,
  findCalendarEntries,
  finishCalendarRun,
  insertAttendeePeople,
  insertCalendarEntries,
  loadEmailIndex,
  recordEntryChanges,
  removalCandidates,
  reserveRowIds,
  setAsideEntryIndexes,
  updateCalendarEntries,
} from '../store/calendar-entries-store.ts';
import type {
  CalendarEntryInsert,
  CalendarEntryUpdate,
  EntryChange,
  NewAttendeePerson,
  RecordedState,
} from '../store/calendar-entries-store.ts';
import { insertImportRun } from '../store/import-runs-store.ts';
import type { ImportCounts } from '../store/import-runs-store.ts';
import { getSettings, updateSettings } from '../store/settings-store.ts';
import { CalendarHeadReader, calendarMatch, storedIdentity } from './calendar-identity.ts';
import { readCalendarHere, readCalendarOnThread } from './calendar-reading.ts';
import type { ReadOccurrence } from './calendar-reading.ts';
import { decideOccurrence, editedGroups, ownedByOwner, snapshotOf } from './calendar-plan.ts';
import type { CalendarEntryState, ExistingCalendarEntry, FieldGroup } from './calendar-plan.ts';
import { describeIssue } from './import-contacts.ts';
import type { ImportReport, ImportTarget } from './import-contacts.ts';

/** Occurrences written per round: the memory an import holds does not grow with the file. */
const defaultBatch = 2000;
/** Detail lists in a report stop here; the counts are always complete. */
const detailLimit = 200;
/** Errors kept for the report and the refusal; more are only counted. */
const errorLimit = 1000;
/** Files from this size on are read on a second thread, so that reading overlaps writing. */
const threadFrom = 4 * 1024 * 1024;
/**
 * New entries from which an import into SQLite builds the entries' other indexes once at the end,
 * when the ledger held no more entries than that before: a sorted build beats row-by-row inserts.
 */
const defaultBulkFrom = 20_000;

export interface CalendarImportInput {
  /** The file, in chunks as they are read. */
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  fileName: string;
  /** First day of the window (owner's dates), default a year before today. */
  from?: string;
  /** Last day of the window, default today. */
  to?: string;
  /** The owner's own addresses, remembered in the settings; never turned into people. */
  me?: string[];
  /** Keep events with nobody but the owner on them. */
  keepSolo?: boolean;
  dryRun?: boolean;
  skipErrors?: boolean;
  /** Occurrences handled per round. */
  batchSize?: number;
  /** The file's size when known: a large file is read on a second thread while this one writes. */
  size?: number;
  /** Read on a second thread (or not) whatever the size. */
  thread?: boolean;
  /** New entries from which indexes are built at the end (see `defaultBulkFrom`). */
  bulkFrom?: number;
}

export interface CalendarCounts extends ImportCounts {
  /** Entries taken out because their occurrence disappeared from the calendar. */
  removed: number;
  /** Entries left as the owner made them although the calendar changed or dropped them. */
  kept: number;
  peopleCreated: number;
  peopleMatched: number;
}

/** One occurrence as a report names it (`name` is its title, as contact reports name a record). */
export interface ReportOccurrence {
  line: number;
  file?: string;
  name: string;
  key: string;
  start: string;
  /** All-day entries have no minutes and no time of day. */
  allDay: boolean;
  minutes: number;
  entry: number | null;
}

/**
 * The report of a calendar import: the same shape as a contacts import's (so scripts read both
 * alike), with what only entries have: the window, updated, removed and kept entries, new people.
 */
export interface CalendarImportReport extends ImportReport {
  format: 'ics';
  /** The days read (owner's dates, both included). */
  window: { from: string; to: string };
  timeZone: string;
  counts: CalendarCounts;
  created: ReportOccurrence[];
  updated: (ReportOccurrence & { fields: FieldGroup[] })[];
  removed: ReportOccurrence[];
  keptEntries: (ReportOccurrence & { fields: FieldGroup[]; why: string })[];
  newPeople: { name: string; email: string }[];
}

/** Whether an import report is a calendar's. */
export function isCalendarReport(r: ImportReport): r is CalendarImportReport {
  return r.format === 'ics' && 'window' in r;
}

/** The default window: the twelve months up to today in the owner's zone. */
export function defaultWindow(now: Date, timeZone: string): { from: string; to: string } {
  const to = localDateOf(now, timeZone);
  const { year, month, day } = parseDate(to);
  // A year back, the day after: 2026-03-15 reads 2025-03-16 to 2026-03-15 (29 February steps to 1 March).
  const back = `${String(year - 1).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, month === 2 ? 28 : day)).padStart(2, '0')}`;
  return { from: addDays(back, 1), to };
}

/** Hashes and measures the file, and reads which calendar it is, while it streams through. */
async function* measured(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  into: { hash: ReturnType<typeof createHash>; bytes: number; head: CalendarHeadReader },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    into.hash.update(chunk);
    into.bytes += chunk.length;
    into.head.take(chunk);
    yield chunk;
  }
}

function located(o: ReadOccurrence, entry: number | null): ReportOccurrence {
  return {
    line: o.line,
    name: o.title,
    key: o.key,
    start: o.start,
    allDay: o.allDay,
    minutes: o.minutes,
    entry,
  };
}

function problems(list: ParseIssue[], fileName: string, total: number): string {
  const shown = list.slice(0, 10).map((e) => `  ${describeIssue(e, fileName)}`);
  if (total > shown.length) shown.push(`  … and ${total - shown.length} more`);
  return shown.join('\n');
}

function countBy(list: SkippedRecord[], into: Record<string, number>): void {
  for (const s of list) {
    const key = s.reason.replace(/ \S+\/\S+$/, '').replace(/ for UID .*$/, '');
    into[key] = (into[key] ?? 0) + 1;
  }
}

/**
 * The one ingest path for calendars: streams an ICS export, turns every occurrence in the window
 * into an unjudged entry with its people, and (unless a dry run) writes it all as one import run
 * in the caller's transaction, round by round. A newer export of the same calendar moves, changes
 * and removes what changed, except what the owner judged or changed by hand.
 */
export async function importCalendar(
  target: ImportTarget,
  input: CalendarImportInput,
): Promise<CalendarImportReport> {
  const { db, dialect, accountId } = target;
  const dryRun = input.dryRun ?? false;
  const settings = await getSettings(db, accountId);
  const timeZone = settings.timeZone;
  const fallback = defaultWindow(target.now(), timeZone);
  const window = { from: input.from ?? fallback.from, to: input.to ?? fallback.to };
  if (window.from > window.to) {
    throw new FathomError('invalid_input', `from: ${window.from} is after to: ${window.to}.`, {
      field: 'from',
    });
  }
  const me = (input.me ?? []).map((m) => m.trim()).filter((m) => m !== '');
  for (const m of me) {
    if (!isEmail(m))
      throw new FathomError('invalid_input', `me: "${m}" is not an email address.`, { field: 'me' });
  }
  const known = new Set(settings.myEmails.map(emailKey));
  const added = me.filter((m) => !known.has(emailKey(m)));
  if (added.length > 0 && !dryRun) {
    await updateSettings(db, accountId, { myEmails: [...settings.myEmails, ...added.map(emailKey)] });
  }
  const owner = new Set([...known, ...me.map(emailKey)]);
  const emails = await loadEmailIndex(db, accountId);
  const at = target.now().toISOString();
  const runId = dryRun
    ? null
    : await insertImportRun(db, accountId, {
        kind: 'calendar',
        format: 'ics',
        fileName: input.fileName,
        fileSha256: '',
        fileBytes: 0,
        at,
      });

  const counts: CalendarCounts = {
    records: 0,
    created: 0,
    matched: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    errors: 0,
    warnings: 0,
    suggestions: 0,
    removed: 0,
    kept: 0,
    peopleCreated: 0,
    peopleMatched: 0,
  };
  let truncated = false;
  // Whether a list of details takes one more; a caller making the detail for every occurrence
  // asks first, so that it is made only while there is room.
  const room = (list: unknown[]) => {
    if (list.length < detailLimit) return true;
    truncated = true;
    return false;
  };
  const push = <T>(list: T[], item: T) => {
    if (room(list)) list.push(item);
  };
  const report: CalendarImportReport = {
    status: dryRun ? 'preview' : 'committed',
    run: runId,
    fileName: input.fileName,
    format: 'ics',
    window,
    timeZone,
    counts,
    created: [],
    matched: [],
    changes: [],
    added: [],
    kept: [],
    suggestions: [],
    merged: [],
    updated: [],
    removed: [],
    keptEntries: [],
    newPeople: [],
    skipped: [],
    skippedReasons: {},
    errors: [],
    warnings: [],
    truncated: false,
  };
  const rollups = new RollupChanges();
  // People this run creates, by stand-in id (below zero) until they are written (a dry run never
  // writes them) in the order the file names them; `counted` once the report has them.
  const newPeople = new Map<number, { email: string; name: string; id: number | null; counted: boolean }>();
  const matchedPeople = new Set<number>();
  // Existing entries the file still holds (bounded by the ledger, not the file).
  const touched = new Set<number>();
  // An account with no calendar entries yet has none to look up: only this run's own could share
  // a key. Then, and in a dry run (which writes nothing to find), the run keeps the keys it reads.
  const firstCalendar = !(await holdsCalendarEntries(db, accountId));
  const runKeys = dryRun || firstCalendar ? new Set<string>() : undefined;
  let writing = true;
  // A large load into a ledger no larger than the load builds the entries' indexes at the end.
  const bulkFrom = input.bulkFrom ?? defaultBulkFrom;
  const before = dryRun || dialect !== 'sqlite' ? Infinity : await countAllEntries(db);
  const indexes: { aside: boolean; rebuild: (() => Promise<void>) | null } = { aside: false, rebuild: null };

  const skip = (record: SkippedRecord) => {
    counts.skipped += 1;
    countBy([record], report.skippedReasons);
    push(report.skipped, record);
  };

  const flush = async (batch: ReadOccurrence[]) => {
    if (batch.length === 0) return;
    const states: { o: ReadOccurrence; state: CalendarEntryState; solo: boolean }[] = [];
    // Keys seen: the run's, or else the batch's (entries found for the keys tell earlier batches).
    const seen = runKeys ?? new Set<string>();
    for (const o of batch) {
      if (seen.has(o.key)) {
        skip({ file: input.fileName, line: o.line, reason: `the same event twice in the file (${o.key})` });
        continue;
      }
      seen.add(o.key);
      const personIds = o.personIds;
      for (const id of personIds) if (id > 0) matchedPeople.add(id);
      states.push({
        o,
        solo: personIds.length === 0 && !input.keepSolo,
        state: {
          startedAt: o.start,
          timeZone: o.timeZone,
          localDate: o.localDate,
          minutes: o.minutes,
          allDay: o.allDay,
          title: o.title,
          personIds,
        },
      });
    }
    const existing = firstCalendar
      ? new Map<string, ExistingCalendarEntry>()
      : await findCalendarEntries(
          db,
          accountId,
          states.map((s) => s.o.key),
        );
    const creates: { o: ReadOccurrence; state: CalendarEntryState }[] = [];
    const updates: {
      o: ReadOccurrence;
      entry: ExistingCalendarEntry;
      after: CalendarEntryState;
      decision: Extract<ReturnType<typeof decideOccurrence>, { kind: 'update' }>;
    }[] = [];
    for (const { o, state, solo } of states) {
      const entry = existing.get(o.key);
      if (entry && (touched.has(entry.id) || (runId !== null && entry.importRunId === runId))) {
        skip({ file: input.fileName, line: o.line, reason: `the same event twice in the file (${o.key})` });
        continue;
      }
      // Solo events are not made into entries; one an earlier import kept (--keep-solo) stays and follows the calendar.
      if (solo && !entry) {
        skip({ file: input.fileName, line: o.line, reason: 'no one but you on it (keep with --keep-solo)' });
        continue;
      }
      if (entry) touched.add(entry.id);
      const decision = decideOccurrence(state, entry);
      switch (decision.kind) {
        case 'create':
          creates.push({ o, state });
          break;
        case 'unchanged':
          counts.unchanged += 1;
          if (decision.kept.length > 0 && entry) {
            counts.kept += 1;
            push(report.keptEntries, {
              ...located(o, entry.id),
              name: entry.state.title,
              start: entry.state.startedAt,
              fields: decision.kept,
              why: 'you changed it by hand',
            });
          }
          break;
        case 'update':
          if (entry) updates.push({ o, entry, after: decision.after, decision });
          break;
        case 'deleted-by-owner':
          skip({
            file: input.fileName,
            line: o.line,
            reason: `you deleted this entry (#${entry?.id ?? '?'})`,
          });
          break;
      }
    }

    // People first: entries point at them. Stand-in ids become real ones here.
    const wanted = new Set<number>();
    for (const c of creates) for (const id of c.state.personIds) if (id < 0) wanted.add(id);
    for (const u of updates) for (const id of u.after.personIds) if (id < 0) wanted.add(id);
    const fresh = [...newPeople.entries()].filter(([ref, p]) => !p.counted && wanted.has(ref));
    const realIds = dryRun || !writing ? [] : await reserveRowIds(db, dialect, 'people', fresh.length);
    const toWrite: NewAttendeePerson[] = [];
    const idOf = new Map<number, number>();
    fresh.forEach(([ref, p], i) => {
      const id = realIds[i] ?? ref;
      p.counted = true;
      if (!dryRun && writing) p.id = id;
      idOf.set(ref, id);
      toWrite.push({ id, name: p.name, email: p.email });
      counts.peopleCreated += 1;
      push(report.newPeople, { name: p.name, email: p.email });
    });
    // A person created in this run whom a later occurrence names by their stand-in.
    for (const [ref, p] of newPeople) if (p.id !== null) idOf.set(ref, p.id);
    const real = (ids: number[]) =>
      hasStandIn(ids) ? ids.map((id) => idOf.get(id) ?? id).sort((a, b) => a - b) : ids;
    for (const c of creates) c.state.personIds = real(c.state.personIds);
    for (const u of updates) {
      u.after.personIds = real(u.after.personIds);
      u.decision.snapshot.personIds = real(u.decision.snapshot.personIds);
    }

    const entryIds = dryRun || !writing ? [] : await reserveRowIds(db, dialect, 'entries', creates.length);
    const inserts: CalendarEntryInsert[] = creates.map((c, i) => {
      counts.created += 1;
      if (room(report.created)) report.created.push(located(c.o, entryIds[i] ?? null));
      return {
        id: entryIds[i] ?? 0,
        key: c.o.key,
        state: c.state,
      };
    });
    const rewrites: CalendarEntryUpdate[] = [];
    const changes: EntryChange[] = [];
    for (const u of updates) {
      counts.updated += 1;
      // Entries are named as they are in the ledger: the owner's own title or time is what they know.
      push(report.updated, {
        ...located(u.o, u.entry.id),
        name: u.after.title,
        start: u.after.startedAt,
        fields: u.decision.changed,
      });
      if (u.decision.kept.length > 0) {
        counts.kept += 1;
        push(report.keptEntries, {
          ...located(u.o, u.entry.id),
          name: u.after.title,
          start: u.after.startedAt,
          fields: u.decision.kept,
          why: 'you changed it by hand',
        });
      }
      const peopleChanged = u.decision.changed.includes('people') || u.decision.restored;
      rewrites.push({
        id: u.entry.id,
        state: u.after,
        deleted: false,
        snapshot: u.decision.snapshot,
        peopleChanged,
      });
      changes.push({
        entryId: u.entry.id,
        before: recorded(u.entry),
        after: { ...u.after, deleted: false, imported: u.decision.snapshot },
      });
      if (!u.entry.deleted) rollups.add(contributionOf(u.entry.state, u.entry), -1);
      rollups.add(contributionOf(u.after, u.entry), 1);
    }
    if (dryRun || !writing || runId === null) return;
    if (!indexes.aside && counts.created >= bulkFrom && before <= counts.created) {
      indexes.aside = true;
      indexes.rebuild = await setAsideEntryIndexes(db, dialect, firstCalendar);
    }
    await insertAttendeePeople(db, dialect, accountId, runId, toWrite, at);
    await insertCalendarEntries(db, dialect, accountId, runId, inserts, at);
    // New entries are unjudged: one share object serves them all (the rollups keep none of it).
    const share: Contribution = {
      localDate: '',
      mode: null,
      verdict: null,
      minutes: 0,
      goalId: null,
      channel: null,
      personIds: [],
    };
    for (const e of inserts) {
      share.localDate = e.state.localDate;
      share.minutes = e.state.minutes;
      share.personIds = e.state.personIds;
      rollups.add(share, 1);
    }
    await updateCalendarEntries(db, dialect, accountId, rewrites, at);
    await recordEntryChanges(db, dialect, accountId, runId, changes);
  };

  const file = { hash: createHash('sha256'), bytes: 0, head: new CalendarHeadReader() };
  const batchSize = input.batchSize ?? defaultBatch;
  try {
    target.progress?.('reading', 0, 1);
    let batch: ReadOccurrence[] = [];
    let occurrences = 0;
    let parseSkips = 0;
    const reading = {
      read: { ownerTimeZone: timeZone, from: window.from, to: window.to, file: input.fileName },
      owner,
      emails,
      batchSize,
    };
    const onThread = input.thread ?? (input.size !== undefined && input.size >= threadFrom);
    const read = onThread ? readCalendarOnThread : readCalendarHere;
    for await (const { items, newcomers } of read(measured(input.chunks, file), reading)) {
      for (const n of newcomers)
        newPeople.set(n.ref, { email: n.email, name: n.name, id: null, counted: false });
      for (const item of items) {
        if (item.error) {
          counts.errors += 1;
          if (report.errors.length < errorLimit) report.errors.push(item.error);
          else truncated = true;
          // A file with errors is taken whole or not at all: stop writing, keep reading to list them.
          if (!input.skipErrors && !dryRun) writing = false;
        }
        if (item.skipped) {
          parseSkips += 1;
          skip(item.skipped);
        }
        if (item.warning) {
          counts.warnings += 1;
          push(report.warnings, item.warning);
        }
        if (item.occurrence) {
          occurrences += 1;
          batch.push(item.occurrence);
          if (batch.length >= batchSize) {
            const full = batch;
            batch = [];
            if (writing || dryRun) await flush(full);
            target.progress?.('importing', occurrences, occurrences);
          }
        }
      }
    }
    if (writing || dryRun) await flush(batch);
    batch = [];
    counts.records = occurrences + parseSkips;
    if (counts.errors > 0 && occurrences === 0) {
      throw new FathomError(
        'invalid_input',
        `file: ${input.fileName} cannot be imported:\n${problems(report.errors, input.fileName, counts.errors)}`,
        { field: 'file', details: report.errors },
      );
    }
    if (!writing) {
      throw new FathomError(
        'invalid_input',
        `file: ${input.fileName} has ${counts.errors} ${counts.errors === 1 ? 'problem' : 'problems'}; nothing was imported.\n${problems(report.errors, input.fileName, counts.errors)}\nFix the file, or import the events that could be read with --skip-errors (see them first with --dry-run).`,
        { field: 'file', details: report.errors },
      );
    }
  } catch (e) {
    // The caller's transaction is rolled back with the error, and the indexes with it; should the
    // caller go on regardless, they are built again here.
    await indexes.rebuild?.().catch(() => undefined);
    throw e;
  }
  if (indexes.rebuild) {
    target.progress?.('indexing', 0, 1);
    await indexes.rebuild();
  }

  // What the calendar no longer holds: taken out, unless the owner made it theirs.
  target.progress?.('removing', 0, 1);
  const calendar = file.head.identity(input.fileName);
  const { candidates: gone, family } = await removalCandidates(
    db,
    accountId,
    window,
    runId,
    (run) => {
      const stored = storedIdentity(run.counts, run.fileName);
      return { match: calendarMatch(stored, calendar), family: stored.family };
    },
    touched,
  );
  const removals: CalendarEntryUpdate[] = [];
  const removalChanges: EntryChange[] = [];
  for (const entry of gone) {
    const shown = {
      line: 0,
      name: entry.state.title,
      key: entry.key,
      start: entry.state.startedAt,
      allDay: entry.state.allDay,
      minutes: entry.state.minutes,
      entry: entry.id,
    };
    if (ownedByOwner(entry)) {
      counts.kept += 1;
      const judged = entry.mode !== null || entry.verdict !== null || entry.goalId !== null;
      push(report.keptEntries, {
        ...shown,
        fields: editedGroups(entry),
        why: `no longer in the calendar; kept because you ${judged ? 'judged' : 'changed'} it`,
      });
      continue;
    }
    counts.removed += 1;
    push(report.removed, shown);
    if (runId === null) continue;
    const snapshot = { ...(entry.imported ?? snapshotOf(entry.state)), removedByRun: runId };
    removals.push({ id: entry.id, state: entry.state, deleted: true, snapshot, peopleChanged: false });
    removalChanges.push({
      entryId: entry.id,
      before: recorded(entry),
      after: { ...entry.state, deleted: true, imported: snapshot },
    });
    rollups.add(contributionOf(entry.state, entry), -1);
  }
  counts.peopleMatched = matchedPeople.size;
  report.truncated = truncated;
  if (dryRun || runId === null) return report;
  await updateCalendarEntries(db, dialect, accountId, removals, at);
  await recordEntryChanges(db, dialect, accountId, runId, removalChanges);
  target.progress?.('rollups', 0, 1);
  await rollups.apply(db, accountId);
  await finishCalendarRun(
    db,
    accountId,
    runId,
    { sha256: file.hash.digest('hex'), bytes: file.bytes },
    // The run remembers which calendar it read, so a newer export under another file name finds
    // it, and the line of runs it continues.
    { ...counts, calendar: { id: calendar.id, name: calendar.name, family } },
  );
  target.progress?.('rollups', 1, 1);
  return report;
}

/** Whether any of the ids stands in for a person not yet written (below zero). */
function hasStandIn(ids: number[]): boolean {
  for (const id of ids) if (id < 0) return true;
  return false;
}

function recorded(entry: ExistingCalendarEntry): RecordedState {
  return { ...entry.state, deleted: entry.deleted, imported: entry.imported };
}
